"""Demo mode: the app built on an in-process emulator's demo profile
(`tuiws.app.demo_in_process`) with a clock and sleep the caller controls (tests, screenshots,
benchmarks)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tuiws.app.app import TuiwsApp
from tuiws.app.demo_in_process import DEMO_TEAM, demo_emulator, demo_profile, named_demo_profile
from tuiws.app.demo_server import DEMOS
from tuiws.app.launch import first_cached_week, timer_service
from tuiws.backends.backoff import BackoffRelay, RetryPolicy
from tuiws.backends.registry import Hooks, connection_for
from tuiws.emulator import JiraEmulator
from tuiws.factory import connect
from tuiws.store.cache_files import cache_path
from tuiws.store.draft_store import DraftStore

if TYPE_CHECKING:
    from tuiws.config.ui_settings import UiSettings
    from tuiws.services.session import Session

FROZEN_NOW = 1_795_600_000.0  # 2026-11-25, mid-morning UTC

__all__ = [
    "DEMOS",
    "FROZEN_NOW",
    "GatedTime",
    "build_demo_app",
    "demo_emulator",
    "demo_profile",
    "named_demo_profile",
]


@dataclass
class GatedTime:
    """A clock that stands still and backoff sleeps that wait for `gate` (when one is set)."""

    now: float = FROZEN_NOW
    slept: list[float] = field(default_factory=list)
    gate: asyncio.Event | None = None
    waiting: int = 0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        if self.gate is not None:
            self.waiting += 1
            await self.gate.wait()
            self.waiting -= 1
        self.now += seconds


def build_demo_app(
    emu: JiraEmulator,
    data_dir: Path,
    *,
    today: date | None = None,
    time: GatedTime | None = None,
    ui: UiSettings | None = None,
    cache: bool = False,
    worklogs: str = "jira",
) -> TuiwsApp:
    """The real app on `emu`, with time the caller controls and files under `data_dir`;
    `worklogs` names where the demo profile keeps them (`DEMOS`)."""
    profile = demo_profile(emu, worklogs=worklogs)
    relay = BackoffRelay()
    clock = time or GatedTime()
    connection = connection_for(
        profile,
        Hooks(
            retry=RetryPolicy(jitter=lambda: 0.0),
            on_backoff=relay.backoff,
            on_recovered=relay.recovered,
            sleep=clock.sleep,
            clock=clock.clock,
        ),
    )

    async def open_session() -> Session:
        return await connect(connection, profile)

    cache_file = cache_path(data_dir / "cache", "demo") if cache else None
    first_week = None
    if cache_file is not None:
        first_week = first_cached_week(
            cache_file,
            "demo",
            data_dir / "state.json",
            site=profile.url,
            worklogs=profile.worklogs,
            first_weekday=0,
            zone=None,
            day=today,
        )
    return TuiwsApp(
        connect=open_session,
        close=connection.aclose,
        relay=relay,
        profile_name="demo",
        drafts=DraftStore(data_dir / "drafts"),
        state_path=data_dir / "state.json",
        clock=clock.clock,
        today=(lambda: today) if today else None,
        environ={},
        ui=ui,
        team=DEMO_TEAM,
        cache_file=cache_file,
        site=profile.url,
        worklogs=profile.worklogs,
        first_week=first_week,
        timers=timer_service(
            "demo", data_dir / "timers", ui, now=lambda: datetime.fromtimestamp(clock.now, UTC)
        ),
        journal_file=cache_path(data_dir / "journal", "demo"),
    )
