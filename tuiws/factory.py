"""The composition root: from a resolved profile to a signed-in client and session.

Built once (by the CLI or the app's entry point) and passed down; nothing below builds
its own HTTP client, so tests point the same factory at the emulator.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from tuiws.config import ResolvedProfile
from tuiws.domain.models import Flavor
from tuiws.jira.auth import BasicAuth, BearerAuth
from tuiws.jira.client import ClientSettings, JiraClient
from tuiws.jira.retry import BackoffCallback, RetryPolicy
from tuiws.services.session import Session, SessionOverrides, open_session


def auth_for(profile: ResolvedProfile, flavor: Flavor) -> httpx.Auth:
    if profile.auth_for(flavor) == "basic":
        return BasicAuth(profile.email or "", profile.token.reveal())
    return BearerAuth(profile.token.reveal())


def build_client(
    profile: ResolvedProfile,
    *,
    on_backoff: BackoffCallback | None = None,
    on_recovered: Callable[[], None] | None = None,
    retry: RetryPolicy | None = None,
) -> JiraClient:
    settings = ClientSettings(
        base_url=profile.url, flavor=profile.flavor, ca_bundle=profile.ca_bundle
    )
    policy = retry or RetryPolicy(wait_budget=profile.retry_budget_seconds)
    return JiraClient(
        settings, None, retry=policy, on_backoff=on_backoff, on_recovered=on_recovered
    )


async def connect(client: JiraClient, profile: ResolvedProfile) -> Session:
    """Detect the flavor when the profile leaves it open, sign in, and open the session.

    `serverInfo` answers anonymously, so the flavor is known before we choose how to sign.
    """
    flavor = await client.ensure_flavor()
    client.set_auth(auth_for(profile, flavor))
    tracking = profile.tracking_override
    return await open_session(
        client,
        SessionOverrides(
            zone=profile.zone,
            hours_per_day=tracking.hours_per_day if tracking else None,
            days_per_week=tracking.days_per_week if tracking else None,
            week_start=profile.week_start_weekday,
        ),
    )
