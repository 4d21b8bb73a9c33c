"""A Tempo profile's connection: Jira as the issue directory, Tempo for the worklogs.

Opening signs in to Jira (whose directory maps Tempo's issue ids and account ids to keys and
names) and reads who the user is and Tempo's work attributes, in parallel; the draft check
needs both before the first save.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from tuiws.backends import errors as e
from tuiws.backends.base import Connection, IssueDirectory, ServerFacts
from tuiws.backends.http import HttpTransport, TransportSettings
from tuiws.backends.jira.auth import BearerAuth
from tuiws.backends.registry import connection_for
from tuiws.backends.tempo.client import RequestPacer, TempoClient, parse_tempo_url
from tuiws.backends.tempo.convert import attribute_of
from tuiws.backends.tempo.errors import tempo_errors
from tuiws.backends.tempo.periods import Periods
from tuiws.backends.tempo.worklogs import TempoWorklogs
from tuiws.config.errors import ConfigError
from tuiws.domain.attributes import WorkAttribute

if TYPE_CHECKING:
    from pathlib import Path

    from tuiws.backends.registry import Hooks
    from tuiws.config import ResolvedProfile

__all__ = ["RATE_PER_SECOND", "TempoConnection", "connection", "tempo_client", "tempo_connection"]

RATE_PER_SECOND = 4.5
"""Tempo asks for about five requests a second; a little under leaves room for clock drift."""
_BURST = 4.0


def tempo_client(url: str, hooks: Hooks, ca_bundle: Path | None = None) -> TempoClient:
    """The Tempo client for `url`, not yet signing (ValueError when it is not a Tempo URL)."""
    parsed = parse_tempo_url(url)
    transport = HttpTransport(
        TransportSettings(base_url=parsed.root, ca_bundle=ca_bundle, name="Tempo"),
        None,
        tempo_errors(url.rstrip("/")),
        retry=hooks.retry,
        on_backoff=hooks.on_backoff,
        on_recovered=hooks.on_recovered,
        sleep=hooks.sleep,
        clock=hooks.clock,
    )
    return TempoClient(
        transport, parsed, RequestPacer(RATE_PER_SECOND, _BURST, hooks.clock, hooks.sleep)
    )


Token = Callable[[], str]
"""The Tempo token, read when the connection opens (a token_command runs only then)."""


class TempoConnection:
    def __init__(self, jira: Connection, client: TempoClient, hooks: Hooks, token: Token) -> None:
        self.jira = jira
        self.client = client
        self._hooks = hooks
        self._token = token

    @property
    def request_count(self) -> int:
        return self.jira.request_count + self.client.request_count

    async def server(self) -> ServerFacts:
        return await self.jira.server()

    async def _attributes(self) -> list[WorkAttribute]:
        try:
            return [attribute_of(a) for a in await self.client.work_attributes()]
        except e.Forbidden:
            return []  # a token without the work-attributes scope: Tempo will say what it wants

    async def open(self) -> tuple[IssueDirectory, TempoWorklogs]:
        self.client.transport.set_auth(BearerAuth(self._token()))
        directory, _ = await self.jira.open()
        me, attributes = await asyncio.gather(directory.myself(), self._attributes())
        backend = TempoWorklogs(
            self.client, directory, me, attributes, Periods(self.client), self._hooks.clock
        )
        return directory, backend

    async def aclose(self) -> None:
        await asyncio.gather(self.jira.aclose(), self.client.aclose())

    async def __aenter__(self) -> TempoConnection:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def tempo_connection(
    jira: Connection, url: str, token: str | Token, hooks: Hooks, ca_bundle: Path | None = None
) -> TempoConnection:
    """Jira's connection paired with Tempo at `url` (no I/O until opened)."""
    read = token if callable(token) else (lambda: token)
    return TempoConnection(jira, tempo_client(url, hooks, ca_bundle), hooks, read)


def connection(profile: ResolvedProfile, hooks: Hooks) -> TempoConnection:
    """The registry's builder: the profile's Jira as directory, its `[tempo]` for worklogs."""
    if profile.tempo is None:
        raise ConfigError(
            f'profile {profile.name!r}: worklogs = "tempo" needs a [profiles.{profile.name}.tempo] '
            "token (or TUIWS_TEMPO_TOKEN)"
        )
    try:
        parse_tempo_url(profile.tempo.url)
    except ValueError as exc:
        raise ConfigError(f"profile {profile.name!r}: tempo url: {exc}") from None
    jira = connection_for(profile, hooks, backend="jira")
    return tempo_connection(
        jira, profile.tempo.url, profile.tempo.token.reveal, hooks, profile.ca_bundle
    )
