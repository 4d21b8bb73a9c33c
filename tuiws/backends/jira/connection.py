"""A profile's Jira: the client, signed in once its flavor is known, as directory and backend.

Cloud and Server/DC differ only in what they declare (`CLOUD`, `SERVER`) and in the endpoints
the client picks; the services read the capabilities, never the flavor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx

from tuiws.backends.base import ServerFacts
from tuiws.backends.capabilities import Capabilities
from tuiws.backends.jira.auth import BasicAuth, BearerAuth
from tuiws.backends.jira.client import ClientSettings, JiraClient, flavor_of
from tuiws.backends.jira.directory import JiraDirectory
from tuiws.backends.jira.worklogs import JiraWorklogs
from tuiws.domain.models import Flavor

if TYPE_CHECKING:
    from tuiws.backends.registry import Hooks
    from tuiws.config import ResolvedProfile

__all__ = ["CLOUD", "SERVER", "JiraConnection", "auth_for", "capabilities_for", "jira_connection"]

CLOUD = Capabilities(
    name="jira",
    label="cloud",
    comment_format="adf",
    change_feed=True,
    started="instant",
)
SERVER = Capabilities(
    name="jira",
    label="server",
    comment_format="wiki",
    change_feed=True,
    started="instant",
)

Signer = Callable[[Flavor], httpx.Auth]
"""How to sign requests once the flavor (and so the scheme) is known."""


def capabilities_for(flavor: Flavor) -> Capabilities:
    return CLOUD if flavor is Flavor.CLOUD else SERVER


class JiraConnection:
    def __init__(self, client: JiraClient, sign: Signer | None = None) -> None:
        self.client = client
        self._sign = sign

    @property
    def request_count(self) -> int:
        return self.client.request_count

    async def server(self) -> ServerFacts:
        info = await self.client.server_info()
        kind = flavor_of(info)
        cloud = kind is Flavor.CLOUD
        return ServerFacts(
            title=info.server_title or "Jira",
            version=info.version,
            kind=kind.value,
            protocol="REST v3" if cloud else "REST v2",
            sign_in_fix=(
                "create an API token at id.atlassian.com → Security and use your account email"
                if cloud
                else "create a personal access token in your Jira profile"
            ),
        )

    async def open(self) -> tuple[JiraDirectory, JiraWorklogs]:
        """`serverInfo` answers anonymously, so the flavor is known before choosing how to sign."""
        flavor = await self.client.ensure_flavor()
        if self._sign is not None:
            self.client.set_auth(self._sign(flavor))
        return (
            JiraDirectory(self.client, flavor),
            JiraWorklogs(self.client, capabilities_for(flavor)),
        )

    async def aclose(self) -> None:
        await self.client.aclose()

    async def __aenter__(self) -> JiraConnection:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def auth_for(profile: ResolvedProfile, flavor: Flavor) -> httpx.Auth:
    """Basic (Cloud email + API token) or Bearer (Server/DC personal access token)."""
    if profile.auth_for(flavor) == "basic":
        return BasicAuth(profile.email or "", profile.token.reveal())
    return BearerAuth(profile.token.reveal())


def jira_connection(profile: ResolvedProfile, hooks: Hooks) -> JiraConnection:
    """The profile's Jira, unopened: the `jira` backend, and the directory beside a vendor's."""
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
