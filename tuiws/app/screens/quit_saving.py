"""Asks before quitting while a save is still on its way (its outcome would be left unknown)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

__all__ = ["QuitWhileSavingScreen"]


class QuitWhileSavingScreen(ModalScreen[bool]):
    """Answers True to quit anyway.

    | key | action |
    |---|---|
    | `y` | quit now (the next start checks what the save did) |
    | `n`, `escape` | stay until the save is answered |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Quit", priority=True, id="quit-saving.yes"),
        Binding("n,escape", "answer(False)", "Stay", priority=True, id="quit-saving.no"),
    ]

    DEFAULT_CSS = """
    QuitWhileSavingScreen { align: center middle; }
    QuitWhileSavingScreen > Vertical {
        width: 48; height: auto; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    QuitWhileSavingScreen Label { width: 100%; }
    QuitWhileSavingScreen .keys { color: $foreground-muted; margin-top: 1; }
    """

    def __init__(self, saving: int) -> None:
        super().__init__()
        self.saving = saving

    def compose(self) -> ComposeResult:
        noun = "save is" if self.saving == 1 else f"{self.saving} saves are"
        with Vertical():
            yield Label(f"[b]A {noun} still on its way. Quit anyway?[/b] y/n", id="quit-question")
            yield Label(
                "It may be saved or not; the next start checks. y: quit    n: stay",
                classes="keys",
            )

    def action_answer(self, quit_now: bool) -> None:
        self.dismiss(quit_now)
