"""The composition root: from a resolved profile to an opened connection and a session.

Built once (by the CLI or the app's entry point) and passed down; nothing below builds its
own connection, so tests point the same factory at the emulator.
"""

from __future__ import annotations

from collections.abc import Callable

from tuiws.backends.backoff import BackoffCallback, RetryPolicy
from tuiws.backends.base import Connection
from tuiws.backends.registry import Hooks, auth_for, connection_for
from tuiws.config import ResolvedProfile
from tuiws.services.session import connect, overrides_for

__all__ = ["auth_for", "build_connection", "connect", "overrides_for"]
# `connect` and `overrides_for` live with the session (a service may open one on a connection
# it was handed); they are named here too, as the root's whole vocabulary.


def build_connection(
    profile: ResolvedProfile,
    *,
    on_backoff: BackoffCallback | None = None,
    on_recovered: Callable[[], None] | None = None,
    retry: RetryPolicy | None = None,
) -> Connection:
    policy = retry or RetryPolicy(wait_budget=profile.retry_budget_seconds)
    return connection_for(
        profile, Hooks(on_backoff=on_backoff, on_recovered=on_recovered, retry=policy)
    )
