"""The week screen's timer keys (`s`, `P`); the screens and drafts they use are in
`tuiws.app.screens.timer_flow`.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from textual import work

import tuiws.services
from tuiws import domain
from tuiws.app import screens
from tuiws.app.screens.week_journal import WeekJournal
from tuiws.domain.models import Worklog

if TYPE_CHECKING:
    from tuiws.services.timer import StoppedTimer


class WeekTimer(WeekJournal):
    """The timer's actions: start, stop (into the editor), switch, pause."""

    def known_day_worklogs(self, day: date) -> list[Worklog] | None:
        """My worklogs on `day` when the shown week is mine and holds it: what the editor's
        sanity checks (`tuiws.app.screens.sanity_dialog`) read instead of asking Jira."""
        week, services = self.week, self.services
        if week is None or services is None or day not in week.days:
            return None
        me = services.session.me.ident
        if week.user.ident != me:
            return None
        at = week.days.index(day)
        return [
            w if w.issue_key else replace(w, issue_key=row.issue.key)
            for row in week.rows
            for w in row.worklogs[at]
            if w.author.ident == me
        ]

    # -- the timer (tuiws.app.screens.timer_flow) -----------------------------------------------

    @work(group="flow", exit_on_error=False)
    async def action_timer(self) -> None:
        timers = self.timers
        if timers is None or not self._connected_or_say():
            return
        running = await asyncio.to_thread(timers.current)
        cell = self._cell()
        issue = cell[0].key if cell is not None else None
        if running is not None and issue in (None, running.issue_key):
            await self._stop_timer(await asyncio.to_thread(timers.preview))
            return
        if issue is None:  # an empty week: find the issue to time, as `a` does to log
            issue = await self._issue_to_time()
            if issue is None:
                return
        if running is not None:
            elapsed = domain.timer.running_time(running.elapsed_seconds(timers.now()))
            switch = screens.timer_flow.SwitchTimerScreen(running.issue_key, elapsed, issue)
            if not await self.app.push_screen_wait(switch):
                return
        timer, stopped = await asyncio.to_thread(timers.start, issue)
        self.status.running = timer
        self.notify(f"Timer started on {issue}: s stops it, P pauses.")
        if stopped is not None:
            await self._stop_timer(stopped, running=False)

    async def _issue_to_time(self) -> str | None:
        """The issue picked in the issue search (None: cancelled)."""
        services = self.services
        if services is None:
            return None
        picked = await self.app.push_screen_wait(
            screens.search.IssueSearchScreen(
                services, pinned=self._pinned(), recent=self._recent(), style=self.look.style
            )
        )
        return picked.key if picked is not None else None

    async def _stop_timer(self, stopped: StoppedTimer, *, running: bool = True) -> None:
        """The stopped timer's worklog in the editor; the timer is forgotten once it is saved.
        `running`: it is still the timer on disk (not already replaced by a switch)."""
        timers, services = self.timers, self.services
        if timers is None or services is None:
            return
        if stopped.overnight:
            self.notify(
                f"The timer ran {domain.timer.running_time(stopped.elapsed_seconds)}, "
                "more than 12 h: check what to log.",
                severity="warning",
            )
        draft = stopped.draft
        restore = screens.timer_flow.timer_draft(stopped, services.session.zone)
        day = draft.started.astimezone(services.session.zone).date()
        saved = await self._edit(draft.issue_key, day, None, restore=restore)
        if not running:
            return
        if saved:
            await asyncio.to_thread(timers.forget, stopped.timer)
            self.status.running = await asyncio.to_thread(timers.current)
            self.load_week(focus_issue=draft.issue_key)
        else:
            self.notify("Nothing was logged; the timer keeps running.")

    @work(group="timer", exit_on_error=False)
    async def action_pause_timer(self) -> None:
        if self.timers is None:
            return
        try:
            timer = await asyncio.to_thread(self.timers.toggle_pause)
        except tuiws.services.timer.NoTimer:
            self.notify("No timer is running: s starts one.", severity="warning")
            return
        self.status.running = timer
        self.notify("Timer paused: P resumes it." if timer.paused else "Timer resumed.")
