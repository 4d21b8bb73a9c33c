"""Where a profile's cache file lives and which schema it holds: shared by the cache and the
quick reader of its first paint, neither of which the other should have to import."""

from __future__ import annotations

import re
from pathlib import Path

SCHEMA_VERSION = 1
"""`PRAGMA user_version` of a cache file this tuiws reads and writes."""

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def cache_path(directory: Path, profile: str) -> Path:
    """Where `profile`'s cache lives in `directory` (the name made safe for a file name)."""
    name = _UNSAFE.sub("_", profile.strip()).strip("._") or "default"
    return Path(directory) / f"{name[:80]}.sqlite3"
