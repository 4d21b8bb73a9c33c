"""Moving a worklog to another issue where the backend cannot (Tempo): asked first, then done
by logging it again on the new issue and deleting the original.

The new worklog carries everything the original did (its work attributes, billable time and
tags) with the editor's changes on top, so nothing the form does not show is lost on the way.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar
from zoneinfo import ZoneInfo

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from tuiws.domain.durations import DurationStyle, show_duration
from tuiws.domain.models import Worklog, WorklogDraft

__all__ = ["ConfirmMoveScreen", "recreated_draft"]


def recreated_draft(original: Worklog, draft: WorklogDraft) -> WorklogDraft:
    """`draft` as a new worklog that keeps what `original` carried and the form left alone."""
    billable = draft.billable_seconds
    kept_billable = original.billable_seconds
    if billable is None and kept_billable is not None:
        # A billable time of its own is kept; one that followed the time spent keeps following.
        billable = None if kept_billable == original.time_spent_seconds else kept_billable
    return replace(
        draft,
        attributes={**original.attributes, **(draft.attributes or {})},
        billable_seconds=billable,
        tags=draft.tags if draft.tags is not None else (original.tags or None),
    )


class ConfirmMoveScreen(ModalScreen[bool]):
    """Asks before a move that deletes the worklog and logs it again; True to go ahead.

    | key | action |
    |---|---|
    | `y` | log it on the new issue, then delete the original |
    | `n`, `escape` | back to the editor, nothing sent |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Move", priority=True, id="move.yes"),
        Binding("n,escape", "answer(False)", "Back", priority=True, id="move.no"),
    ]

    DEFAULT_CSS = """
    ConfirmMoveScreen { align: center middle; }
    ConfirmMoveScreen > Vertical {
        width: 100%; max-width: 64; height: auto; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    ConfirmMoveScreen Label { width: 100%; }
    ConfirmMoveScreen .keys { color: $foreground-muted; margin-top: 1; }
    """

    def __init__(
        self,
        original: Worklog,
        draft: WorklogDraft,
        *,
        backend: str,
        zone: ZoneInfo,
        style: DurationStyle = "hm",
    ) -> None:
        super().__init__()
        self.original = original
        self.draft = draft
        self.backend = backend
        self.zone = zone
        self.style: DurationStyle = style

    @property
    def question(self) -> str:
        return f"Move this worklog to {self.draft.issue_key}?"

    @property
    def explanation(self) -> str:
        """What happens, in order, so nobody is surprised by a new id or a deleted entry."""
        when = self.draft.started.astimezone(self.zone)
        spent = show_duration(self.draft.time_spent_seconds, self.style)
        return (
            f"{self.backend} cannot move a worklog to another issue. tuiws logs {spent} on "
            f"{self.draft.issue_key} ({when:%a %d %b}, {when:%H:%M}) first, then deletes the "
            f"worklog on {self.original.issue_key}; the new one gets a new id."
        )

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"[b]{self.question}[/b] y/n", id="move-question", markup=True)
            yield Label(self.explanation, id="move-explanation", markup=False)
            yield Label("y: move    n / escape: back to the editor", classes="keys")

    def action_answer(self, move: bool) -> None:
        self.dismiss(move)
