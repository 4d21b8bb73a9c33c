"""The week screen's loading: the local cache's first paint and sync, the week from Jira, and
moving between weeks.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from textual import work
from textual.widgets import Label
from textual.worker import Worker, WorkerCancelled, WorkerFailed

import tuiws.services
from tuiws import store
from tuiws.app import screens
from tuiws.app.screens.week_base import WeekBase
from tuiws.app.widgets.week_detail import LEGEND
from tuiws.backends.errors import BackendError
from tuiws.domain.started import resolve_zone
from tuiws.domain.week import week_days, week_start
from tuiws.domain.week_view import locked_legend

if TYPE_CHECKING:
    from tuiws.domain.timesheet import Week
    from tuiws.domain.week_view import WeekView
    from tuiws.services.bundle import Services
    from tuiws.services.cached_weeks import CachedWeek, CachedWeeks


class WeekLoading(WeekBase):
    """Loading the week shown (from the cache, then Jira) and week navigation."""

    def attach_cache(self, weeks: CachedWeeks, *, paint: bool = True) -> None:
        """The cache is open: read the week from it (so the cells can be worked on) unless it
        is not to be shown, and sync it once connected."""
        self.cached_weeks = weeks
        if paint:
            self.paint_from_cache()

    @work(group="cache-paint", exit_on_error=False)
    async def paint_from_cache(self) -> None:
        """Show the week as last synced, before Jira answers (marked "cached … ago")."""
        if self.cached_weeks is None:
            return
        try:
            zone = resolve_zone(self.zone_override) if self.zone_override else None
            cached = self.cached_weeks.load(self.shown_day, zone=zone, keep=self._pinned())
        except (store.cache.CacheError, sqlite3.Error, ValueError):
            return  # a cache that cannot be read only costs the head start
        if self.week is not None or cached.synced_at is None:
            return
        self.week = cached.week
        self._show_cached(self._view(cached.week), cached.synced_at)

    def _view(self, week: Week) -> WeekView:
        """What the grid draws of `week`, with the days' required hours and locks as known."""
        known = {d: self.required[d] for d in week.days if d in self.required}
        locked = {d: self.locked_days[d] for d in week.days if d in self.locked_days}
        return replace(week.view(), required=known, locked=locked)

    def _legend(self, view: WeekView | None) -> None:
        """The legend, or for a week with locked days, what locks them."""
        line = locked_legend(view.locked) if view is not None else None
        self.query_one("#week-legend", Label).update(line or LEGEND)

    def _show_cached(self, view: WeekView, synced_at: datetime) -> None:
        first = self.grid.week is None  # else the cursor stays where the user has put it
        self.status.from_cache = True
        self.status.refreshed_at = synced_at
        self.grid.show_week(view, self._today(), self.look, self.palette())
        self._legend(view)
        if first:
            today = self._today()
            self.grid.move_to_day(today if today in view.days else view.start)
        self.update_detail()

    @work(exclusive=True, group="cache-sync", exit_on_error=False)
    async def sync_cache(self, after: Worker[None] | None = None) -> None:
        """Bring the local cache up to date in the background (on start, once the `after`
        worker has ended, and on `r`)."""
        if after is not None:
            with contextlib.suppress(WorkerCancelled, WorkerFailed):
                await after.wait()
            # And once that week is on screen: parsing the window pull holds the loop, which
            # would otherwise draw the grid only after the pull's first pages.
            painted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self.call_after_refresh(settle_unless_gone, painted)
            await painted
        if self.services is None or self.services.sync is None:
            return
        try:
            await self.services.sync.sync()
        except (BackendError, store.cache.CacheError, sqlite3.Error) as exc:
            self.status.last_error = f"Sync of the local cache failed: {exc}"

    # -- loading ------------------------------------------------------------------------------

    def connected(self, services: Services) -> None:
        self.services = services
        s = services.session
        self.shown_day = self._today()
        self.query_one("#zone-label", Label).update(f"zone {s.zone_name}")
        # The cache syncs once the week is shown: its window pull would otherwise compete
        # with the week's few requests (and their parsing) for the one interpreter.
        self.sync_cache(after=self.load_week(focus_today=True))

    @work(exclusive=True, group="week-load", exit_on_error=False)
    async def load_week(
        self,
        focus_today: bool = False,
        focus_issue: str | None = None,
        focus_day: date | None = None,
    ) -> None:
        services = self.services
        if services is None:
            return
        self.show_timer()  # the shell may have started or stopped it meanwhile
        start = week_start(self.shown_day, self.first_weekday)
        self._title(start)
        self.status.loading = True
        try:
            schedule = tuiws.services.schedule
            week, required = await schedule.beside(
                services.weeks.load(self.shown_day, keep=self._pinned()),
                schedule.required_by_day(services.session, services.session.me, week_days(start)),
            )
            # After the week: Tempo read its approval periods beside the worklogs.
            locked = await schedule.locked_by_day(services.session, services.session.me, week.days)
        except BackendError as exc:
            self.status.last_error = str(exc)
            self.status.loading = False
            backoff = self.status.backoff
            if backoff is not None and backoff.resume_at <= self.clock():
                self.status.backoff = None  # its retries are over
            self._show_unloaded(start, focus_day)
            return
        finally:
            self.status.loading = False
        self.week = week
        self.required.update(required)
        for day in week.days:
            self.locked_days.pop(day, None)
        self.locked_days.update(locked)
        self.status.from_cache = False
        self.status.refreshed_at = datetime.fromtimestamp(self.clock()).astimezone()
        self.status.clear_error()
        view = self._view(week)
        self.grid.show_week(view, self._today(), self.look, self.palette())
        self._legend(view)
        if focus_today:
            self.grid.move_to_day(self._today() if self._today() in week.days else week.start)
        if focus_day is not None:
            self.grid.move_to_day(focus_day)
        if focus_issue:
            self.grid.move_to_issue(focus_issue)
        self.update_detail()

    def _show_unloaded(self, start: date, focus_day: date | None) -> None:
        """Jira did not answer for the week of `start`: the grid shows that week from the
        cache (marked cached), or says it has none, so title, grid and editor agree."""
        day = focus_day or self.grid.current_day
        if self.week is not None and self.week.start == start:
            return  # a refresh of the week on screen: its numbers stay, with the error
        cached = self._cached(start)
        if cached is not None:
            self.week = cached.week
            assert cached.synced_at is not None
            self._show_cached(self._view(cached.week), cached.synced_at)
        else:
            self.week = None
            self.status.from_cache = False
            self.status.refreshed_at = None
            held = " and the local cache does not hold it" if self.cached_weeks else ""
            self.grid.show_no_data(
                start, self._today(), f"No data for this week: Jira did not answer{held}"
            )
            self._legend(None)
        self.update_detail()
        if day is not None:
            self.grid.move_to_day(
                start + timedelta(days=(day - week_start(day, self.first_weekday)).days)
            )

    def _cached(self, start: date) -> CachedWeek | None:
        weeks = self.cached_weeks
        if weeks is None:
            return None
        try:
            if not weeks.holds(start):
                return None
            zone = resolve_zone(self.zone_override) if self.zone_override else None
            if self.services is not None:
                zone = zone or self.services.session.zone
            cached = weeks.load(start, zone=zone, keep=self._pinned())
        except (store.cache.CacheError, sqlite3.Error, ValueError):
            return None
        return cached if cached.synced_at is not None else None

    # -- week navigation ------------------------------------------------------------------------

    def action_shift_week(self, weeks: int) -> None:
        self.shown_day += timedelta(weeks=weeks)
        self.load_week()

    def action_this_week(self) -> None:
        self.shown_day = self._today()
        self.load_week(focus_today=True)

    @work(group="flow", exit_on_error=False)
    async def action_go_to_date(self) -> None:
        day = await self.app.push_screen_wait(
            screens.dialogs.PickDateScreen("Go to which day?", self._today())
        )
        if day is not None:
            # The cursor goes to the day asked for, so `a` logs on it.
            self.shown_day = day
            self.load_week(focus_day=day)


def settle_unless_gone(future: asyncio.Future[None]) -> None:
    """Resolve `future` unless its waiter is gone (the app closed, or `r` synced again)."""
    if not future.done():
        future.set_result(None)
