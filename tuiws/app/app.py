"""The Textual app: the composition of screens over services it is handed, never builds.

Start-up paints the week's frame at once and connects in a worker; the grid fills when the
network answers.
"""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.theme import BUILTIN_THEMES

import tuiws.app
from tuiws.app import screens, startup
from tuiws.app.messages import BackoffCleared, BackoffStarted, WorklogSaved, WritesInFlight
from tuiws.app.screens.week import WeekScreen
from tuiws.app.startup import CannotStart as CannotStart
from tuiws.app.theme_files import (
    DEFAULT_THEME,
    FALLBACK_THEME,
    choose_theme,
    quick_theme,
    theme_file_names,
    themes_dir,
    variable_defaults,
)
from tuiws.app.widgets.status_bar import StatusBar
from tuiws.app.widgets.week_grid import GridLook
from tuiws.backends.backoff import BackoffEvent, BackoffRelay, Clock
from tuiws.config.app_state import load_state, save_state

if TYPE_CHECKING:
    # The services (and httpx under them) load in the connect worker, after the first frame.
    from tuiws.config.app_state import AppState
    from tuiws.config.ui_settings import UiSettings
    from tuiws.services.cached_weeks import CachedWeek
    from tuiws.services.session import Session
    from tuiws.services.team_spec import TeamSpec
    from tuiws.services.timer import TimerService
    from tuiws.store.cache import WorklogCache
    from tuiws.store.draft_store import DraftStore
    from tuiws.store.journal import WriteJournal


class TuiwsApp(App[None]):
    """tuiws. Keys are listed in each screen's docstring and under `?`."""

    CSS_PATH = "app.tcss"
    TITLE = "tuiws"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
    ]

    def __init__(
        self,
        *,
        connect: Callable[[], Awaitable[Session]],
        close: Callable[[], Awaitable[None]] | None = None,
        relay: BackoffRelay,
        profile_name: str,
        drafts: DraftStore,
        state_path: Path | None = None,
        ui: UiSettings | None = None,
        clock: Clock = time.time,
        today: Callable[[], date] | None = None,
        environ: dict[str, str] | None = None,
        team: TeamSpec | None = None,
        cache_file: Path | None = None,
        site: str | None = None,
        worklogs: str = "jira",
        first_week: CachedWeek | None = None,
        first_weekday: int = 0,
        zone_override: str | None = None,
        timers: TimerService | None = None,
        journal_file: Path | None = None,
    ) -> None:
        super().__init__()
        self.journal_file = journal_file
        """The profile's write journal, opened once connected (None: kept in memory)."""
        self._connect = connect
        self._close = close
        self.cache_file = cache_file
        """The profile's local cache, opened after the first frame (`first_week` is its week the
        first frame shows) and synced once connected."""
        self._first_zone = first_week.week.zone if first_week is not None else None
        self.cache: WorklogCache | None = None
        self.site = site
        """The Jira the profile names: a cache of another one is synced afresh, never shown."""
        self.worklogs = worklogs
        """The profile's worklog backend (`jira`, `tempo`, …): the cache shown is its own."""
        self.zone_override = zone_override
        self.refused: str | None = None
        """Why the app closed without starting (a configuration the validation refused)."""
        self.profiles: list[str] = []
        """The profiles of config.toml (known once it is validated): the palette switches."""
        self.switch_to: str | None = None
        """The profile the user chose to switch to: the app closes and the launcher opens it."""
        self.relay = relay
        self.profile_name = profile_name
        self.drafts = drafts
        self.state_path = state_path
        self.clock = clock
        self._today_override = today
        self.environ = dict(os.environ if environ is None else environ)
        self._app_state: AppState | None = None
        self.session: Session | None = None
        if ui is not None and ui.keymap:
            self.set_keymap(dict(ui.keymap))
        # Chosen before the first frame (a theme set once running re-parses all the CSS), from a
        # quick read of its file; every theme is validated and registered after the first frame.
        self._theme_notice: str | None = None
        self._set_first_theme(self._first_theme(self.app_state.theme, ui.theme if ui else None))
        self.home = WeekScreen(
            drafts=drafts,
            today=self.today,
            pinned=lambda: list(self.app_state.pinned.get(self.profile_name, [])),
            recent=lambda: list(self.app_state.recent.get(self.profile_name, [])),
            toggle_pin=self.toggle_pin,
            remember=self.remember_issue,
            look=GridLook.from_ui(ui) if ui is not None else GridLook(),
            clock=clock,
            first_weekday=first_weekday,
            team=team,
            first_week=first_week,
            zone_override=zone_override,
            timers=timers,
        )

    # -- start-up -------------------------------------------------------------------------------

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(variable_defaults())

    def _first_theme(self, saved: str | None, configured: str | None) -> str:
        name = choose_theme(saved, configured, self.environ)
        if name in BUILTIN_THEMES:
            return name  # one of Textual's own
        for candidate in (name, DEFAULT_THEME):
            theme = quick_theme(candidate)
            if theme is not None:
                self.register_theme(theme)
                return candidate
        # Our theme files are missing or broken (a broken install): Textual's default still
        # works, and the user is told once the screen is up.
        self._theme_notice = (
            f"The theme {name!r} could not be found in {themes_dir()}; using {FALLBACK_THEME}."
        )
        return FALLBACK_THEME

    def _set_first_theme(self, name: str) -> None:
        """Make `name` the theme the stylesheet is first parsed with.

        Set as Textual's docs set a first theme (`set_reactive`: no watcher), so the CSS is not
        parsed again for it before the first frame, when the theme is as dark as Textual's
        default: the dark-mode classes and the ANSI colours Textual set up for that one hold. A
        light theme goes through the watcher, which sets them for it.
        """
        theme = self.get_theme(name)
        if theme is not None and theme.dark == self.current_theme.dark:
            self.set_reactive(App.theme, name)
            # Nothing is parsed yet: the variables Textual took from its default theme are
            # replaced by this one's before the stylesheet is first read.
            self.stylesheet.set_variables(self.get_css_variables())
        else:
            self.theme = name

    def register_all_themes(self) -> None:
        """Validate and register every theme file (for the palette); leave a broken one."""
        themes = tuiws.app.themes.available_themes()
        for theme in themes:
            self.register_theme(theme)
        if self._theme_notice:
            self.notify(self._theme_notice, severity="warning", timeout=10)
            self._theme_notice = None
        ours = theme_file_names()
        if self.theme in ours and self.theme not in {t.name for t in themes}:
            self.notify(
                f"The theme file {self.theme}.toml is not valid; using {DEFAULT_THEME}.",
                severity="warning",
            )
            self.theme = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else FALLBACK_THEME

    async def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.relay.on_backoff = self._relay_backoff
        self.relay.on_recovered = self._relay_recovered
        await self.push_screen(self.home)
        status = self.home.status
        status.profile = self.profile_name
        status.loading = True
        # After the first frame: the worker validates the themes, imports the services and may
        # start the emulator.
        self.call_after_refresh(self.connect_session)

    def _open_cache(self) -> None:
        """Open the cache (on the loop's thread, which is the only one to use it)."""
        startup.open_cache(self)

    async def on_unmount(self) -> None:
        if self._close is not None:
            await self._close()
        if self.cache is not None:
            self.cache.close()

    def today(self) -> date:
        if self._today_override is not None:
            return self._today_override()
        # Before the session, the zone the first frame's cached week was cut in (the Jira
        # profile's as last synced), so `▸` and the week agree; else this machine's.
        zone = self.session.zone if self.session else self._first_zone
        return datetime.now(zone).date()

    @work(exclusive=True, group="connect", exit_on_error=False)
    async def connect_session(self) -> None:
        await startup.connect_session(self)

    def _open_journal(self) -> WriteJournal | None:
        return startup.open_journal(self)

    @work(group="flow", exit_on_error=False)
    async def reopen_draft(self) -> None:
        """A worklog typed before a crash or a dropped SSH session comes back first thing."""
        await startup.reopen_draft(self)

    # -- cross-screen news ----------------------------------------------------------------------

    def _relay_backoff(self, event: BackoffEvent) -> None:
        # Called from the client inside a worker: hand it to the message loop.
        self.post_message(BackoffStarted(event))

    def _relay_recovered(self) -> None:
        self.post_message(BackoffCleared())

    def _status(self) -> StatusBar | None:
        """The status bar, or None while the app is closing and the news has nowhere to go."""
        try:
            return self.home.status
        except NoMatches:
            return None

    def on_week_screen_reconnect_requested(self, message: WeekScreen.ReconnectRequested) -> None:
        self.connect_session()

    def on_backoff_started(self, message: BackoffStarted) -> None:
        if status := self._status():
            status.backoff = message.event

    def on_backoff_cleared(self, message: BackoffCleared) -> None:
        if status := self._status():
            status.backoff = None
            self.home.connection_back()  # the queue goes now

    async def action_quit(self) -> None:
        """Quit, asking first while a save is unanswered (`q`, `ctrl+q`)."""
        status = self._status()
        saving = status.writes_in_flight if status is not None else 0
        if saving == 0:
            await super().action_quit()
            return

        def answered(quit_now: bool | None) -> None:
            if quit_now:
                self.exit()

        self.push_screen(screens.quit_saving.QuitWhileSavingScreen(saving), answered)

    def on_writes_in_flight(self, message: WritesInFlight) -> None:
        if status := self._status():
            status.writes_in_flight = max(0, status.writes_in_flight + message.delta)

    def on_worklog_saved(self, message: WorklogSaved) -> None:
        self.home.load_week(focus_issue=message.worklog.issue_key)

    # -- state ------------------------------------------------------------------------------------

    @property
    def app_state(self) -> AppState:
        """Pins, recent issues and the theme: loaded (and validated) when first needed."""
        if self._app_state is None:
            self._app_state = load_state(self.state_path)
        return self._app_state

    @app_state.setter
    def app_state(self, state: AppState) -> None:
        self._app_state = state

    def _save_state(self) -> None:
        try:
            save_state(self.app_state, self.state_path)
        except OSError as exc:
            self.notify(f"Could not save settings: {exc}", severity="warning")

    def _remember_theme(self, theme: object) -> None:
        self.app_state = self.app_state.with_theme(self.theme)
        self._save_state()

    def toggle_pin(self, key: str) -> bool:
        self.app_state = self.app_state.with_pin_toggled(self.profile_name, key)
        self._save_state()
        return key in self.app_state.pinned.get(self.profile_name, [])

    def remember_issue(self, key: str) -> None:
        self.app_state = self.app_state.with_recent(self.profile_name, key)
        self._save_state()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette (`ctrl+p`): tuiws's own commands first, then Textual's (Theme, Quit…)."""
        if isinstance(screen, WeekScreen):
            yield SystemCommand(
                "Log work", "Log work on the highlighted issue and day (a)", screen.action_add
            )
            yield SystemCommand(
                "Go to date",
                "Show the week of a date, cursor on that day (g)",
                screen.action_go_to_date,
            )
            yield SystemCommand(
                "Team week", "The team's week, people × days (m)", screen.action_team
            )
            yield SystemCommand(
                "Copy last week",
                "Last week's worklogs as a plan for this week, sent when you confirm (F)",
                screen.action_copy_last_week,
            )
            yield SystemCommand(
                "Export grid",
                "Write the week to a .csv, .md, .json or .txt file (x)",
                screen.action_export,
            )
            yield SystemCommand(
                "Sync",
                "Reload the week and bring the local cache up to date (r)",
                screen.action_refresh,
            )
            if len(self.profiles) > 1:
                yield SystemCommand(
                    "Switch profile",
                    f"Open another profile of config.toml (now {self.profile_name})",
                    self.choose_profile,
                )
        yield from super().get_system_commands(screen)

    @work(group="flow", exit_on_error=False)
    async def choose_profile(self) -> None:
        chosen = await self.push_screen_wait(
            screens.dialogs.PickProfileScreen(self.profiles, self.profile_name)
        )
        if chosen is not None and chosen != self.profile_name:
            self.switch_to = chosen
            self.exit()

    def action_help(self) -> None:
        screen = self.screen
        title = getattr(screen, "HELP_TITLE", type(screen).__name__.removesuffix("Screen"))
        help_screen = screens.help
        self.push_screen(help_screen.HelpScreen(f"Keys: {title}", help_screen.binding_rows(screen)))
