"""The worklog editor on an item of a plan (`tuiws.app.screens.fill_plan`): nothing is sent."""

from __future__ import annotations

from textual.widgets import Label

from tuiws.app.screens.editor import WorklogEditorScreen
from tuiws.app.screens.editor_form import _FormProblems
from tuiws.domain.durations import DurationStyle, format_duration
from tuiws.domain.fill_plan import PlanItem
from tuiws.domain.models import WorklogDraft
from tuiws.services.fill import FillService
from tuiws.store.drafts import DraftStore, EditorDraft

__all__ = ["PlannedWorklogEditor"]


class PlannedWorklogEditor(WorklogEditorScreen):
    """The worklog editor on a planned item: `ctrl+s` keeps the checked change in the plan
    (`edited`) and sends nothing; nothing is kept on disk (the plan is not a draft)."""

    def __init__(
        self, fill: FillService, item: PlanItem, drafts: DraftStore, style: DurationStyle
    ) -> None:
        restore = EditorDraft(
            issue_key=item.issue_key,
            date=item.day.isoformat(),
            start=f"{item.start:%H:%M}",
            duration=format_duration(item.seconds),
            comment=item.comment,
            worklog_id=None,
        )
        super().__init__(fill.services, drafts, day=item.day, restore=restore, style=style)
        self.edited: WorklogDraft | None = None

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#editor-title", Label).update("Change the planned worklog")
        self.query_one("#editor-keys", Label).update("ctrl+s keep in the plan · esc cancel")

    def persist_draft(self, draft: EditorDraft | None = None) -> None:
        return  # the plan lives on this screen until it is sent or dropped

    def _discard_drafts(self) -> None:
        return  # nothing of this editor is on disk, and another editor's draft must stay

    def action_save(self) -> None:
        if self._finished:
            return
        self._clear_errors()
        try:
            checked = self.build_draft()
        except _FormProblems as exc:
            self._show_problems(exc.problems)
            return
        self.edited = checked.draft
        self._close(None)
