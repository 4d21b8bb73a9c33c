"""Which adapter serves a profile, and how it is built: profile → directory + backend.

The profile's `worklogs` setting names the worklog backend: `jira` (Jira is then both the
directory and the worklog backend) or `tempo` (Jira's directory, Tempo's worklogs); a profile
naming another is refused by name rather than quietly written to Jira. The next backends
(Everit, the Worklog extender) pair Jira's directory with their own worklog backend.
"""

from __future__ import annotations

import asyncio
import importlib
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tuiws.backends.backoff import BackoffCallback, Clock, RetryPolicy, Sleep
from tuiws.backends.base import Connection
from tuiws.backends.jira.connection import auth_for
from tuiws.config.errors import ConfigError

if TYPE_CHECKING:
    from tuiws.config import ResolvedProfile

__all__ = ["ADAPTERS", "DEFAULT_BACKEND", "Hooks", "UnknownBackend", "auth_for", "connection_for"]

DEFAULT_BACKEND = "jira"


class UnknownBackend(ConfigError):
    """A profile names a worklog backend no adapter is registered for: nothing was sent."""


@dataclass(frozen=True)
class Hooks:
    """What the caller injects into every adapter's transport."""

    on_backoff: BackoffCallback | None = None
    on_recovered: Callable[[], None] | None = None
    retry: RetryPolicy | None = None
    sleep: Sleep = asyncio.sleep
    clock: Clock = time.time


Builder = Callable[["ResolvedProfile", Hooks], Connection]


class _Adapters(Mapping[str, Builder]):
    """Each adapter's connection builder, its package imported when it is first asked for:
    loading every adapter (their wire schemas) cost a profile of one a third of the app's
    start-up (`bench/startup.py`)."""

    def __init__(self, homes: dict[str, str]) -> None:
        self._homes = homes  # name -> "module:builder"

    def __getitem__(self, name: str) -> Builder:
        module, _, attribute = self._homes[name].partition(":")
        build: Builder = getattr(importlib.import_module(module), attribute)
        return build

    def __iter__(self) -> Iterator[str]:
        return iter(self._homes)

    def __len__(self) -> int:
        return len(self._homes)


ADAPTERS: Mapping[str, Builder] = _Adapters(
    {
        "jira": "tuiws.backends.jira.connection:jira_connection",
        "everit": "tuiws.backends.everit:connection",
        "tempo": "tuiws.backends.tempo.connection:connection",
        "extender": "tuiws.backends.extender:connection",
    }
)


def connection_for(
    profile: ResolvedProfile, hooks: Hooks | None = None, *, backend: str | None = None
) -> Connection:
    """The unopened connection for `profile` (no I/O until it is opened), with the adapter
    its `worklogs` setting names unless `backend` says otherwise."""
    name = backend or profile.worklogs
    try:
        build = ADAPTERS[name]
    except KeyError:
        known = ", ".join(sorted(ADAPTERS))
        raise UnknownBackend(
            f"profile {profile.name!r}: worklogs = {name!r} has no adapter in this tuiws "
            f"(it serves: {known}); nothing was sent"
        ) from None
    return build(profile, hooks or Hooks())
