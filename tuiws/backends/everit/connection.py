"""A profile whose worklogs live in Everit Timetracker: Jira's directory, Everit's worklogs.

Opening signs in to Jira first (the directory: issues, people, the working day), then learns
the bucket zone — the profile's `zone`, else the Jira account's — which every Everit request
then carries as `x-timezone`, so Everit's local days are the session's days.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tuiws.backends.base import IssueDirectory, ServerFacts
from tuiws.backends.everit.client import EveritClient
from tuiws.backends.everit.worklogs import EveritWorklogs
from tuiws.backends.jira.connection import JiraConnection, jira_connection
from tuiws.config.errors import ConfigError
from tuiws.domain.started import resolve_zone

if TYPE_CHECKING:
    from tuiws.backends.registry import Hooks
    from tuiws.config import ResolvedProfile

__all__ = ["EveritConnection", "connection", "jira_connection"]


class EveritConnection:
    def __init__(self, jira: JiraConnection, everit: EveritClient, zone: str | None) -> None:
        self.jira = jira
        self.everit = everit
        self._zone = zone
        """The profile's bucket zone override; None: the Jira account's zone."""

    @property
    def request_count(self) -> int:
        return self.jira.request_count + self.everit.request_count

    async def server(self) -> ServerFacts:
        """Jira's facts: Everit Timetracker is an app on that Jira Cloud site."""
        return await self.jira.server()

    async def open(self) -> tuple[IssueDirectory, EveritWorklogs]:
        directory, _ = await self.jira.open()
        me = await directory.myself()
        zone = resolve_zone(self._zone or me.time_zone)
        self.everit.set_zone(zone.key)
        return directory, EveritWorklogs(self.everit, directory, me, zone)

    async def aclose(self) -> None:
        await self.jira.aclose()
        await self.everit.aclose()

    async def __aenter__(self) -> EveritConnection:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def connection(profile: ResolvedProfile, hooks: Hooks) -> EveritConnection:
    """The unopened connection (no I/O) for a profile with `worklogs = "everit"`."""
    endpoint = profile.everit
    if endpoint is None:
        raise ConfigError(
            f"profile {profile.name!r} keeps its worklogs in Everit but has no "
            f"[profiles.{profile.name}.everit] section (url and token)"
        )
    everit = EveritClient(endpoint.url, endpoint.token.reveal(), hooks, ca_bundle=profile.ca_bundle)
    return EveritConnection(jira_connection(profile, hooks), everit, profile.zone)
