"""Where a profile's cache file lives and which schema it holds: shared by the cache and the
quick reader of its first paint, neither of which the other should have to import."""

from __future__ import annotations

import re
from pathlib import Path

SCHEMA_VERSION = 3
"""`PRAGMA user_version` of a cache file this tuiws reads and writes.

1: identity `site|account`; 2: identity `backend|site|account` (a version 1 file is Jira's);
3: worklogs keep the backend's own fields (billable seconds, attributes, tags, ids).
"""

DEFAULT_BACKEND = "jira"
"""The backend of a profile that names none (`tuiws.backends.registry.DEFAULT_BACKEND`)."""

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def cache_path(directory: Path, profile: str) -> Path:
    """Where `profile`'s cache lives in `directory` (the name made safe for a file name)."""
    name = _UNSAFE.sub("_", profile.strip()).strip("._") or "default"
    return Path(directory) / f"{name[:80]}.sqlite3"


def cache_identity(backend: str, site: str, account: str) -> str:
    """Whose data a cache holds: one backend, on one site, for one account."""
    return f"{backend}|{site.rstrip('/')}|{account}"
