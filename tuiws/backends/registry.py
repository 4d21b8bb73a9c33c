"""Which adapter serves a profile, and how it is built: profile → directory + backend.

Only `jira` for now: Jira is both the directory and the worklog backend. The next backends
(Tempo, Everit, the Worklog extender) pair Jira's directory with their own worklog backend.
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
from tuiws.domain.models import Flavor

if TYPE_CHECKING:
    from tuiws.config import ResolvedProfile

__all__ = ["ADAPTERS", "DEFAULT_BACKEND", "Hooks", "UnknownBackend", "auth_for", "connection_for"]

DEFAULT_BACKEND = "jira"


class UnknownBackend(ValueError):
    """A profile names a backend no adapter is registered for."""


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
    profile: ResolvedProfile, hooks: Hooks | None = None, *, backend: str = DEFAULT_BACKEND
) -> Connection:
    """The unopened connection for `profile` (no I/O until it is opened)."""
    try:
        build = ADAPTERS[backend]
    except KeyError:
        known = ", ".join(sorted(ADAPTERS))
        raise UnknownBackend(f"no backend called {backend!r} (known: {known})") from None
    return build(profile, hooks or Hooks())
