"""Resolving a profile: `resolve_profile()` picks one and applies the `TUIWS_*` environment
variables, giving a `ResolvedProfile` (`tuiws.config.profile`; its `token` is a `Secret`) ready
for the clients.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tuiws.config import paths
from tuiws.config.env_names import (
    ENV_EMAIL,
    ENV_FLAVOR,
    ENV_PROFILE,
    ENV_TOKEN,
    ENV_TZ,
    ENV_URL,
)
from tuiws.config.errors import ConfigError
from tuiws.config.models import Config, Profile, check_zone
from tuiws.config.profile import ResolvedProfile, TrackingOverride, email_needed
from tuiws.config.secrets import Secret, token_secret
from tuiws.config.urls import normalise_url
from tuiws.config.vendors import VENDOR_VARIABLES, resolve_worklogs, vendor_token_variables
from tuiws.domain.models import Flavor

__all__ = ["ResolvedProfile", "TrackingOverride", "resolve_profile"]


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
    env_worklogs = {
        k: v
        for k, v in env.items()
        if k in VENDOR_VARIABLES or k in vendor_token_variables(config.profiles)
    }
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
            zone = check_zone(overrides.zone)
        except ValueError as exc:
            raise ConfigError(f"{ENV_TZ}: {exc}") from None

    email = overrides.email or profile.email
    if not email and (
        profile.auth == "basic" or (profile.auth == "auto" and flavor is Flavor.CLOUD)
    ):
        raise ConfigError(email_needed(profile_name, flavor))

    ca_bundle = profile.ca_bundle
    if ca_bundle is not None and not ca_bundle.is_file():
        raise ConfigError(f"{where}: ca_bundle {ca_bundle} is not a file")

    tracking = None
    if profile.hours_per_day is not None or profile.days_per_week is not None:
        tracking = TrackingOverride(profile.hours_per_day, profile.days_per_week)

    worklogs, tempo, everit = resolve_worklogs(profile_name, profile, env_worklogs)
    if worklogs == "extender" and flavor is Flavor.CLOUD:
        raise ConfigError(
            f'{where}: worklogs = "extender" needs Jira Server/Data Center (the Worklog '
            "extender is a Server plugin); this profile is Jira Cloud"
        )

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
        token=token_secret(profile_name, profile, overrides.token, overrides.named_tokens),
        retry_budget_seconds=profile.retry_budget_seconds,
        worklogs=worklogs,
        tempo=tempo,
        everit=everit,
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
        "  - run `tuiws init` (or `tuiws` in a terminal): it asks for the URL, your sign-in "
        "and where the token comes from, checks them and writes the file;\n"
        f"  - or add a profile to {paths.config_file()} "
        "(`tuiws locate config` prints it), for example:\n"
        "        [profiles.default]\n"
        '        url = "https://your-site.atlassian.net"\n'
        '        email = "you@example.com"\n'
        '        token_env = "JIRA_API_TOKEN"\n'
        f"  - or set {ENV_URL} (with {ENV_EMAIL} and {ENV_TOKEN}; optionally {ENV_FLAVOR}, "
        f"{ENV_TZ}, {ENV_PROFILE}) in the environment;\n"
        "  - or run `tuiws --demo` to try tuiws on built-in demo data."
    )
