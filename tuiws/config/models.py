"""The models of `config.toml`, validated by pydantic; their attribute docstrings document
each key.

Every table forbids unknown keys and is frozen. Paths are expanded (`~`) here and anchored
to the file's directory by `tuiws.config.loading`.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, PlainValidator, field_validator

from tuiws.config.profile import WEEKDAYS, AuthMode
from tuiws.config.secrets import Secret
from tuiws.config.urls import normalise_url

__all__ = [
    "WEEKDAYS",
    "SecretText",
    "AuthMode",
    "Config",
    "Profile",
    "Team",
    "UiConfig",
    "check_week_start",
    "check_zone",
]


def _secret(value: object) -> Secret:
    if isinstance(value, Secret):
        return value
    if isinstance(value, str):
        return Secret(value)
    raise ValueError("a secret must be a string")


SecretText = Annotated[
    Secret,
    PlainValidator(_secret),
    PlainSerializer(lambda _secret: "****", when_used="always"),
]
"""A `Secret` in a model: validated from a string, dumped as `****`."""


def check_zone(value: str) -> str:
    """`value` as an IANA zone name (stripped); `ValueError` in plain words when unknown.
    `TUIWS_TZ` is checked by it too."""
    name = value.strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r} (use an IANA name like Europe/Berlin)"
        ) from None
    return name


def check_week_start(value: str) -> str:
    """`value` as a day of `WEEKDAYS` (its full name or first three letters, any case)."""
    text = value.strip().lower()
    for day in WEEKDAYS:
        if text in (day, day[:3]):
            return day
    raise ValueError(f"must be a day of the week: {', '.join(WEEKDAYS)}")


_ENV_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def check_env_name(value: str) -> str:
    """A `token_env` value: the name of a variable, never a token pasted in its place."""
    value = value.strip()
    if not _ENV_NAME_RE.fullmatch(value):
        raise ValueError(
            "must be the name of an environment variable (letters, digits, underscores), "
            "not the token itself"
        )
    return value


def check_command(value: str) -> str:
    """A `token_command` value: something that splits into arguments like a shell would."""
    try:
        argv = shlex.split(value)
    except ValueError:
        raise ValueError("cannot be split into arguments (an unclosed quote?)") from None
    if not argv:
        raise ValueError("is empty")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)


class VendorApi(_Strict):
    """A worklog service beside Jira (`[profiles.NAME.tempo]`, `[profiles.NAME.everit]`)."""

    url: str | None = None
    """Its API's base URL. Default: Tempo Cloud `https://api.tempo.io/4` (or
    `api.eu.tempo.io/4`, `api.us.tempo.io/4`; `.../core/3` for the old API), Everit Cloud
    `https://jttp-cloud.everit.biz/timetracker/api/latest/public`."""

    token: SecretText | None = None
    """The token itself. Only while config.toml is readable by you alone (`chmod 600`);
    prefer one of the sources below."""

    token_env: str | None = None
    """Name of an environment variable holding the token (the name, not the token)."""

    token_file: Path | None = None
    """A file holding the token on its first line, readable by you alone (`chmod 600`)."""

    token_command: str | None = None
    """A command printing the token, run without a shell, killed after 20 seconds."""

    @field_validator("token_env")
    @classmethod
    def _token_env(cls, value: str | None) -> str | None:
        return None if value is None else check_env_name(value)

    @field_validator("token_command")
    @classmethod
    def _token_command(cls, value: str | None) -> str | None:
        return None if value is None else check_command(value)

    @field_validator("token_file")
    @classmethod
    def _expand(cls, value: Path | None) -> Path | None:
        return None if value is None else value.expanduser()

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return None if value is None else normalise_url(value)


class Profile(_Strict):
    """One Jira site and how to sign in to it: a `[profiles.NAME]` table."""

    url: str
    """Base URL of the Jira site, e.g. `https://example.atlassian.net` or
    `https://jira.example.com/jira`. Must be https:// (http:// only for this machine)."""

    flavor: Literal["auto", "cloud", "server"] = "auto"
    """`cloud` (REST v3), `server` (Server/Data Center, REST v2), or `auto` to ask the site."""

    email: str | None = None
    """Jira Cloud: your account email (sent with the API token). Server/DC: your username,
    used only when `auth = "basic"`."""

    token_env: str | None = None
    """Name of an environment variable holding the token (the name, not the token)."""

    token_file: Path | None = None
    """A file holding the token on its first line. Must be readable by you alone
    (`chmod 600`). Relative paths are relative to the config file's directory."""

    token_command: str | None = None
    """A command printing the token, e.g. `pass show jira` or `op read op://vault/jira/token`.
    Run without a shell (arguments split like a shell would), killed after 20 seconds."""

    auth: AuthMode = "auto"
    """`auto`: Cloud signs in with Basic email + API token, Server/DC with a Bearer personal
    access token (even when `email` is set). `bearer` forces a Bearer token. `basic` forces
    Basic username + password, for old servers without personal access tokens."""

    zone: str | None = None
    """IANA time zone for bucketing worklogs into days (e.g. `Europe/Berlin`). Default: the
    zone of your Jira profile."""

    hours_per_day: float | None = Field(default=None, gt=0, le=24)
    """Hours in a working day (what `1d` means). Default: the site's time-tracking setting."""

    days_per_week: float | None = Field(default=None, gt=0, le=7)
    """Working days in a week (what `1w` means). Default: the site's time-tracking setting."""

    week_start: str = "monday"
    """First day of the week shown in the timesheet: `monday` ... `sunday`."""

    ca_bundle: Path | None = None
    """A PEM file of extra CA certificates, for a corporate CA. TLS verification itself is
    always on. Relative paths are relative to the config file's directory."""

    worklogs: Literal["jira", "tempo", "everit", "extender"] = "jira"
    """Where this profile's worklogs live: `jira` (Jira's own worklogs), `tempo` (Tempo Cloud),
    `everit` (Everit Timetracker) or `extender` (the Worklog extender plugin of Jira
    Server/DC). Jira stays the issue directory for all of them."""

    tempo: VendorApi | None = None
    """`[profiles.NAME.tempo]`: Tempo's URL and token, for `worklogs = "tempo"`."""

    everit: VendorApi | None = None
    """`[profiles.NAME.everit]`: Everit's URL and token, for `worklogs = "everit"`."""

    retry_budget_seconds: float = Field(default=60.0, ge=0, le=3600)
    """How long one request may wait in total while Jira rate-limits it (429), is unavailable
    (503) or cannot be reached, before the error is shown. Waits are spread at random so that
    parallel runs share the limit."""

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return normalise_url(value)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not value:
            raise ValueError("is empty; leave it out instead")
        return value

    @field_validator("token_env")
    @classmethod
    def _token_env(cls, value: str | None) -> str | None:
        return None if value is None else check_env_name(value)

    @field_validator("token_command")
    @classmethod
    def _token_command(cls, value: str | None) -> str | None:
        return None if value is None else check_command(value)

    @field_validator("token_file", "ca_bundle")
    @classmethod
    def _expand(cls, value: Path | None) -> Path | None:
        return None if value is None else value.expanduser()

    @field_validator("zone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        return None if value is None else check_zone(value)

    @field_validator("week_start")
    @classmethod
    def _week_start(cls, value: str) -> str:
        return check_week_start(value)


class Team(_Strict):
    """A group of people whose timesheets you look at together: a `[teams.NAME]` table."""

    members: list[str] = Field(default_factory=list)
    """Members by Cloud account id, Server username, or email."""

    group: str | None = None
    """A Jira group whose members belong to the team as well."""


class UiConfig(_Strict):
    """The `[ui]` table: how things look and which keys do what."""

    theme: str = "tuiws-dark"
    """Theme name (a file in `themes/`). The theme picked in the app is remembered separately."""

    duration_format: Literal["hm", "decimal"] = "hm"
    """Show durations as `1h 30m` (`hm`) or `1.50` hours (`decimal`)."""

    daily_ceiling_hours: float = Field(default=10.0, gt=0, le=24)
    """Hours in one day above which a day is flagged as suspicious."""

    late_after_hours: float = Field(default=48.0, gt=0, le=24 * 31)
    """A worklog created more than this many hours after its start is flagged late (team view)."""

    round_minutes: int = Field(default=0, ge=0, le=240)
    """Round timed durations to this many minutes (0: off, whole minutes)."""

    round_mode: Literal["up", "nearest", "down"] = "nearest"
    """How `round_minutes` rounds: `up`, `nearest` or `down` (never below one step)."""

    keymap: dict[str, str] = Field(default_factory=dict)
    """Key rebindings: binding id to keys, e.g. `"editor.save" = "ctrl+s,f2"` (ids under `?`)."""


class Config(_Strict):
    """The whole `config.toml`."""

    default_profile: str = "default"
    """Profile used when neither `--profile` nor `TUIWS_PROFILE` names one. When not set and
    there is exactly one profile, that one is used."""

    profiles: dict[str, Profile] = Field(default_factory=dict)
    """Jira sites by name: `[profiles.work]`, `[profiles.client]`..."""

    teams: dict[str, Team] = Field(default_factory=dict)
    """Teams by name: `[teams.platform]`..."""

    ui: UiConfig = Field(default_factory=UiConfig)
    """Appearance and keys."""
