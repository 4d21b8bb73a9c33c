"""The profile a demo signs in with: the demo user on a `DemoSite`, its worklogs where that
demo keeps them (`DEMOS`).

Free of the emulator's modules, so the app can build it for an emulator in another process.
"""

from __future__ import annotations

from dataclasses import replace

from tuiws.app.demo_server import DEMOS, DemoSite
from tuiws.config import ResolvedProfile, Secret, VendorEndpoint
from tuiws.domain.models import Flavor

_SOURCE = "the bundled emulator"


def named_site_profile(site: DemoSite, name: str) -> ResolvedProfile:
    """The profile `--demo NAME` signs in with."""
    return site_profile(site, worklogs=DEMOS.get(name, DEMOS["cloud"])[1])


def site_profile(
    site: DemoSite, *, zone: str | None = None, worklogs: str = "jira"
) -> ResolvedProfile:
    return _with_worklogs(_jira_profile(site, zone), site, worklogs)


def _with_worklogs(profile: ResolvedProfile, site: DemoSite, worklogs: str) -> ResolvedProfile:
    if worklogs == "everit":
        key = Secret(site.everit_api_key, source=_SOURCE)
        everit = VendorEndpoint(site.url + site.everit_path, key)
        return replace(profile, worklogs="everit", everit=everit)
    if worklogs == "tempo":
        tempo = VendorEndpoint(f"{site.url}/tempo/4", Secret(site.tempo_token, source=_SOURCE))
        return replace(profile, name="demo-tempo", worklogs="tempo", tempo=tempo)
    if worklogs == "extender":
        # The plugin lives under the Jira URL and signs in as Jira: nothing else to set.
        return replace(profile, name="demo-extender", worklogs="extender")
    return profile


def _jira_profile(site: DemoSite, zone: str | None) -> ResolvedProfile:
    cloud = site.flavor == "cloud"
    return ResolvedProfile(
        name=f"demo-{site.flavor}",
        url=site.url,
        flavor=Flavor.CLOUD if cloud else Flavor.SERVER,
        email=site.email if cloud else None,
        auth="auto",
        zone=zone,
        tracking_override=None,
        week_start="monday",
        ca_bundle=None,
        token=Secret(site.api_token if cloud else site.pat, source=_SOURCE),
    )
