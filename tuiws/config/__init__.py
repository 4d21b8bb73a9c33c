"""The user's `config.toml`, the environment overrides, and where a profile's token comes from.

`load_config()` reads and validates the file (errors name the file, line and key, in plain
words); `resolve_profile()` picks a profile, applies the `TUIWS_*` environment variables and
returns a `ResolvedProfile` whose `token` is a `Secret` that never prints its value.

| Module        | Its one job                                                           |
|---------------|-----------------------------------------------------------------------|
| `models`      | the pydantic models of `config.toml`, documented key by key           |
| `loading`     | `load_config()` and its line-located messages                         |
| `secrets`     | `Secret` and the token sources (token_env, token_file, token_command) |
| `environment` | `resolve_profile()`: the `TUIWS_*` variables applied                  |
| `profile`     | `ResolvedProfile`, what the clients are given (plain dataclasses)     |
| `env_names`   | the names of those variables                                          |
| `errors`      | `ConfigError`, `CredentialError`                                      |
| `example`     | the documented example file                                           |
| `vendors`     | where worklogs live (`worklogs`), Tempo's and Everit's URL and token  |
| `paths`       | where tuiws keeps its files                                           |
| `urls`        | the one normaliser of Jira base URLs                                  |
| `app_state`   | the state the app writes for itself (`state.json`)                    |
| `ui_settings` | the `[ui]` settings as the app runs with them                         |
| `start_facts` | what the first frame needs, recorded by a start that validated the file |

The first frame's readers (`start_facts`, `app_state`, `ui_settings`, `profile`, `paths`) run
before pydantic loads, so importing this package imports nothing: each name below is loaded
from its module on first use (PEP 562), and a reader pulls in only what it imports itself.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tuiws.config.env_names import (
        ENV_EMAIL,
        ENV_FLAVOR,
        ENV_PROFILE,
        ENV_TOKEN,
        ENV_TZ,
        ENV_URL,
    )
    from tuiws.config.environment import resolve_profile
    from tuiws.config.errors import ConfigError, CredentialError
    from tuiws.config.example import example_config
    from tuiws.config.loading import load_config
    from tuiws.config.models import Config, Profile, Team, UiConfig, VendorApi
    from tuiws.config.profile import (
        WEEKDAYS,
        AuthMode,
        ResolvedProfile,
        TrackingOverride,
        VendorEndpoint,
        WorklogsSetting,
    )
    from tuiws.config.secrets import TOKEN_COMMAND_TIMEOUT, Secret
    from tuiws.config.urls import normalise_url

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
    "VendorApi",
    "VendorEndpoint",
    "WorklogsSetting",
    "example_config",
    "load_config",
    "normalise_url",
    "resolve_profile",
]

_HOMES = {
    "ENV_EMAIL": "env_names",
    "ENV_FLAVOR": "env_names",
    "ENV_PROFILE": "env_names",
    "ENV_TOKEN": "env_names",
    "ENV_TZ": "env_names",
    "ENV_URL": "env_names",
    "TOKEN_COMMAND_TIMEOUT": "secrets",
    "WEEKDAYS": "profile",
    "AuthMode": "profile",
    "Config": "models",
    "ConfigError": "errors",
    "CredentialError": "errors",
    "Profile": "models",
    "ResolvedProfile": "profile",
    "Secret": "secrets",
    "Team": "models",
    "TrackingOverride": "profile",
    "UiConfig": "models",
    "VendorApi": "models",
    "VendorEndpoint": "profile",
    "WorklogsSetting": "profile",
    "example_config": "example",
    "load_config": "loading",
    "normalise_url": "urls",
    "resolve_profile": "environment",
}
"""Each exported name's module in this package."""


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


# Hidden from mypy, which then types each name by its import above and still flags a name
# this package does not export.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        home = _HOMES.get(name)
        if home is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
        globals()[name] = value  # later look-ups skip this function
        return value
