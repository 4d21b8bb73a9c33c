"""A quick read of `config.toml`: what the app needs for its first frame, without pydantic.

`tuiws` opens the app at once and validates the configuration right after its first frame
(`tuiws.config.loading`, whose models take about 0.1 s to load). What the first frame needs is read
here: which profile and Jira (so the grid can paint from that profile's local cache of that
site), its first day of the week and bucket zone, and the `[ui]` settings. The rules are
`resolve_profile()`'s, and a test holds the two together. Whenever this reader is unsure it
says None, and the caller takes the validating path, which explains what is wrong before any
screen opens.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tuiws.config.env_names import ENV_PROFILE, ENV_TZ, ENV_URL
from tuiws.config.ui_settings import UiSettings
from tuiws.config.urls import normalise_url

_TOP_KEYS = frozenset({"default_profile", "profiles", "teams", "ui"})
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class ConfigPeek:
    profile: str
    """The profile `resolve_profile()` picks."""
    url: str
    """Its Jira (normalised; `TUIWS_URL` overrides), which the cache must be of to be shown."""
    first_weekday: int
    """Its `week_start`, as `date.weekday()` counts."""
    zone: str | None
    """Its bucket zone override (`zone`, or `TUIWS_TZ`); None: the Jira profile's zone."""
    ui: UiSettings


def peek_config(
    path: Path, env: Mapping[str, str], profile: str | None = None
) -> ConfigPeek | None:
    """What `path` and `env` say for the app's first frame, `profile` being `--profile`."""
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        data = {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    if not set(data) <= _TOP_KEYS:
        return None
    profiles = data.get("profiles", {})
    default = data.get("default_profile")
    ui = UiSettings.quick(data.get("ui", {}))
    if (
        not isinstance(profiles, dict)
        or not all(isinstance(table, dict) for table in profiles.values())
        or not (default is None or isinstance(default, str))
        or ui is None
    ):
        return None
    name = _pick(
        profiles,
        default,
        from_args=profile,
        from_env=_env(env, ENV_PROFILE),
        has_url=_env(env, ENV_URL) is not None,
    )
    if name is None:
        return None
    table = profiles.get(name, {})
    url = _url(_env(env, ENV_URL) or table.get("url"))
    first_weekday = _weekday(table.get("week_start", "monday"))
    zone = _env(env, ENV_TZ) or table.get("zone")
    if url is None or first_weekday is None or not (zone is None or isinstance(zone, str)):
        return None
    if zone is not None:
        zone = zone.strip()
        if not _is_zone(zone):
            return None
    return ConfigPeek(profile=name, url=url, first_weekday=first_weekday, zone=zone, ui=ui)


def _env(env: Mapping[str, str], name: str) -> str | None:
    return env.get(name, "").strip() or None  # empty variables count as unset


def _pick(
    profiles: dict[str, object],
    default: str | None,
    *,
    from_args: str | None,
    from_env: str | None,
    has_url: bool,
) -> str | None:
    """`_pick_profile()`'s choice, or None where it would raise."""
    chosen = from_args or from_env
    if chosen is not None:
        return chosen if chosen in profiles or (not profiles and has_url) else None
    if default is None:
        default = "default"
        if default not in profiles and len(profiles) == 1:
            return next(iter(profiles))
    if default in profiles or (not profiles and has_url):
        return default
    return None


def _url(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return normalise_url(value)
    except ValueError:
        return None


def _weekday(value: object) -> int | None:
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    for index, day in enumerate(_WEEKDAYS):
        if text in (day, day[:3]):
            return index
    return None


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True
