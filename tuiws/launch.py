"""Starting the app: drafts on disk, the state file, the local cache, and a `connect` that
builds the Jira client (and, in demo mode, starts the emulator) in a worker.

Nothing here imports httpx, the services or the emulator at module level: the app's first
frame is drawn before they load.
"""

from __future__ import annotations

import asyncio
import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from tuiws.app import TuiwsApp
from tuiws.jira.retry import BackoffRelay
from tuiws.paths import data_dir as default_data_dir

if TYPE_CHECKING:
    from tuiws.config import ResolvedProfile, UiConfig
    from tuiws.emulator import JiraEmulator
    from tuiws.jira.client import JiraClient
    from tuiws.services.session import Session
    from tuiws.services.team_spec import TeamSpec
    from tuiws.store.cache import WorklogCache


class _Connection:
    """The client for a profile, built on first use inside the app's connect worker."""

    def __init__(self, relay: BackoffRelay) -> None:
        self.relay = relay
        self.client: JiraClient | None = None
        self.emulator: JiraEmulator | None = None

    async def open(self, profile: ResolvedProfile) -> Session:
        await asyncio.to_thread(_preload, "tuiws.factory")  # off the loop: the frame stays live
        from tuiws.factory import build_client, connect

        relay = self.relay
        self.client = build_client(profile, on_backoff=relay.backoff, on_recovered=relay.recovered)
        return await connect(self.client, profile)

    async def open_demo(self, flavor: str) -> Session:
        await asyncio.to_thread(_preload, "tuiws.demo", "tuiws.emulator", "tuiws.factory")
        from tuiws.demo import demo_profile
        from tuiws.emulator import JiraEmulator

        emulator = JiraEmulator("server" if flavor == "server" else "cloud")
        # Seeding and binding the port take a moment: off the event loop, so the frame stays live.
        await asyncio.to_thread(emulator.__enter__)
        self.emulator = emulator
        return await self.open(demo_profile(emulator))

    async def close(self) -> None:
        if self.client is not None:
            await self.client.aclose()
        if self.emulator is not None:
            self.emulator.__exit__(None, None, None)


def _preload(*modules: str) -> None:
    for name in modules:
        importlib.import_module(name)


def _open_cache(name: str, folder: Path) -> WorklogCache | None:
    from tuiws.store.cache import CacheError, WorklogCache

    try:
        return WorklogCache.for_profile(name, folder / "cache")
    except (CacheError, OSError):
        return None  # the app works without it, only without the head start


def make_app(
    profile: ResolvedProfile,
    *,
    ui: UiConfig | None = None,
    data_dir: Path | None = None,
    team: TeamSpec | None = None,
) -> TuiwsApp:
    from tuiws.store.draft_store import DraftStore

    relay = BackoffRelay()
    connection = _Connection(relay)

    async def open_session() -> Session:
        return await connection.open(profile)

    folder = data_dir or default_data_dir()
    return TuiwsApp(
        connect=open_session,
        close=connection.close,
        relay=relay,
        profile_name=profile.name,
        drafts=DraftStore(folder / "drafts" / profile.name),
        state_path=folder / "state.json",
        ui=ui,
        team=team,
        cache=_open_cache(profile.name, folder),
    )


def make_demo_app(flavor: str = "cloud", *, data_dir: Path | None = None) -> TuiwsApp:
    """The app against a fresh in-process emulator, started in the connect worker."""
    from tuiws.services.team_spec import TeamSpec
    from tuiws.store.draft_store import DraftStore

    relay = BackoffRelay()
    connection = _Connection(relay)

    async def open_session() -> Session:
        return await connection.open_demo(flavor)

    folder = data_dir or default_data_dir()
    name = f"demo-{flavor}"
    group = "tuiws-team"  # the seeded group holding the demo team (tuiws.emulator.seed)
    return TuiwsApp(
        connect=open_session,
        close=connection.close,
        relay=relay,
        profile_name=name,
        drafts=DraftStore(folder / "drafts" / name),
        state_path=folder / "state.json",
        team=TeamSpec(name=group, group=group),
    )


def run_app(
    profile: ResolvedProfile, *, ui: UiConfig | None = None, team: TeamSpec | None = None
) -> int:
    app = make_app(profile, ui=ui, team=team)
    app.run()
    return app.return_code or 0


def run_demo_app(flavor: str) -> int:
    app = make_demo_app(flavor)
    app.run()
    return app.return_code or 0
