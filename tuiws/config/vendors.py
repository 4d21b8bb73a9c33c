"""Where a profile's worklogs live, and how to reach Tempo or Everit when they live there.

Jira stays the issue directory for every profile; `worklogs` picks the worklog backend.
Tempo and Everit are separate services with their own URL and token (`[profiles.NAME.tempo]`,
`[profiles.NAME.everit]`); the Worklog extender is a Jira Server plugin under the Jira URL
and needs nothing more.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from functools import partial
from pathlib import Path

from tuiws.config.env_names import (
    ENV_EVERIT_TOKEN,
    ENV_EVERIT_URL,
    ENV_TEMPO_TOKEN,
    ENV_TEMPO_URL,
    ENV_WORKLOGS,
)
from tuiws.config.errors import ConfigError, CredentialError
from tuiws.config.models import Profile, VendorApi
from tuiws.config.profile import VendorEndpoint, WorklogsSetting
from tuiws.config.secrets import Secret, load_token_command, load_token_file
from tuiws.config.urls import normalise_url

__all__ = [
    "DEFAULT_URLS",
    "VENDOR_VARIABLES",
    "WORKLOG_BACKENDS",
    "VendorEndpoint",
    "WorklogsSetting",
    "refuse_readable_inline_tokens",
    "resolve_worklogs",
    "vendor_token_variables",
]

WORKLOG_BACKENDS: tuple[WorklogsSetting, ...] = ("jira", "tempo", "everit", "extender")

DEFAULT_URLS: dict[str, str] = {
    "tempo": "https://api.tempo.io/4",
    "everit": "https://jttp-cloud.everit.biz/timetracker/api/latest/public",
}
VENDOR_VARIABLES = frozenset(
    {ENV_WORKLOGS, ENV_TEMPO_URL, ENV_TEMPO_TOKEN, ENV_EVERIT_URL, ENV_EVERIT_TOKEN}
)
"""The environment variables `resolve_worklogs` reads (besides a section's `token_env`)."""
_LABELS = {"tempo": "Tempo", "everit": "Everit"}
_ENV = {"tempo": (ENV_TEMPO_URL, ENV_TEMPO_TOKEN), "everit": (ENV_EVERIT_URL, ENV_EVERIT_TOKEN)}


def resolve_worklogs(
    profile_name: str, profile: Profile, env: Mapping[str, str]
) -> tuple[WorklogsSetting, VendorEndpoint | None, VendorEndpoint | None]:
    """(worklogs, tempo, everit) for the profile, `TUIWS_*` overrides applied.

    Only the service the profile's worklogs live in is resolved (and must have a token);
    the other is None.
    """
    where = f"profile {profile_name!r}"
    chosen = env.get(ENV_WORKLOGS, "").strip().lower() or profile.worklogs
    if chosen not in WORKLOG_BACKENDS:
        raise ConfigError(
            f"{ENV_WORKLOGS} must be one of {', '.join(WORKLOG_BACKENDS)} (got {chosen!r})"
        )
    worklogs: WorklogsSetting = chosen
    tempo = everit = None
    if worklogs == "tempo":
        tempo = _endpoint(where, "tempo", profile.tempo, env)
    elif worklogs == "everit":
        everit = _endpoint(where, "everit", profile.everit, env)
    return worklogs, tempo, everit


def _endpoint(
    where: str, vendor: str, section: VendorApi | None, env: Mapping[str, str]
) -> VendorEndpoint:
    url_var, token_var = _ENV[vendor]
    raw_url = env.get(url_var, "").strip() or (section.url if section else None)
    url = DEFAULT_URLS[vendor]
    if raw_url:
        problem = None
        try:
            url = normalise_url(raw_url)
        except ValueError as exc:
            problem = str(exc)
        if problem is not None:
            source = url_var if env.get(url_var, "").strip() else f"{where}: {vendor}.url"
            raise ConfigError(f"{source}: {problem}")
    return VendorEndpoint(url=url, token=_token(where, vendor, section, env, token_var))


def _token(
    where: str, vendor: str, section: VendorApi | None, env: Mapping[str, str], token_var: str
) -> Secret:
    label = _LABELS[vendor]
    value = env.get(token_var, "").strip()
    if value:
        return Secret(value, source=token_var)
    if section is not None:
        if section.token is not None:
            return section.token
        if section.token_env:
            named = env.get(section.token_env, "").strip()
            if named:
                return Secret(named, source=section.token_env)
        if section.token_file is not None:
            path = section.token_file
            return Secret.lazy(
                partial(load_token_file, f"{where} ({vendor})", path),
                source=f"{vendor}.token_file {path}",
            )
        if section.token_command is not None:
            command = section.token_command
            program = Path(shlex.split(command)[0]).name
            return Secret.lazy(
                partial(load_token_command, f"{where} ({vendor})", command),
                source=f"{vendor}.token_command ({program})",
            )
    raise CredentialError(
        f"{where} keeps its worklogs in {label} but has no {label} token. Set {token_var} in "
        f'the environment, or in [profiles.NAME.{vendor}] token_env = "VAR_NAME", '
        f'token_file = "path/to/file" (chmod 600) or token_command = "pass show {vendor}"'
    )


def refuse_readable_inline_tokens(path: Path, profiles: Mapping[str, Profile]) -> None:
    """A token written into config.toml itself is refused while others can read the file."""
    holders = [
        f"{name}.{vendor}"
        for name, profile in profiles.items()
        for vendor, section in (("tempo", profile.tempo), ("everit", profile.everit))
        if section is not None and section.token is not None
    ]
    if not holders or os.name != "posix":
        return
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise CredentialError(
            f"{path} holds a token ([profiles.{holders[0]}] token) and can be read by other "
            f"users (mode {mode:o}); refusing to use it. Fix: chmod 600 {path}, or move the "
            "token to token_env, token_file or token_command"
        )


def vendor_token_variables(profiles: Mapping[str, Profile]) -> set[str]:
    """The variables the profiles' Tempo and Everit sections name in `token_env`."""
    return {
        section.token_env
        for profile in profiles.values()
        for section in (profile.tempo, profile.everit)
        if section is not None and section.token_env
    }
