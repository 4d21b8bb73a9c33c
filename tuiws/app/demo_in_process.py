"""The demo in this process: its emulator, the profile that signs in to it, the demo team.

No Textual: `tuiws --demo COMMAND` runs the command line on these and `tuiws emulator` serves
the emulator in the foreground (`serve_forever`); `tuiws.app.demo` builds the app on them
(tests, screenshots, benchmarks).
"""

from __future__ import annotations

from tuiws.app.demo_emulator import site_of
from tuiws.app.demo_profile import named_site_profile, site_profile
from tuiws.app.demo_server import emulator_flavor
from tuiws.config import ResolvedProfile
from tuiws.emulator import JiraEmulator
from tuiws.emulator.cli_support import EmulatorStartError, serve_forever
from tuiws.emulator.seed import DEMO_GROUP
from tuiws.services.team_spec import TeamSpec

__all__ = [
    "DEMO_GROUP",
    "DEMO_TEAM",
    "EmulatorStartError",
    "demo_emulator",
    "demo_profile",
    "named_demo_profile",
    "serve_forever",
]

DEMO_TEAM = TeamSpec(name=DEMO_GROUP, group=DEMO_GROUP)
"""The team `m` shows in a demo: the emulator's seeded group."""


def demo_emulator(name: str) -> JiraEmulator:
    """The (unstarted) emulator `--demo NAME` runs."""
    return JiraEmulator(emulator_flavor(name))


def named_demo_profile(emulator: JiraEmulator, name: str) -> ResolvedProfile:
    """The profile `--demo NAME` signs in with, its worklogs where that demo keeps them."""
    return named_site_profile(site_of(emulator), name)


def demo_profile(
    emulator: JiraEmulator, *, zone: str | None = None, worklogs: str = "jira"
) -> ResolvedProfile:
    return site_profile(site_of(emulator), zone=zone, worklogs=worklogs)
