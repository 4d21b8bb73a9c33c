"""The user's `config.toml`, the environment overrides, and where a profile's token comes from.

`load_config()` reads and validates the file (errors name the file, line and key, in plain
words); `resolve_profile()` picks a profile, applies the `TUIWS_*` environment variables and
returns a `ResolvedProfile` whose `token` is a `Secret` that never prints its value.

Token sources, first configured wins: `TUIWS_TOKEN`, the profile's `token_env` variable,
`token_file` (refused unless only its owner can read it), `token_command` (run without a shell).
Which source applies is settled by `resolve_profile()`; a file or command is only read on the
first `token.reveal()`, and its failure raises `CredentialError` from there.
"""

from __future__ import annotations

import difflib
import hmac
import json
import os
import re
import shlex
import subprocess
import threading
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Literal, get_args, get_origin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    ValidationError,
    field_validator,
)
from pydantic_core import core_schema

from tuiws import paths
from tuiws.domain.models import Flavor, TimeTracking
from tuiws.urls import normalise_url

__all__ = [
    "ENV_EMAIL",
    "ENV_FLAVOR",
    "ENV_PROFILE",
    "ENV_TOKEN",
    "ENV_TZ",
    "ENV_URL",
    "TOKEN_COMMAND_TIMEOUT",
    "WEEKDAYS",
    "AuthMode",
    "Config",
    "ConfigError",
    "CredentialError",
    "Profile",
    "ResolvedProfile",
    "Secret",
    "Team",
    "TrackingOverride",
    "UiConfig",
    "example_config",
    "load_config",
    "normalise_url",
    "resolve_profile",
]

ENV_PROFILE = "TUIWS_PROFILE"
ENV_URL = "TUIWS_URL"
ENV_FLAVOR = "TUIWS_FLAVOR"
ENV_EMAIL = "TUIWS_EMAIL"
ENV_TOKEN = "TUIWS_TOKEN"
ENV_TZ = "TUIWS_TZ"

TOKEN_COMMAND_TIMEOUT = 20.0
"""Seconds a `token_command` may take before it is killed."""

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

AuthMode = Literal["auto", "basic", "bearer"]


class ConfigError(Exception):
    """The configuration cannot be used as it stands; the message says where and how to fix it."""


class CredentialError(ConfigError):
    """A token could not be obtained. Messages name the source, never the token."""


class Secret:
    """A token that never shows itself: `repr()`, `str()` and f-strings all give `Secret('****')`.

    `reveal()` returns the value. A lazy secret runs its loader on the first `reveal()` (once,
    thread-safe; a failure is not cached, so a later call retries). Two secrets are equal when
    their values are. In a pydantic model a `Secret` validates from a string and dumps as `****`.
    """

    __slots__ = ("_loader", "_lock", "_value", "source")

    def __init__(self, value: str, *, source: str = "") -> None:
        self._value: str | None = value
        self._loader: Callable[[], str] | None = None
        self._lock = threading.Lock()
        self.source = source
        """Where the value comes from, for messages ("TUIWS_TOKEN", "token_file ~/x")."""

    @classmethod
    def lazy(cls, loader: Callable[[], str], *, source: str) -> Secret:
        """A secret whose value `loader()` produces on first use."""
        secret = cls("", source=source)
        secret._value = None
        secret._loader = loader
        return secret

    @property
    def loaded(self) -> bool:
        """Whether the value is known yet (a lazy secret before its first `reveal()` is not)."""
        return self._value is not None

    def reveal(self) -> str:
        """The value. May raise `CredentialError` when a lazy source fails."""
        value = self._value
        if value is not None:
            return value
        with self._lock:
            if self._value is None:
                assert self._loader is not None
                self._value = self._loader()
            return self._value

    def __repr__(self) -> str:
        return "Secret('****')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self.reveal().encode(), other.reveal().encode())

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Secret:
        return self

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source_type: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls._coerce,
            serialization=core_schema.plain_serializer_function_ser_schema(
                _mask, when_used="always"
            ),
        )

    @classmethod
    def _coerce(cls, value: object) -> Secret:
        if isinstance(value, Secret):
            return value
        if isinstance(value, str):
            return cls(value)
        raise ValueError("a secret must be a string")


def _mask(_secret: object) -> str:
    return "****"


# ---------------------------------------------------------------------------------------------
# Validation helpers shared by the file and the environment


def _check_zone(value: str) -> str:
    name = value.strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r} (use an IANA name like Europe/Berlin)"
        ) from None
    return name


def _check_week_start(value: str) -> str:
    text = value.strip().lower()
    for day in WEEKDAYS:
        if text in (day, day[:3]):
            return day
    raise ValueError(f"must be a day of the week: {', '.join(WEEKDAYS)}")


_ENV_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _show_var(name: str) -> str:
    # A "name" this long is likely the token pasted in by mistake: do not repeat it.
    if len(name) > 40:
        return "the variable named there (an unusually long name: is it the token itself?)"
    return name


# ---------------------------------------------------------------------------------------------
# The file's models


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)


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
        if value is None:
            return None
        value = value.strip()
        if not _ENV_NAME_RE.fullmatch(value):
            raise ValueError(
                "must be the name of an environment variable (letters, digits, underscores), "
                "not the token itself"
            )
        return value

    @field_validator("token_command")
    @classmethod
    def _token_command(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            argv = shlex.split(value)
        except ValueError:
            raise ValueError("cannot be split into arguments (an unclosed quote?)") from None
        if not argv:
            raise ValueError("is empty")
        return value

    @field_validator("token_file", "ca_bundle")
    @classmethod
    def _expand(cls, value: Path | None) -> Path | None:
        return None if value is None else value.expanduser()

    @field_validator("zone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        return None if value is None else _check_zone(value)

    @field_validator("week_start")
    @classmethod
    def _week_start(cls, value: str) -> str:
        return _check_week_start(value)


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


# ---------------------------------------------------------------------------------------------
# Loading, with errors in plain words


def load_config(path: Path | None = None) -> Config:
    """Read and validate `path` (default: `paths.config_file()`); a missing file is empty.

    Raises `ConfigError` naming the file, the line and key, and what is wrong.
    """
    path = paths.config_file() if path is None else path
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    del raw
    if text is None:
        raise ConfigError(f"{path}: is not UTF-8 text")

    # Errors are raised outside the `except` blocks, so no parser or pydantic error (which
    # may quote values from the file) is chained onto the ConfigError.
    problem: str | None = None
    config: Config | None = None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problem = _describe_toml_error(str(exc))
    else:
        try:
            config = Config.model_validate(data)
        except ValidationError as exc:
            problem = _describe_validation_error(exc, text)
        del data
    del text
    if config is None:
        raise ConfigError(f"{path}: {problem}")
    return _anchor_paths(config, path.parent)


def _anchor_paths(config: Config, base: Path) -> Config:
    def anchored(value: Path | None) -> Path | None:
        if value is None or value.is_absolute():
            return value
        return base / value

    profiles = {
        name: profile.model_copy(
            update={
                "token_file": anchored(profile.token_file),
                "ca_bundle": anchored(profile.ca_bundle),
            }
        )
        for name, profile in config.profiles.items()
    }
    return config.model_copy(update={"profiles": profiles})


_TOML_POSITION_RE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def _describe_toml_error(message: str) -> str:
    match = _TOML_POSITION_RE.search(message)
    if match is None:
        return f"not valid TOML: {message}"
    what = message[: match.start()]
    return f"line {match.group(1)}, column {match.group(2)}: not valid TOML: {what}"


_SECRET_KEYS = {"token", "api_token", "password", "pat", "secret", "apikey", "api_key"}

_TYPE_WORDS = {
    "dict_type": "must be a table ([section] or { ... })",
    "model_type": "must be a table ([section] or { ... })",
    "model_attributes_type": "must be a table ([section] or { ... })",
    "list_type": "must be a list [ ... ]",
    "string_type": "must be a string in quotes",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "int_type": "must be a whole number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "path_type": "must be a file path in quotes",
}


def _describe_validation_error(exc: ValidationError, text: str) -> str:
    lines = _key_lines(text)
    problems: list[tuple[int, str]] = []
    for err in exc.errors(include_url=False, include_input=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            what = _unknown_key(loc)
        elif kind == "missing":
            what = "is required but missing"
        elif kind in _TYPE_WORDS:
            what = _TYPE_WORDS[kind]
        elif kind == "literal_error":
            what = f"must be one of {err.get('ctx', {}).get('expected', '')}"
        else:
            msg = str(err["msg"])
            for prefix in ("Value error, ", "Assertion failed, "):
                msg = msg.removeprefix(prefix)
            if msg.startswith("Input should be"):
                msg = "must be" + msg.removeprefix("Input should be")
            what = msg
        line = _line_of(lines, loc)
        where = f"line {line}, " if line is not None else ""
        problems.append((line or 0, f"{where}{_dotted(loc) or '(top level)'}: {what}"))
    problems.sort(key=lambda item: item[0])
    count = len(problems)
    head = "1 problem" if count == 1 else f"{count} problems"
    return f"{head}:\n" + "\n".join(f"  {text}" for _, text in problems)


def _unknown_key(loc: tuple[int | str, ...]) -> str:
    key = str(loc[-1]) if loc else ""
    if key.lower() in _SECRET_KEYS:
        return (
            "unknown key: tokens do not go in config.toml; "
            "use token_env, token_file or token_command"
        )
    model = _model_at(loc[:-1])
    if model is None:
        return "unknown key"
    allowed = list(model.model_fields)
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"unknown key (did you mean {close[0]!r}?)"
    return f"unknown key (expected one of: {', '.join(allowed)})"


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    model: type[BaseModel] = Config
    i = 0
    while i < len(loc):
        info = model.model_fields.get(str(loc[i]))
        if info is None:
            return None
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model, i = annotation, i + 1
            continue
        if get_origin(annotation) is dict:
            value_type = get_args(annotation)[1]
            if isinstance(value_type, type) and issubclass(value_type, BaseModel):
                if i + 1 >= len(loc):
                    return None
                model, i = value_type, i + 2
                continue
        return None
    return model


_BARE_KEY = r"[A-Za-z0-9_-]+"
_KEY_PART = rf"(?:{_BARE_KEY}|\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*')"
_KEY = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER_RE = re.compile(rf"^\s*\[\[?\s*({_KEY})\s*\]\]?")
_KEY_LINE_RE = re.compile(rf"^\s*({_KEY})\s*=")
_KEY_PART_RE = re.compile(_KEY_PART)


def _split_key(text: str) -> tuple[str, ...]:
    parts: list[str] = []
    for match in _KEY_PART_RE.finditer(text):
        part = match.group(0)
        if part.startswith('"'):
            try:
                part = str(json.loads(part))
            except ValueError:
                part = part[1:-1]
        elif part.startswith("'"):
            part = part[1:-1]
        parts.append(part)
    return tuple(parts)


def _key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Best effort: the line where each table and key of a TOML document is first defined."""
    found: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    multiline: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if multiline is not None:
            if line.count(multiline) % 2 == 1:
                multiline = None
            continue
        header = _HEADER_RE.match(line)
        if header is not None:
            table = _split_key(header.group(1))
            for end in range(1, len(table) + 1):
                found.setdefault(table[:end], number)
            continue
        key_line = _KEY_LINE_RE.match(line)
        if key_line is None:
            continue
        key = table + _split_key(key_line.group(1))
        for end in range(len(table) + 1, len(key) + 1):
            found.setdefault(key[:end], number)
        rest = line[key_line.end() :]
        for quotes in ('"""', "'''"):
            if rest.count(quotes) % 2 == 1:
                multiline = quotes
                break
    return found


def _line_of(lines: dict[tuple[str, ...], int], loc: tuple[int | str, ...]) -> int | None:
    keys: list[str] = []
    for part in loc:
        if isinstance(part, int):
            break
        keys.append(part)
    for end in range(len(keys), 0, -1):
        line = lines.get(tuple(keys[:end]))
        if line is not None:
            return line
    return None


def _dotted(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        key = part if re.fullmatch(_BARE_KEY, part) else json.dumps(part)
        out = f"{out}.{key}" if out else key
    return out


# ---------------------------------------------------------------------------------------------
# Resolving a profile


@dataclass(frozen=True)
class TrackingOverride:
    """The profile's own `hours_per_day`/`days_per_week`, each None to keep the site's."""

    hours_per_day: float | None = None
    days_per_week: float | None = None

    def apply(self, tracking: TimeTracking) -> TimeTracking:
        """The site's `tracking` with this override's values in place."""
        update: dict[str, float] = {}
        if self.hours_per_day is not None:
            update["hours_per_day"] = self.hours_per_day
        if self.days_per_week is not None:
            update["days_per_week"] = self.days_per_week
        return tracking.model_copy(update=update)


@dataclass(frozen=True)
class ResolvedProfile:
    """A profile with environment overrides applied, ready for the Jira client.

    Profiles compare by settings; the token is left out of comparisons (it may not be loaded).
    """

    name: str
    url: str
    """Normalised base URL, no trailing slash."""
    flavor: Flavor | None
    """None: ask the site which it is."""
    email: str | None
    auth: AuthMode
    zone: str | None
    """Bucket zone override; None: use the Jira profile's zone."""
    tracking_override: TrackingOverride | None
    week_start: str
    ca_bundle: Path | None
    token: Secret = field(compare=False)
    retry_budget_seconds: float = 60.0
    """Seconds of retry waits one request may spend (`retry_budget_seconds`)."""

    @property
    def week_start_weekday(self) -> int:
        """`week_start` as `date.weekday()` counts: Monday 0 ... Sunday 6."""
        return WEEKDAYS.index(self.week_start)

    def auth_for(self, flavor: Flavor) -> Literal["basic", "bearer"]:
        """How to sign in once the flavor is known: Basic (email/username + token) or Bearer."""
        if self.auth == "basic" or (self.auth == "auto" and flavor is Flavor.CLOUD):
            if not self.email:
                raise ConfigError(_email_needed(self.name, flavor))
            return "basic"
        return "bearer"


def _email_needed(name: str, flavor: Flavor | None) -> str:
    if flavor is Flavor.CLOUD:
        why = "Jira Cloud signs in with your account email and an API token"
    else:
        why = 'auth = "basic" signs in with a username and password'
    return f"profile {name!r}: {why}; set email in the profile or {ENV_EMAIL}"


@dataclass(frozen=True)
class _EnvOverrides:
    """Everything `resolve_profile()` reads from the environment, read once, tokens wrapped."""

    profile: str | None
    url: str | None = field(repr=False)  # may carry user:password@ until validated
    flavor: str | None
    email: str | None
    zone: str | None
    token: Secret | None
    named_tokens: dict[str, Secret]

    @classmethod
    def read(cls, env: Mapping[str, str], token_vars: set[str]) -> _EnvOverrides:
        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        def secret(name: str) -> Secret | None:
            value = get(name)
            return None if value is None else Secret(value, source=name)

        named = {var: s for var in token_vars if (s := secret(var)) is not None}
        return cls(
            profile=get(ENV_PROFILE),
            url=get(ENV_URL),
            flavor=get(ENV_FLAVOR),
            email=get(ENV_EMAIL),
            zone=get(ENV_TZ),
            token=secret(ENV_TOKEN),
            named_tokens=named,
        )


def resolve_profile(
    config: Config, env: Mapping[str, str], name: str | None = None
) -> ResolvedProfile:
    """The profile to use, with the `TUIWS_*` environment overrides applied.

    The profile is `name` (e.g. `--profile`), else `TUIWS_PROFILE`, else `default_profile`
    (or the only profile, when `default_profile` is not set). With no profile in the file,
    `TUIWS_URL` alone builds one. `TUIWS_URL`, `TUIWS_FLAVOR`, `TUIWS_EMAIL`, `TUIWS_TZ` and
    `TUIWS_TOKEN` override the profile's settings; empty variables count as unset.
    """
    token_vars = {p.token_env for p in config.profiles.values() if p.token_env}
    overrides = _EnvOverrides.read(env, token_vars)
    del env  # from here on no frame holds the environment (and the tokens in it)

    profile_name, profile = _pick_profile(config, overrides, name)
    where = f"profile {profile_name!r}"

    url = profile.url if profile is not None else ""
    if overrides.url is not None:
        bad_url: str | None = None
        try:
            url = normalise_url(overrides.url)
        except ValueError as exc:
            bad_url = str(exc)
        if bad_url is not None:  # raised here so the ValueError (and its frames) is not chained
            raise ConfigError(f"{ENV_URL}: {bad_url}")
    if profile is None:
        profile = Profile.model_construct(url=url)

    flavor_name: str = profile.flavor
    if overrides.flavor is not None:
        flavor_name = overrides.flavor.lower()
        if flavor_name not in ("auto", "cloud", "server"):
            raise ConfigError(
                f"{ENV_FLAVOR} must be cloud, server or auto (got {overrides.flavor!r})"
            )
    flavor = None if flavor_name == "auto" else Flavor(flavor_name)

    zone = profile.zone
    if overrides.zone is not None:
        try:
            zone = _check_zone(overrides.zone)
        except ValueError as exc:
            raise ConfigError(f"{ENV_TZ}: {exc}") from None

    email = overrides.email or profile.email
    if not email and (
        profile.auth == "basic" or (profile.auth == "auto" and flavor is Flavor.CLOUD)
    ):
        raise ConfigError(_email_needed(profile_name, flavor))

    ca_bundle = profile.ca_bundle
    if ca_bundle is not None and not ca_bundle.is_file():
        raise ConfigError(f"{where}: ca_bundle {ca_bundle} is not a file")

    tracking = None
    if profile.hours_per_day is not None or profile.days_per_week is not None:
        tracking = TrackingOverride(profile.hours_per_day, profile.days_per_week)

    return ResolvedProfile(
        name=profile_name,
        url=url,
        flavor=flavor,
        email=email,
        auth=profile.auth,
        zone=zone,
        tracking_override=tracking,
        week_start=profile.week_start,
        ca_bundle=ca_bundle,
        token=_token_secret(profile_name, profile, overrides),
        retry_budget_seconds=profile.retry_budget_seconds,
    )


def _pick_profile(
    config: Config, overrides: _EnvOverrides, name: str | None
) -> tuple[str, Profile | None]:
    """The chosen profile's name and table; None as the table means "built from TUIWS_URL"."""
    chosen = name or overrides.profile
    names = ", ".join(sorted(config.profiles)) or "(none)"
    if chosen is not None:
        if chosen in config.profiles:
            return chosen, config.profiles[chosen]
        if not config.profiles and overrides.url is not None:
            return chosen, None
        if not config.profiles:
            raise ConfigError(_not_configured())
        source = "--profile" if name else ENV_PROFILE
        raise ConfigError(f"no profile named {chosen!r} (from {source}); profiles: {names}")

    default = config.default_profile
    if default in config.profiles:
        return default, config.profiles[default]
    if not config.profiles:
        if overrides.url is not None:
            return default, None
        raise ConfigError(_not_configured())
    if "default_profile" in config.model_fields_set:
        raise ConfigError(
            f"default_profile is {default!r}, but there is no [profiles.{default}]; "
            f"profiles: {names}"
        )
    if len(config.profiles) == 1:
        only = next(iter(config.profiles))
        return only, config.profiles[only]
    raise ConfigError(
        f"several profiles ({names}) and none chosen: set default_profile in config.toml, "
        f"{ENV_PROFILE}, or pass --profile"
    )


def _not_configured() -> str:
    return (
        "No Jira profile is configured. Either:\n"
        f"  - add a profile to {paths.config_file()} "
        "(`tuiws locate config` prints its directory), for example:\n"
        "        [profiles.default]\n"
        '        url = "https://your-site.atlassian.net"\n'
        '        email = "you@example.com"\n'
        '        token_env = "JIRA_API_TOKEN"\n'
        f"  - or set {ENV_URL} (with {ENV_EMAIL} and {ENV_TOKEN}; optionally {ENV_FLAVOR}, "
        f"{ENV_TZ}, {ENV_PROFILE}) in the environment;\n"
        "  - or run `tuiws --demo` to try tuiws on built-in demo data."
    )


def _token_secret(profile_name: str, profile: Profile, overrides: _EnvOverrides) -> Secret:
    where = f"profile {profile_name!r}"
    if overrides.token is not None:
        return overrides.token
    if profile.token_env:
        named = overrides.named_tokens.get(profile.token_env)
        if named is not None:
            return named
    if profile.token_file is not None:
        token_file = profile.token_file
        return Secret.lazy(
            partial(_load_token_file, where, token_file), source=f"token_file {token_file}"
        )
    if profile.token_command is not None:
        command = profile.token_command
        program = Path(shlex.split(command)[0]).name
        return Secret.lazy(
            partial(_load_token_command, where, command), source=f"token_command ({program})"
        )
    if profile.token_env:
        raise CredentialError(
            f"{where}: token_env names {_show_var(profile.token_env)}, "
            "which is not set (or is empty) in the environment"
        )
    raise CredentialError(
        f"{where} has no token. Set one of: {ENV_TOKEN} in the environment; or in the "
        'profile token_env = "VAR_NAME", token_file = "path/to/file" (chmod 600), '
        'or token_command = "pass show jira"'
    )


def _token_problem(raw: str) -> str | None:
    """What is wrong with a token as read, or None. Never quotes it."""
    token = raw.strip()
    if not token:
        return "is empty"
    if any(ch.isspace() for ch in token):
        return "has spaces or several lines; it must be a single line holding only the token"
    if not token.isascii() or not token.isprintable():
        return "contains characters a token cannot have"
    return None


def _load_token_file(where: str, path: Path) -> str:
    if not path.exists():
        raise CredentialError(f"{where}: token_file {path} does not exist")
    if not path.is_file():
        raise CredentialError(f"{where}: token_file {path} is not a file")
    if os.name == "posix":
        mode = path.stat().st_mode
        if mode & 0o077:
            raise CredentialError(
                f"{where}: token_file {path} can be read by other users "
                f"(mode {mode & 0o777:o}); refusing to use it. Fix: chmod 600 {path}"
            )
    failure: str | None = None
    raw = ""
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        failure = "is not UTF-8 text"
    except OSError as exc:
        failure = f"cannot be read: {exc.strerror or type(exc).__name__}"
    if failure is None:
        failure = _token_problem(raw)
    if failure is not None:
        del raw
        raise CredentialError(f"{where}: the token in token_file {path} {failure}")
    return raw.strip()


def _load_token_command(where: str, command: str) -> str:
    argv = shlex.split(command)
    program = Path(argv[0]).name
    failure: str | None = None
    result: subprocess.CompletedProcess[str] | None = None
    try:
        result = subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=TOKEN_COMMAND_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        failure = f"{program!r} was not found"
    except PermissionError:
        failure = f"{program!r} cannot be executed (permission denied)"
    except subprocess.TimeoutExpired:
        failure = f"did not finish within {TOKEN_COMMAND_TIMEOUT:g} seconds"
    except OSError as exc:
        failure = f"{program!r} could not be started: {exc.strerror or type(exc).__name__}"
    # Raised out here, not inside `except`: a chained TimeoutExpired would carry the output.
    if failure is not None or result is None:
        raise CredentialError(f"{where}: token_command failed: {failure}")
    code = result.returncode
    output = result.stdout
    del result
    if code != 0:
        del output
        raise CredentialError(
            f"{where}: token_command ({program}) failed with exit code {code}. "
            "Run it yourself to see why; its output is not shown because it may hold the token."
        )
    problem = _token_problem(output)
    if problem is not None:
        del output
        raise CredentialError(f"{where}: the token printed by token_command ({program}) {problem}")
    return output.strip()


# ---------------------------------------------------------------------------------------------
# The documented example


_EXAMPLE = """\
# tuiws configuration. `tuiws locate config` prints the directory this file lives in.
# Tokens never go in this file: use token_env, token_file or token_command.
# Environment overrides: TUIWS_PROFILE, TUIWS_URL, TUIWS_FLAVOR, TUIWS_EMAIL, TUIWS_TOKEN, TUIWS_TZ.

# Profile used when neither --profile nor TUIWS_PROFILE picks one.
default_profile = "work"

# Jira Cloud: sign in with your account email and an API token
# (https://id.atlassian.com/manage-profile/security/api-tokens).
[profiles.work]
url = "https://example.atlassian.net"
flavor = "cloud"                   # "auto" (ask the site), "cloud" or "server"
email = "you@example.com"
token_env = "JIRA_API_TOKEN"       # the NAME of the variable holding the token
# zone = "Europe/Berlin"           # bucket days in this zone (default: your Jira profile's)
# week_start = "monday"
# hours_per_day = 8                # what 1d means (default: the site's setting)
# days_per_week = 5                # what 1w means (default: the site's setting)

# Jira Server / Data Center: a personal access token, sent as a Bearer token.
[profiles.onprem]
url = "https://jira.example.com/jira"
flavor = "server"
token_file = "~/.config/tuiws/onprem.token"   # first line is the token; chmod 600
# token_command = "pass show jira/onprem"     # or a command printing the token (no shell)
# auth = "auto"                    # "auto", "bearer", or "basic" (username + password;
#                                  #   email holds the username) for old servers
# ca_bundle = "~/certs/corporate-ca.pem"      # extra CA certificates; TLS is always verified
# retry_budget_seconds = 60        # longest total wait for one request under a rate limit

# Teams: people whose timesheets you review together.
[teams.platform]
members = ["alice@example.com", "bob@example.com"]
# group = "platform-developers"   # a Jira group whose members join the team

[ui]
theme = "tuiws-dark"
duration_format = "hm"             # "hm" (1h 30m) or "decimal" (1.50)
daily_ceiling_hours = 10           # flag days above this many hours
late_after_hours = 48              # team view: flag worklogs entered this long after their start

[ui.keymap]
# binding id = "keys", e.g.:
# "editor.save" = "ctrl+s,f2"
# "week.previous" = "left_square_bracket,comma"
"""


def example_config() -> str:
    """A commented example `config.toml` covering every setting."""
    return _EXAMPLE
