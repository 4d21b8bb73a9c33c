"""Which adapter serves a profile, and how it is built: profile → directory + backend.

The profile's `worklogs` setting names the worklog backend. Only `jira` has an adapter so
far (Jira is then both the directory and the worklog backend); a profile naming another is
refused by name rather than quietly written to Jira. The next backends (Tempo, Everit, the
Worklog extender) pair Jira's directory with their own worklog backend.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx

from tuiws.backends.backoff import BackoffCallback, Clock, RetryPolicy, Sleep
from tuiws.backends.base import Connection
from tuiws.backends.jira.auth import BasicAuth, BearerAuth
from tuiws.backends.jira.client import ClientSettings, JiraClient
from tuiws.backends.jira.connection import JiraConnection
from tuiws.config.errors import ConfigError
from tuiws.domain.models import Flavor

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


def auth_for(profile: ResolvedProfile, flavor: Flavor) -> httpx.Auth:
    """Basic (Cloud email + API token) or Bearer (Server/DC personal access token)."""
    if profile.auth_for(flavor) == "basic":
        return BasicAuth(profile.email or "", profile.token.reveal())
    return BearerAuth(profile.token.reveal())


def _jira(profile: ResolvedProfile, hooks: Hooks) -> Connection:
    settings = ClientSettings(
        base_url=profile.url, flavor=profile.flavor, ca_bundle=profile.ca_bundle
    )
    client = JiraClient(
        settings,
        None,
        retry=hooks.retry,
        on_backoff=hooks.on_backoff,
        on_recovered=hooks.on_recovered,
        sleep=hooks.sleep,
        clock=hooks.clock,
    )
    return JiraConnection(client, lambda flavor: auth_for(profile, flavor))


ADAPTERS: dict[str, Callable[[ResolvedProfile, Hooks], Connection]] = {"jira": _jira}


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
