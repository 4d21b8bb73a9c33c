"""The week's timer keys: `s` starts or stops, `P` pauses and resumes, switching asks.

The timer itself is `tuiws.services.timer` over a file on disk, shared with `tuiws timer`;
this module only turns a stopped timer into the editor's pre-filled fields and asks the one
question switching needs. Nothing is sent from here: the editor saves, on `ctrl+s`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tuiws import store
from tuiws.domain.durations import format_duration
from tuiws.domain.terminal_text import terminal_text

if TYPE_CHECKING:
    from tuiws.services.timer import StoppedTimer
    from tuiws.store.drafts import EditorDraft

__all__ = ["SwitchTimerScreen", "timer_draft"]


def timer_draft(stopped: StoppedTimer, zone: ZoneInfo) -> EditorDraft:
    """The editor's fields for what a stopped timer proposes: its start, its rounded running
    time, the comment typed meanwhile."""
    draft = stopped.draft
    local = draft.started.astimezone(zone)
    return store.drafts.EditorDraft(
        issue_key=draft.issue_key,
        date=local.date().isoformat(),
        start=f"{local:%H:%M}",
        duration=format_duration(draft.time_spent_seconds),
        comment=draft.comment or "",
        comment_touched=bool(draft.comment),
    )


class SwitchTimerScreen(ModalScreen[bool]):
    """Asks before a timer on one issue is stopped for another.

    | key | action |
    |---|---|
    | `y` | stop it (its worklog opens in the editor) and start the next |
    | `n`, `escape` | keep the running timer |
    """

    BINDINGS = [
        Binding("y", "switch", "Switch", priority=True, id="timer.switch"),
        Binding("n,escape", "keep", "Keep", priority=True, id="timer.keep"),
    ]

    DEFAULT_CSS = """
    SwitchTimerScreen { align: center middle; }
    SwitchTimerScreen > Vertical {
        width: 64; height: auto; padding: 1 2;
        border: thick $accent; background: $surface;
    }
    SwitchTimerScreen .what { margin: 1 0; }
    SwitchTimerScreen .keys { color: $text-muted; }
    """

    def __init__(self, running: str, elapsed: str, next_issue: str) -> None:
        super().__init__()
        self.running, self.elapsed, self.next_issue = running, elapsed, next_issue

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"[b]Switch the timer to {self.next_issue}?[/b]")
            yield Static(
                terminal_text(
                    f"The timer on {self.running} has run {self.elapsed}. It stops, its "
                    f"worklog opens in the editor, and a timer starts on {self.next_issue}."
                ),
                classes="what",
            )
            yield Label("y: switch    n / escape: keep it running", classes="keys")

    def action_switch(self) -> None:
        self.dismiss(True)

    def action_keep(self) -> None:
        self.dismiss(False)
