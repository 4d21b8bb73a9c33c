"""The week screen's cell flows: open the cell, add, edit, delete, copy, search and pin."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual import work

import tuiws.services
from tuiws import store
from tuiws.app import screens
from tuiws.app.messages import WritesInFlight
from tuiws.app.screens.week_loading import WeekLoading
from tuiws.app.widgets.week_grid import WeekGrid
from tuiws.backends.errors import BackendError, Forbidden
from tuiws.domain.durations import format_duration

if TYPE_CHECKING:
    from tuiws.app.screens.cell import CellAction
    from tuiws.domain.models import Issue, Worklog
    from tuiws.store.drafts import EditorDraft


class WeekEditing(WeekLoading):
    """The flows that work on the cell under the cursor."""

    # -- cell flows -----------------------------------------------------------------------------

    def on_week_grid_cell_chosen(self, event: WeekGrid.CellChosen) -> None:
        self.open_cell()

    @work(group="flow", exit_on_error=False)
    async def open_cell(self) -> None:
        cell, services = self._cell(), self.services
        if cell is None or services is None:
            return
        issue, day, worklogs = cell
        action = await self.app.push_screen_wait(
            screens.cell.CellScreen(
                issue,
                day,
                worklogs,
                services.session.me,
                services.session.zone,
                locked=issue.project_key in self.locked_projects,
                style=self.look.style,
                show_comment=self.show_comment,
                attributes=services.worklogs.work_attributes,
            )
        )
        if action is not None:
            await self._run_cell_action(issue, day, action)

    async def _run_cell_action(self, issue: Issue, day: date, action: CellAction) -> None:
        if action.kind == "add":
            await self._edit(issue.key, day, None)
        elif action.kind == "edit" and action.worklog:
            await self._edit(issue.key, day, action.worklog)
        elif action.kind == "delete" and action.worklog:
            await self._delete(action.worklog)
        elif action.kind == "copy" and action.worklog:
            await self._copy(action.worklog)

    def _own(self, worklogs: list[Worklog]) -> list[Worklog]:
        me = self.services.session.me.ident if self.services else ""
        return [w for w in worklogs if w.author.ident == me]

    @work(group="flow", exit_on_error=False)
    async def action_add(self) -> None:
        if not self._connected_or_say():
            return
        cell = self._cell()
        if cell is None:
            await self._search_then_add(self.grid.current_day or self._today())
            return
        issue, day, _ = cell
        await self._edit(issue.key, day, None)

    @work(group="flow", exit_on_error=False)
    async def action_edit(self) -> None:
        if not self._connected_or_say():
            return
        target = await self._single_own("edit")
        if target is not None:
            cell = self._cell()
            assert cell is not None
            await self._edit(cell[0].key, cell[1], target)

    @work(group="flow", exit_on_error=False)
    async def action_delete(self) -> None:
        if not self._connected_or_say():
            return
        target = await self._single_own("delete")
        if target is not None:
            await self._delete(target)

    @work(group="flow", exit_on_error=False)
    async def action_copy(self) -> None:
        cell = self._cell()
        if cell is None or not cell[2]:
            self.notify("No worklog in this cell to copy.", severity="warning")
            return
        if len(cell[2]) > 1:
            self.open_cell()
            return
        await self._copy(cell[2][0])

    async def _single_own(self, verb: str) -> Worklog | None:
        """The one worklog of mine in the cell; with several, the cell view lets you pick."""
        cell = self._cell()
        if cell is None:
            return None
        issue, _, worklogs = cell
        if issue.project_key in self.locked_projects:
            self.notify(
                f"{issue.project_key} does not let you {verb} worklogs.", severity="warning"
            )
            return None
        mine = self._own(worklogs)
        if len(worklogs) > 1:
            self.open_cell()
            return None
        if not mine:
            self.notify(f"No worklog of yours here to {verb}.", severity="warning")
            return None
        return mine[0]

    async def _edit(
        self,
        issue_key: str,
        day: date,
        original: Worklog | None,
        restore: EditorDraft | None = None,
    ) -> bool:
        """The editor on `issue_key`; True when it saved."""
        services = self.services
        if services is None:
            return False
        saved = await self.app.push_screen_wait(
            screens.editor.WorklogEditorScreen(
                services,
                self.drafts,
                issue_key=issue_key,
                day=day,
                original=original,
                restore=restore,
                today=self._today,
                style=self.look.style,
            )
        )
        if saved is not None and saved.issue_key:
            self._remember(saved.issue_key)
        return saved is not None

    async def _delete(self, worklog: Worklog) -> None:
        services = self.services
        if services is None or not worklog.issue_key:
            return
        adjust = await self.app.push_screen_wait(
            screens.dialogs.ConfirmDeleteScreen(
                worklog, services.session.zone, self.look.style, self.show_comment
            )
        )
        if adjust is None:
            return
        self.app.post_message(WritesInFlight(+1))
        try:
            async with services.worklogs.flow.turn:
                await services.worklogs.delete(
                    worklog.issue_key, worklog.id, adjust, before=worklog
                )
        except tuiws.services.write_flow.WriteQueued:
            self.notify("Queued: the delete is sent when the server can be reached.")
            return
        except Forbidden as exc:
            self.locked_projects.add(worklog.issue_key.rsplit("-", 1)[0])
            self.status.last_error = str(exc)
            return
        except BackendError as exc:
            self.status.last_error = str(exc)
            return
        finally:
            self.app.post_message(WritesInFlight(-1))
        self.notify("Worklog deleted.")
        self.load_week(focus_issue=worklog.issue_key)

    async def _copy(self, worklog: Worklog) -> None:
        services = self.services
        if services is None or not worklog.issue_key:
            return
        day = await self.app.push_screen_wait(
            screens.dialogs.PickDateScreen(f"Copy {worklog.issue_key} to which day?", self._today())
        )
        if day is None:
            return
        local = worklog.started.astimezone(services.session.zone)
        restore = store.drafts.EditorDraft(
            issue_key=worklog.issue_key,
            date=day.isoformat(),
            start=f"{local:%H:%M}",
            duration=format_duration(worklog.time_spent_seconds),
            comment=worklog.comment_text,
            worklog_id=None,
            original_comment_adf=worklog.comment_adf,
            comment_touched=False,
            # The copy carries the backend's own fields (Tempo's attributes, Everit's tags).
            attributes=dict(worklog.attributes),
            tags=sorted(worklog.tags) if worklog.tags else None,
        )
        await self._edit(worklog.issue_key, day, None, restore=restore)

    async def _search_then_add(self, day: date) -> None:
        services = self.services
        if services is None:
            return
        issue = await self.app.push_screen_wait(
            screens.search.IssueSearchScreen(
                services, pinned=self._pinned(), recent=self._recent(), style=self.look.style
            )
        )
        if issue is not None:
            await self._edit(issue.key, day, None)

    @work(group="flow", exit_on_error=False)
    async def action_search(self) -> None:
        if not self._connected_or_say():
            return
        await self._search_then_add(self.grid.current_day or self._today())

    def action_pin(self) -> None:
        issue = self.grid.current_issue
        if issue is None:
            return
        pinned = self._toggle_pin(issue.key)
        self.notify(f"{issue.key} {'pinned' if pinned else 'unpinned'}.")
        self.load_week(focus_issue=issue.key)
