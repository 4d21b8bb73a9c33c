"""What the app needs from its state file before its first frame: the saved theme, and the
pinned issues of the cache's first paint.

Read without pydantic (see `tuiws.app.theme_files` for why); the whole file is loaded and validated
by `tuiws.config.app_state` when first needed. Anything unreadable means: no saved theme.
"""

from __future__ import annotations

import json
from pathlib import Path

from tuiws.config import paths


def saved_theme(path: Path | None = None) -> str | None:
    """`AppState.theme` as `load_state` would give it for a readable file, else None."""
    theme = _read(path).get("theme")
    return theme if isinstance(theme, str) else None


def saved_pins(profile: str, path: Path | None = None) -> list[str]:
    """`AppState.pinned[profile]` as `load_state` would give it (a field with any invalid
    entry is dropped whole there, so here too)."""
    pinned = _read(path).get("pinned")
    if not isinstance(pinned, dict) or not all(
        isinstance(keys, list) and all(isinstance(k, str) for k in keys) for keys in pinned.values()
    ):
        return []
    return list(pinned.get(profile, []))


def _read(path: Path | None) -> dict[str, object]:
    path = paths.state_file() if path is None else path
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
