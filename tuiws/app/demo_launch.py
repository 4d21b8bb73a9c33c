"""Starting `tuiws --demo NAME`: the app on an emulator in a process of its own, with the
demo's own cache, drafts and state under the data folder.

The standard library, the launcher and the demo's plain modules only: like `tuiws`'s own
start, this runs before the first frame.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

import tuiws.app
from tuiws.app.app import TuiwsApp
from tuiws.app.demo_server import DemoServer
from tuiws.app.launch import AppConnection, first_cached_week
from tuiws.app.startup import preload
from tuiws.backends.backoff import BackoffRelay
from tuiws.config.paths import data_dir as default_data_dir
from tuiws.services.team_spec import TeamSpec
from tuiws.store.cache_files import cache_path
from tuiws.store.draft_store import DraftStore

if TYPE_CHECKING:
    from tuiws.services.session import Session

DEMO_GROUP = "tuiws-team"
"""The seeded group holding the demo team (`tuiws.emulator.seed`): the team view's."""


class DemoConnection(AppConnection):
    """The connection to the `--demo NAME` emulator, which this starts in a process of its own."""

    def __init__(self, relay: BackoffRelay, name: str, emulator: DemoServer | None = None) -> None:
        super().__init__(relay)
        self.name = name
        self.emulator = emulator
        """Started here when it is needed, unless `tuiws --demo` started it before Textual."""

    async def open_demo(self) -> Session:
        """The session on the demo's emulator. It is started first, so that it seeds on the
        other core while this process loads the client's modules."""
        if self.emulator is None:  # a retry (`r`) reuses the one already running
            self.emulator = DemoServer.spawn(self.name)
        await asyncio.to_thread(preload, "tuiws.app.demo_profile", "tuiws.factory")
        site = await asyncio.to_thread(self.emulator.site)  # it may still be seeding
        return await self.open(tuiws.app.demo_profile.named_site_profile(site, self.name))

    async def close(self) -> None:
        await super().close()
        if self.emulator is not None:
            await asyncio.to_thread(self.emulator.close)


def make_demo_app(
    name: str = "cloud", *, data_dir: Path | None = None, emulator: DemoServer | None = None
) -> TuiwsApp:
    """The app against `emulator`, or else a fresh emulator in its own process, started by the
    connect worker."""
    relay = BackoffRelay()
    connection = DemoConnection(relay, name, emulator)
    folder = data_dir or default_data_dir()
    profile = f"demo-{name}"
    # The demo keeps a cache like any profile, so a second demo paints its week in the first
    # frame. Each demo's emulator listens on a new port and serves the same seeded team, so
    # the last demo's cache is shown whatever its address was (`site=None`); the sync then
    # finds the address changed and refills it from this emulator, whose week replaces it.
    cache_file = cache_path(folder / "cache", profile)
    state_path = folder / "state.json"
    return TuiwsApp(
        connect=connection.open_demo,
        close=connection.close,
        relay=relay,
        profile_name=profile,
        drafts=DraftStore(folder / "drafts" / profile),
        state_path=state_path,
        team=TeamSpec(name=DEMO_GROUP, group=DEMO_GROUP),
        cache_file=cache_file,
        first_week=first_cached_week(
            cache_file, profile, state_path, site=None, first_weekday=0, zone=None
        ),
    )


def run_demo_app(name: str, emulator: DemoServer | None = None) -> int:
    """Run `tuiws --demo NAME` on `emulator` (see `make_demo_app`), which the app stops as it
    closes."""
    app = make_demo_app(name, emulator=emulator)
    app.run()
    return app.return_code or 0
