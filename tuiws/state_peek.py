"""The one thing the app needs from its state file before its first frame: the saved theme.

Read without pydantic (see `tuiws.theme_files` for why); the whole file is loaded and validated
by `tuiws.state_file` when first needed. Anything unreadable means: no saved theme.
"""

from __future__ import annotations

import json
from pathlib import Path

from tuiws import paths


def saved_theme(path: Path | None = None) -> str | None:
    """`AppState.theme` as `load_state` would give it for a readable file, else None."""
    path = paths.state_file() if path is None else path
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    theme = data.get("theme") if isinstance(data, dict) else None
    return theme if isinstance(theme, str) else None
