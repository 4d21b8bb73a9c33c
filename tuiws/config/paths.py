"""Where tuiws keeps its files: platformdirs locations, each overridable from the environment.

| Function        | Default (Linux)                       | Override           |
|-----------------|---------------------------------------|--------------------|
| `config_dir()`  | `~/.config/tuiws`                     | `TUIWS_CONFIG_DIR` |
| `data_dir()`    | `~/.local/share/tuiws`                | `TUIWS_DATA_DIR`   |
| `cache_dir()`   | `~/.cache/tuiws`                      | `TUIWS_CACHE_DIR`  |
| `log_dir()`     | `~/.local/state/tuiws/log`            | `TUIWS_LOG_DIR`    |

`log_dir()` follows `TUIWS_DATA_DIR` (as `<data>/log`) when only that is set, so setting the
three documented variables keeps every write of a test or sandbox inside its own directories.
`tuiws locate` names the files themselves where there is one (`config.toml`, the log file) and
the folder the worklog cache really uses. `config.toml` is the user's; `state.json` is written
by the app and kept apart from it.
Nothing here creates a directory: callers create what they write into.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import platformdirs

APP_NAME = "tuiws"

CONFIG_DIR_ENV = "TUIWS_CONFIG_DIR"
DATA_DIR_ENV = "TUIWS_DATA_DIR"
CACHE_DIR_ENV = "TUIWS_CACHE_DIR"
LOG_DIR_ENV = "TUIWS_LOG_DIR"


def _from_env(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    return Path(value).expanduser().absolute()


def config_dir() -> Path:
    """The directory holding `config.toml` (`TUIWS_CONFIG_DIR` overrides)."""
    return _from_env(CONFIG_DIR_ENV) or platformdirs.user_config_path(APP_NAME, appauthor=False)


def config_file() -> Path:
    """The user's configuration file, `config.toml` in `config_dir()`."""
    return config_dir() / "config.toml"


def data_dir() -> Path:
    """App-written data: state, drafts, the local cache database (`TUIWS_DATA_DIR` overrides)."""
    return _from_env(DATA_DIR_ENV) or platformdirs.user_data_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """Disposable cached data (`TUIWS_CACHE_DIR` overrides)."""
    return _from_env(CACHE_DIR_ENV) or platformdirs.user_cache_path(APP_NAME, appauthor=False)


def log_dir() -> Path:
    """Log files (`TUIWS_LOG_DIR` overrides; else `<data>/log` when `TUIWS_DATA_DIR` is set)."""
    explicit = _from_env(LOG_DIR_ENV)
    if explicit is not None:
        return explicit
    data = _from_env(DATA_DIR_ENV)
    if data is not None:
        return data / "log"
    return platformdirs.user_log_path(APP_NAME, appauthor=False)


def state_file() -> Path:
    """The app-written state JSON (theme, pinned and recent issues), separate from the config."""
    return data_dir() / "state.json"


def drafts_dir() -> Path:
    """Unsaved worklog drafts, under the data directory."""
    return data_dir() / "drafts"


def worklog_cache_dir() -> Path:
    """The folder of the local worklog cache, one SQLite file a profile, under the data
    directory (it holds unsynced state worth keeping, so not under `cache_dir()`)."""
    return data_dir() / "cache"


LOG_FILE_NAME = "tuiws.log"


def log_file() -> Path:
    """The rotating log file (`tuiws.logfile` writes it), in `log_dir()`."""
    return log_dir() / LOG_FILE_NAME


_LOCATIONS: dict[str, Callable[[], Path]] = {
    "config": config_file,
    "data": data_dir,
    "cache": worklog_cache_dir,
    "log": log_file,
}

LOCATION_NAMES: tuple[str, ...] = tuple(_LOCATIONS)
"""The names `locate()` (and `tuiws locate`) accepts."""


def locate(what: str) -> Path:
    """What `tuiws locate WHAT` prints: `config` the file `config.toml`, `data` the data
    directory, `cache` the worklog cache's folder, `log` the log file."""
    try:
        return _LOCATIONS[what]()
    except KeyError:
        valid = ", ".join(LOCATION_NAMES)
        raise ValueError(f"unknown location {what!r}: expected one of {valid}") from None
