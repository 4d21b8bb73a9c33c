"""State the app writes for itself (chosen theme, pinned and recent issues), apart from the config.

Loading never fails: a missing, unreadable or corrupt file gives defaults (keeping whichever
fields are still valid). Saving writes a temporary file beside the target and `os.replace`s it
in, so a crash mid-write leaves the previous state whole.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from tuiws.config import paths

__all__ = ["RECENT_LIMIT", "AppState", "load_state", "save_state"]

log = logging.getLogger(__name__)

RECENT_LIMIT = 20
"""How many recent issues are kept per profile."""


@dataclass(frozen=True)
class AppState:
    """What the app remembers between runs. Unknown keys (from a newer tuiws) are ignored.

    A plain dataclass read by `load_state`: the app reads it before its first frame (the saved
    theme, the pins the cache's week shows), before any validating library has loaded.
    """

    theme: str | None = None
    """The theme last picked in the app; None: the config's `[ui] theme`."""

    pinned: dict[str, list[str]] = field(default_factory=dict)
    """Pinned issue keys, per profile name."""

    recent: dict[str, list[str]] = field(default_factory=dict)
    """Recently used issue keys, most recent first, per profile name."""

    def with_theme(self, theme: str | None) -> AppState:
        return replace(self, theme=theme)

    def with_recent(self, profile: str, issue_key: str, limit: int = RECENT_LIMIT) -> AppState:
        """A copy with `issue_key` first in `profile`'s recent list (no duplicates, capped)."""
        keys = [issue_key, *(k for k in self.recent.get(profile, []) if k != issue_key)]
        return replace(self, recent={**self.recent, profile: keys[:limit]})

    def with_pin_toggled(self, profile: str, issue_key: str) -> AppState:
        """A copy with `issue_key` pinned in `profile` if it was not, unpinned if it was."""
        keys = list(self.pinned.get(profile, []))
        if issue_key in keys:
            keys.remove(issue_key)
        else:
            keys.append(issue_key)
        return replace(self, pinned={**self.pinned, profile: keys})


def load_state(path: Path | None = None) -> AppState:
    """The state in `path` (default: `paths.state_file()`), or defaults when it cannot be used:
    a field that is not what `AppState` holds is dropped whole, the valid ones are kept."""
    path = paths.state_file() if path is None else path
    try:
        data: object = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return AppState()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        log.warning("ignoring unreadable state file %s: %s", path, exc)
        return AppState()
    if not isinstance(data, dict):
        log.warning("ignoring state file %s: not a JSON object", path)
        return AppState()
    theme = data.get("theme")
    pinned = _keys_by_profile(data.get("pinned", {}))
    recent = _keys_by_profile(data.get("recent", {}))
    if not (theme is None or isinstance(theme, str)) or pinned is None or recent is None:
        log.warning("state file %s has invalid fields; keeping the valid ones", path)
    return AppState(
        theme=theme if isinstance(theme, str) else None,
        pinned=pinned or {},
        recent=recent or {},
    )


def _keys_by_profile(value: object) -> dict[str, list[str]] | None:
    """`value` as issue keys per profile name, or None when it is anything else."""
    if not isinstance(value, dict):
        return None
    if not all(
        isinstance(keys, list) and all(isinstance(key, str) for key in keys)
        for keys in value.values()
    ):
        return None
    return {str(name): list(keys) for name, keys in value.items()}


def save_state(state: AppState, path: Path | None = None) -> None:
    """Write `state` to `path` (default: `paths.state_file()`) atomically. Raises `OSError`."""
    path = paths.state_file() if path is None else path
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(asdict(state), indent=2) + "\n"
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
