"""The week screen's side of the write journal: queued writes drawn as pending and counted,
writes whose answer was lost shown as "may have been saved — checking" until settled, both
settled in the background (on start, when the connection returns, and again with backoff),
and `u`, undo of the last write.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.timer import Timer
from textual.widgets import Label

import tuiws.services
from tuiws import store
from tuiws.app import screens
from tuiws.app.messages import WritesInFlight
from tuiws.app.screens.week_editing import WeekEditing
from tuiws.app.widgets.week_detail import LEGEND
from tuiws.app.widgets.week_grid import PendingCell
from tuiws.backends.errors import BackendError
from tuiws.domain.durations import format_duration
from tuiws.domain.week import parse_day

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from tuiws.domain.models import Worklog
    from tuiws.services.read_back import Resolution
    from tuiws.store.drafts import EditorDraft
    from tuiws.store.journal import JournalEntry

PENDING_LEGEND = "▸ today   ▾ under target   ▴ over the ceiling   +1:30 2:00~ queued, not sent"


def pending_cells(
    queued: Sequence[JournalEntry], zone: ZoneInfo
) -> dict[tuple[str, date], PendingCell]:
    """What the queued writes will do to each (issue, day) cell once sent."""
    cells: dict[tuple[str, date], PendingCell] = {}

    def change(key: str, day: date, seconds: int, changed: bool) -> None:
        was = cells.get((key, day), PendingCell())
        cells[key, day] = PendingCell(was.added_seconds + seconds, was.changed or changed)

    for entry in queued:
        if (before := entry.before_worklog()) is not None:
            key = before.issue_key or entry.issue_key
            change(key, before.started.astimezone(zone).date(), -before.time_spent_seconds, True)
        if entry.verb != "delete":
            draft = entry.draft()
            day = draft.started.astimezone(zone).date()
            change(draft.issue_key, day, draft.time_spent_seconds, entry.verb != "add")
    return cells


class WeekJournal(WeekEditing):
    """Queued and unsettled writes on the week, their settling, and undo."""

    SETTLE_WAITS: ClassVar[tuple[float, ...]] = (2.0, 5.0, 15.0, 30.0, 60.0)
    """Seconds before each further check while writes stay queued or unsettled (the last
    repeats): a server that stays away is asked less and less often."""

    _settle_timer: Timer | None = None
    _settle_attempt = 0
    _settling = False
    _settle_again = False

    # -- what the journal holds -------------------------------------------------------------------

    def journal_changed(self) -> None:
        """Show the journal's queued and unsettled writes (grid, legend, status bar), and keep
        checking them while there are any."""
        services = self.services
        if services is None:
            return
        worklogs = services.worklogs
        backoff = self.status.backoff
        if backoff is not None and backoff.resume_at <= self.clock() and not self._settling:
            self.status.backoff = None  # a queued save's retries are over: no stale countdown
        queued = worklogs.flow.queued()
        unknown = store.journal.EntryState.UNKNOWN
        unsettled = [e for e in worklogs.unfinished() if e.state is unknown]
        self.status.queued = len(queued)
        self.status.unsettled = len(unsettled)
        cells = pending_cells(queued, services.session.zone)
        self.grid.show_pending(cells)
        self.query_one("#week-legend", Label).update(PENDING_LEGEND if cells else LEGEND)
        if queued or unsettled:
            self._schedule_settle()
        else:
            self._stop_settling()

    def _schedule_settle(self) -> None:
        if self._settle_timer is not None or self._settling:
            return
        waits = self.SETTLE_WAITS
        delay = waits[min(self._settle_attempt, len(waits) - 1)]
        self._settle_attempt += 1
        self._settle_timer = self.set_timer(delay, self.settle_journal)
        if self.status.unsettled:
            self.status.check_at = self.clock() + delay

    def _stop_settling(self) -> None:
        if self._settle_timer is not None:
            self._settle_timer.stop()
            self._settle_timer = None
        self._settle_attempt = 0
        self.status.check_at = None

    def connection_back(self) -> None:
        """A request went through after the server could not be reached: send the queue now."""
        if self.status.queued or self.status.unsettled:
            self._settle_attempt = 0
            self.settle_journal()

    # -- settling -------------------------------------------------------------------------------

    @work(group="journal-settle", exit_on_error=False)
    async def settle_journal(self) -> None:
        """Read back the unsettled writes and send the queued ones, in the background."""
        if self._settling:
            self._settle_again = True  # news came while checking: check once more after
            return
        if self._settle_timer is not None:
            self._settle_timer.stop()
            self._settle_timer = None
        self._settling = True
        try:
            await self.settle_now()
            while self._settle_again:
                self._settle_again = False
                await self.settle_now()
        finally:
            self._settling = False
        self.journal_changed()

    async def settle_now(self, *, reopen: bool = True) -> list[Resolution]:
        """Settle the journal's unfinished and queued writes now and say what they did; a
        write found not saved comes back in the editor (`reopen`) or as a draft on disk."""
        services = self.services
        if services is None:
            return []
        worklogs = services.worklogs
        self.status.check_at = None
        if not worklogs.unfinished() and not worklogs.flow.queued():
            return []
        try:
            async with worklogs.flow.turn:
                found = await worklogs.reconcile()
        except BackendError as exc:
            self.notify(f"Could not check earlier saves yet: {exc}", severity="warning")
            found = []
        self._tell(found, reopen=reopen)
        if not self._settling:
            self.journal_changed()
        return found

    def _tell(self, found: Sequence[Resolution], *, reopen: bool) -> None:
        states = store.journal.EntryState
        settled = [r for r in found if r.state is not states.UNKNOWN]
        if not settled:
            return  # still unknown: the status bar says so, and checking goes on
        self._settle_attempt = 0
        for resolution in settled:
            if resolution.state is states.CONFIRMED:
                self.notify(resolution.describe(), timeout=10)
            else:
                self._not_saved(resolution, reopen=reopen)
        self.load_week()

    def _not_saved(self, resolution: Resolution, *, reopen: bool) -> None:
        """A write the server did not take goes back to the user as not saved: its draft is
        kept on disk and, when the week is in front, opened in the editor."""
        entry = resolution.entry
        reason = resolution.reason or resolution.describe()
        if entry.verb == "delete":
            self.notify(f"Not deleted: {reason}", severity="error", timeout=15)
            return
        draft = self._draft_of(entry)
        with contextlib.suppress(OSError):  # the journal still holds it (`tuiws queue`)
            self.drafts.save(store.drafts.draft_key(draft.issue_key, draft.worklog_id), draft)
        self.notify(
            f"Not saved: {reason} Your worklog on {entry.issue_key} is kept as a draft.",
            severity="error",
            timeout=15,
        )
        if reopen and self.app.screen is self:
            self._reopen(draft)

    def _draft_of(self, entry: JournalEntry) -> EditorDraft:
        assert self.services is not None
        sent = entry.draft()
        local = sent.started.astimezone(self.services.session.zone)
        return store.drafts.EditorDraft(
            issue_key=sent.issue_key,
            date=local.date().isoformat(),
            start=f"{local:%H:%M}",
            duration=format_duration(sent.time_spent_seconds),
            comment=sent.comment or "",
            worklog_id=entry.worklog_id if entry.verb == "update" else None,
            original_comment_adf=sent.original_comment_adf,
            comment_touched=sent.comment_touched,
        )

    @work(group="flow", exit_on_error=False)
    async def _reopen(self, draft: EditorDraft) -> None:
        original: Worklog | None = None
        if draft.worklog_id and self.services is not None:
            try:
                original = await self.services.worklogs.get(draft.issue_key, draft.worklog_id)
            except BackendError:
                original = None
        await self._edit(draft.issue_key, parse_day(draft.date, self._today()), original, draft)

    # -- the cell flows, then what the journal holds ----------------------------------------------

    async def _edit(
        self,
        issue_key: str,
        day: date,
        original: Worklog | None,
        restore: EditorDraft | None = None,
    ) -> bool:
        try:
            return await super()._edit(issue_key, day, original, restore)
        finally:
            self.journal_changed()  # a save may have been queued, or its answer lost

    async def _delete(self, worklog: Worklog) -> None:
        try:
            await super()._delete(worklog)
        finally:
            self.journal_changed()

    # -- undo -------------------------------------------------------------------------------------

    @work(group="flow", exit_on_error=False)
    async def action_undo(self) -> None:
        """Undo this profile's last add, edit or delete, after asking; once undone, `u` again
        redoes it (once)."""
        if not self._connected_or_say():
            return
        services = self.services
        assert services is not None
        await self.settle_now()
        if services.worklogs.flow.queued():
            # The last write is not in Jira yet: undoing an older one instead would surprise.
            self.notify("A queued save waits to be sent: undo once it is.", severity="warning")
            return
        undo = tuiws.services.undo.UndoService(services.worklogs)
        plan = undo.plan()
        if plan is None:
            self.notify("Nothing to undo.")
            return
        question = screens.undo_dialog.undo_question(plan, services.session.zone)
        if not await self.app.push_screen_wait(screens.undo_dialog.ConfirmUndoScreen(question)):
            return
        self.app.post_message(WritesInFlight(+1))
        try:
            async with services.worklogs.flow.turn:
                await undo.undo(plan)
        except tuiws.services.write_flow.WriteQueued:
            self.notify("Queued: the undo is sent when the server can be reached.")
        except BackendError as exc:
            self.status.last_error = f"Not undone: {exc}"
        else:
            self.notify(f"Undone: {plan.describe()}.")
        finally:
            self.app.post_message(WritesInFlight(-1))
        self.journal_changed()
        self.load_week(focus_issue=plan.entry.issue_key)
