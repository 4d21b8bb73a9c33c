"""Starting the app: drafts on disk, the state file, the local cache, and a `connect` that
builds the profile's connection in a worker (the demo's start is `tuiws.app.demo_launch`).

Nothing here imports pydantic, httpx, the services or the emulator at module level: the app's
first frame is drawn before they load. `tuiws` with no command starts from the facts the last
start recorded for this configuration (`tuiws.config.start_facts`) and validates it in the
connect worker; a configuration the validation refuses closes the app with the validator's
message. A configuration never validated as it is now is validated before any screen.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from collections.abc import Awaitable, Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import tuiws
import tuiws.app.screens
import tuiws.services
import tuiws.store
from tuiws.app.app import CannotStart, TuiwsApp
from tuiws.app.config_check import configured_start, facts_record, validated_after_frame
from tuiws.app.startup import preload
from tuiws.backends.backoff import BackoffRelay
from tuiws.config.app_state import load_state
from tuiws.config.paths import config_file
from tuiws.config.paths import data_dir as default_data_dir
from tuiws.config.start_facts import StartFacts
from tuiws.config.ui_settings import UiSettings
from tuiws.domain.started import resolve_zone
from tuiws.logfile import redact
from tuiws.services.cached_weeks import CachedWeek, CachedWeeks
from tuiws.store.cache import CacheError, WorklogCache
from tuiws.store.cache_files import DEFAULT_BACKEND, cache_path
from tuiws.store.draft_store import DraftStore

if TYPE_CHECKING:
    from tuiws.app.config_check import Validated
    from tuiws.backends.base import Connection
    from tuiws.config import ResolvedProfile
    from tuiws.services.session import Session
    from tuiws.services.team_spec import TeamSpec
    from tuiws.services.timer import TimerService


class AppConnection:
    """The connection for a profile, built on first use inside the app's connect worker."""

    def __init__(self, relay: BackoffRelay) -> None:
        self.relay = relay
        self.connection: Connection | None = None

    async def open(self, profile: ResolvedProfile) -> Session:
        await asyncio.to_thread(preload, "tuiws.factory")  # off the loop: the frame stays live
        factory = tuiws.factory
        redact(profile.token)  # from here on its value never reaches the log file
        relay = self.relay
        self.connection = factory.build_connection(
            profile, on_backoff=relay.backoff, on_recovered=relay.recovered
        )
        return await factory.connect(self.connection, profile)

    async def close(self) -> None:
        if self.connection is not None:
            await self.connection.aclose()


def first_cached_week(
    cache_file: Path,
    profile: str,
    state_path: Path,
    *,
    site: str | None,
    first_weekday: int,
    zone: str | None,
    day: date | None = None,
    worklogs: str = DEFAULT_BACKEND,
) -> CachedWeek | None:
    """The week the first frame shows, from the profile's cache of `site` and its `worklogs`
    backend as last synced (with the profile's pinned issues), read before the app starts so
    that it is in that frame. None when there is nothing to show: no file (none is made here),
    never synced, a cache of another site or backend, or one that cannot be read (the app says
    why once it opens it). `site` None takes the cache of whichever site synced it last (the
    demo's)."""
    if not cache_file.is_file():
        return None
    try:
        with WorklogCache(cache_file) as cache:
            if site is not None and not cache.holds_site(site, backend=worklogs):
                return None  # the next sync empties it
            # Today where the week is bucketed: the profile's zone, else the Jira profile's as
            # the cache last saw it (a UTC server's Sunday night is Monday in Berlin).
            account = cache.account()
            named = zone or (account.time_zone if account else None)
            today = datetime.now(resolve_zone(named)).date() if named else date.today()
            cached = CachedWeeks(cache, week_start=first_weekday).load(
                day or today,
                zone=resolve_zone(zone) if zone else None,
                keep=load_state(state_path).pinned.get(profile, []),
            )
    except (CacheError, OSError, sqlite3.Error, ValueError):
        return None
    return cached if cached.synced_at is not None else None


def make_app(
    profile: ResolvedProfile,
    *,
    ui: UiSettings | None = None,
    data_dir: Path | None = None,
    team: TeamSpec | None = None,
) -> TuiwsApp:
    connection = AppConnection(BackoffRelay())

    async def open_session() -> Session:
        return await connection.open(profile)

    return _app_for_profile(
        profile.name,
        data_dir or default_data_dir(),
        connection,
        open_session,
        site=profile.url,
        worklogs=profile.worklogs,
        first_weekday=profile.week_start_weekday,
        zone=profile.zone,
        ui=ui,
        team=team,
    )


def make_configured_app(
    facts: StartFacts,
    profile_option: str | None = None,
    *,
    config_path: Path | None = None,
    environ: Mapping[str, str] | None = None,
    data_dir: Path | None = None,
    validated: Validated | None = None,
) -> TuiwsApp:
    """The app of `tuiws`, its first frame drawn from `facts`.

    Unless `validated` is given (the configuration was validated before the app), the connect
    worker validates the configuration as `tuiws.config` does for every command; if it is
    refused, the app closes with `CannotStart` and the validator's message.
    """
    connection = AppConnection(BackoffRelay())
    env = dict(os.environ if environ is None else environ)
    path = config_path or config_file()
    folder = data_dir or default_data_dir()

    async def open_session() -> Session:
        if validated is None:
            await asyncio.to_thread(preload, "tuiws.config.loading", "tuiws.config.environment")
            profile, config = await asyncio.to_thread(
                validated_after_frame, path, env, profile_option, facts, facts_record(folder)
            )
        else:
            profile, config = validated
        app.home.team = tuiws.services.team_spec.app_team(config.teams)
        app.profiles = sorted(config.profiles)
        return await connection.open(profile)

    app = _app_for_profile(
        facts.profile,
        folder,
        connection,
        open_session,
        site=facts.url,
        worklogs=facts.worklogs,
        first_weekday=facts.first_weekday,
        zone=facts.zone,
        ui=facts.ui,
    )
    return app


def _app_for_profile(
    name: str,
    folder: Path,
    connection: AppConnection,
    connect: Callable[[], Awaitable[Session]],
    *,
    site: str,
    worklogs: str,
    first_weekday: int,
    zone: str | None,
    ui: UiSettings | None,
    team: TeamSpec | None = None,
) -> TuiwsApp:
    """The app on profile `name`'s files under `folder` (drafts, state, the cache), with the
    cache's week of `site` and `worklogs` read now, for the first frame."""

    async def connect_with_timer() -> Session:
        # The timer is read in a worker, never in the first frame: its modules load after it
        # (once: a retry with `r` keeps the one built).
        if app.home.timers is None:
            await asyncio.to_thread(preload, "tuiws.services.timer", "tuiws.store.timer_store")
            app.home.timers = timer_service(name, folder / "timers", ui)
            app.home.show_timer()
        return await connect()

    cache_file = cache_path(folder / "cache", name)
    state_path = folder / "state.json"
    app = TuiwsApp(
        connect=connect_with_timer,
        close=connection.close,
        relay=connection.relay,
        profile_name=name,
        drafts=DraftStore(folder / "drafts" / name),
        state_path=state_path,
        ui=ui,
        team=team,
        cache_file=cache_file,
        site=site,
        worklogs=worklogs,
        first_week=first_cached_week(
            cache_file,
            name,
            state_path,
            site=site,
            worklogs=worklogs,
            first_weekday=first_weekday,
            zone=zone,
        ),
        first_weekday=first_weekday,
        zone_override=zone,
        journal_file=cache_path(folder / "journal", name),
    )
    return app


def timer_service(
    profile: str,
    folder: Path,
    ui: UiSettings | None,
    now: Callable[[], datetime] | None = None,
) -> TimerService:
    """The profile's timer in `folder` (the file `tuiws timer` shares), rounded per `[ui]`."""
    settings = ui or UiSettings()
    return tuiws.services.timer.TimerService(
        tuiws.store.timer_store.TimerStore.for_profile(profile, folder),
        round_minutes=settings.round_minutes,
        round_mode=settings.round_mode,
        now=now,
    )


def run_app(
    profile: ResolvedProfile, *, ui: UiSettings | None = None, team: TeamSpec | None = None
) -> int:
    app = make_app(profile, ui=ui, team=team)
    app.run()
    return app.return_code or 0


def needs_setup(path: Path, environ: Mapping[str, str]) -> bool:
    """Whether `tuiws` is a first run: no `config.toml`, and no `TUIWS_URL` standing in for one."""
    return not path.exists() and not environ.get("TUIWS_URL", "").strip()


def run_first_run_setup(path: Path, profile_option: str | None) -> bool:
    """The setup screen (`tuiws.app.screens.setup`); True when it wrote `path`."""
    # Named as the app will look for it: --profile, else TUIWS_PROFILE.
    setup = tuiws.services.setup
    name = profile_option or os.environ.get("TUIWS_PROFILE", "").strip() or setup.DEFAULT_PROFILE
    first_run = setup.FirstRunSetup(path, os.environ, tuiws.factory.build_connection)
    app = tuiws.app.screens.setup.SetupApp(first_run, name)
    written = app.run()
    return written is not None and path.exists()


def run_configured_app(profile_option: str | None) -> int:
    """`tuiws` (no command): the app on the chosen profile. With no configuration at all, the
    first-run setup comes first; a configuration that cannot be used is explained before any
    screen, or (found out after the first frame) as the app closes."""
    path = config_file()
    if needs_setup(path, os.environ) and not run_first_run_setup(path, profile_option):
        print(
            "tuiws: nothing was set up. `tuiws init` asks the same questions in the shell; "
            "`tuiws --demo` tries tuiws without a Jira.",
            file=sys.stderr,
        )
        return 0
    try:
        facts, validated = configured_start(path, os.environ, profile_option, default_data_dir())
    except CannotStart as exc:
        return _refused(str(exc))
    app: TuiwsApp | None = make_configured_app(facts, profile_option, validated=validated)
    while app is not None:
        app.run()
        if app.refused is not None:
            return _refused(app.refused)
        if app.switch_to is None:
            return app.return_code or 0
        app = switched_app(app.switch_to)
    print("tuiws: config.toml can no longer be used; run tuiws again.", file=sys.stderr)
    return 2


def _refused(reason: str) -> int:
    print(f"tuiws: {reason}", file=sys.stderr)
    print("Nothing was written.", file=sys.stderr)
    return 2


def switched_app(
    profile: str,
    environ: Mapping[str, str] | None = None,
    config_path: Path | None = None,
    data_dir: Path | None = None,
) -> TuiwsApp | None:
    """The app on `profile`, chosen from the palette's "Switch profile" (None: the file can
    no longer be used, and `tuiws` must start afresh to explain why)."""
    env = dict(os.environ if environ is None else environ)
    path = config_path or config_file()
    folder = data_dir or default_data_dir()
    try:
        facts, validated = configured_start(path, env, profile, folder)
    except CannotStart:
        return None
    return make_configured_app(
        facts, profile, config_path=path, environ=env, data_dir=folder, validated=validated
    )
