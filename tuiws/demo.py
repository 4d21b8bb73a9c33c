"""Demo mode: a profile that signs in to an in-process emulator as its demo user."""

from __future__ import annotations

from tuiws.config import ResolvedProfile, Secret
from tuiws.domain.models import Flavor
from tuiws.emulator import DEMO, JiraEmulator


def demo_profile(emulator: JiraEmulator, *, zone: str | None = None) -> ResolvedProfile:
    cloud = emulator.flavor == "cloud"
    return ResolvedProfile(
        name=f"demo-{emulator.flavor}",
        url=emulator.url,
        flavor=Flavor.CLOUD if cloud else Flavor.SERVER,
        email=DEMO.email if cloud else None,
        auth="auto",
        zone=zone,
        tracking_override=None,
        week_start="monday",
        ca_bundle=None,
        token=Secret(DEMO.api_token if cloud else DEMO.pat, source="the bundled emulator"),
    )
