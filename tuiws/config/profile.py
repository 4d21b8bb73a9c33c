"""A profile as the clients use it: `ResolvedProfile`, the `[profiles.NAME]` table with the
environment's overrides applied (`tuiws.config.environment.resolve_profile()` builds it).

Plain dataclasses: the app, the demo and the backends hold profiles without loading the
config file's pydantic models (`tuiws.config.models`), which only validating the file needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from tuiws.config.env_names import ENV_EMAIL
from tuiws.config.errors import ConfigError
from tuiws.config.secrets import Secret
from tuiws.domain.models import Flavor, TimeTracking

__all__ = [
    "WEEKDAYS",
    "AuthMode",
    "ResolvedProfile",
    "TrackingOverride",
    "VendorEndpoint",
    "WorklogsSetting",
    "email_needed",
]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

AuthMode = Literal["auto", "basic", "bearer"]

WorklogsSetting = Literal["jira", "tempo", "everit", "extender"]


@dataclass(frozen=True)
class VendorEndpoint:
    """A worklog service beside Jira: its base URL and the token it takes."""

    url: str
    token: Secret = field(compare=False)


@dataclass(frozen=True)
class TrackingOverride:
    """The profile's own `hours_per_day`/`days_per_week`, each None to keep the site's."""

    hours_per_day: float | None = None
    days_per_week: float | None = None

    def apply(self, tracking: TimeTracking) -> TimeTracking:
        """The site's `tracking` with this override's values in place."""
        return replace(
            tracking,
            hours_per_day=tracking.hours_per_day
            if self.hours_per_day is None
            else self.hours_per_day,
            days_per_week=tracking.days_per_week
            if self.days_per_week is None
            else self.days_per_week,
        )


@dataclass(frozen=True)
class ResolvedProfile:
    """A profile with environment overrides applied (`resolve_profile()`), ready for the clients.

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
    worklogs: WorklogsSetting = "jira"
    """Which worklog backend serves this profile (Jira is always the issue directory)."""
    tempo: VendorEndpoint | None = None
    """Tempo's URL and token, when `worklogs` is "tempo"."""
    everit: VendorEndpoint | None = None
    """Everit's URL and token, when `worklogs` is "everit"."""

    @property
    def week_start_weekday(self) -> int:
        """`week_start` as `date.weekday()` counts: Monday 0 ... Sunday 6."""
        return WEEKDAYS.index(self.week_start)

    def auth_for(self, flavor: Flavor) -> Literal["basic", "bearer"]:
        """How to sign in once the flavor is known: Basic (email/username + token) or Bearer."""
        if self.auth == "basic" or (self.auth == "auto" and flavor is Flavor.CLOUD):
            if not self.email:
                raise ConfigError(email_needed(self.name, flavor))
            return "basic"
        return "bearer"


def email_needed(name: str, flavor: Flavor | None) -> str:
    if flavor is Flavor.CLOUD:
        why = "Jira Cloud signs in with your account email and an API token"
    else:
        why = 'auth = "basic" signs in with a username and password'
    return f"profile {name!r}: {why}; set email in the profile or {ENV_EMAIL}"
