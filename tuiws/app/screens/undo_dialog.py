"""`u` on the week: what undoing the last write will do, asked before it is done."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tuiws.domain.durations import format_duration
from tuiws.services.undo import UndoPlan

__all__ = ["ConfirmUndoScreen", "undo_question"]


def undo_question(plan: UndoPlan, zone: ZoneInfo) -> str:
    """`Re-create the 1h 30m worklog on INT-7, Tue 10:00?`: the undo in the user's words."""
    e = plan.entry
    if e.verb == "add":
        draft = e.draft()
        when = draft.started.astimezone(zone)
        spent = format_duration(draft.time_spent_seconds)
        return f"Delete the {spent} worklog you logged on {e.issue_key}, {when:%a %H:%M}?"
    before = e.before_worklog()
    assert before is not None, "an undone edit or delete carries its before-image"
    when = before.started.astimezone(zone)
    spent = format_duration(before.time_spent_seconds)
    if e.verb == "update":
        return f"Put the worklog on {e.issue_key} back to {spent}, {when:%a %H:%M}?"
    return f"Re-create the {spent} worklog on {e.issue_key}, {when:%a %H:%M}?"


class ConfirmUndoScreen(ModalScreen[bool]):
    """Asks before an undo. Only `y` undoes: an `enter` meant for the screen before must
    never confirm it.

    | key | action |
    |---|---|
    | `y` | undo |
    | `n`, `escape` | leave it as it is |
    """

    BINDINGS = [
        Binding("y", "confirm", "Undo", priority=True, id="undo.confirm"),
        Binding("n,escape", "cancel", "Leave it", priority=True, id="undo.cancel"),
    ]

    DEFAULT_CSS = """
    ConfirmUndoScreen { align: center middle; }
    ConfirmUndoScreen > Vertical {
        width: 64; height: auto; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    ConfirmUndoScreen .what { margin: 1 0; }
    ConfirmUndoScreen Label { width: 100%; }
    ConfirmUndoScreen .keys { color: $text-muted; }
    """

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("[b]Undo the last change?[/b]")
            yield Static(self.question, classes="what", markup=False)
            yield Label("y: undo    n / escape: leave it", classes="keys")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
