"""A profile's Jira Server/DC with the Worklog extender: Jira's directory, the plugin's reads.

The Jira connection is built by the Jira adapter (the plugin signs in as Jira does, under the
Jira URL: no other credentials); this one wraps it, shares its client and transport, and
hands out `ExtenderWorklogs` instead of Jira's worklog backend.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tuiws.backends.base import ServerFacts
from tuiws.backends.errors import BackendError
from tuiws.backends.extender.client import ExtenderClient
from tuiws.backends.extender.worklogs import ExtenderWorklogs
from tuiws.backends.jira.connection import JiraConnection
from tuiws.backends.jira.directory import JiraDirectory
from tuiws.backends.registry import ADAPTERS
from tuiws.domain.models import Flavor

if TYPE_CHECKING:
    from tuiws.backends.registry import Hooks
    from tuiws.config import ResolvedProfile

__all__ = ["ExtenderConnection", "NotAServer", "connection"]


class NotAServer(BackendError):
    """The profile's Jira is Cloud, where the plugin does not exist."""


class ExtenderConnection:
    def __init__(self, jira: JiraConnection) -> None:
        self.jira = jira

    @property
    def request_count(self) -> int:
        return self.jira.request_count

    async def server(self) -> ServerFacts:
        facts = await self.jira.server()
        if facts.kind == Flavor.SERVER.value:
            return replace(facts, protocol=f"{facts.protocol} + Worklog extender 1.0")
        return facts

    async def open(self) -> tuple[JiraDirectory, ExtenderWorklogs]:
        directory, worklogs = await self.jira.open()
        if directory.flavor is Flavor.CLOUD:
            raise NotAServer(
                f"Jira at {directory.site} is Cloud; the Worklog extender is a Jira Server/Data "
                'Center plugin. Set worklogs = "jira" (or "tempo", "everit") in the profile.'
            )
        return directory, ExtenderWorklogs(worklogs, directory, ExtenderClient(self.jira.client))

    async def aclose(self) -> None:
        await self.jira.aclose()

    async def __aenter__(self) -> ExtenderConnection:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def connection(profile: ResolvedProfile, hooks: Hooks) -> ExtenderConnection:
    """The registry's builder: the Jira adapter's connection for `profile`, read through the
    plugin (no I/O until opened)."""
    jira = ADAPTERS["jira"](profile, hooks)
    if not isinstance(jira, JiraConnection):
        raise TypeError("the Worklog extender needs the Jira adapter's connection")
    return ExtenderConnection(jira)
