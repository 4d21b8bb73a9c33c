"""`?`: every key of the screen underneath, generated from its bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static


def binding_rows(bindings: list[BindingType]) -> list[tuple[str, str]]:
    rows = []
    for b in bindings:
        if isinstance(b, Binding) and b.description:
            rows.append((b.key.replace("left_square_bracket", "[").replace(
                "right_square_bracket", "]").replace("slash", "/"), b.description))
    return rows


class HelpScreen(ModalScreen[None]):
    """The keys of the screen below it. `escape`, `q` or `?` closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 60; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen .title { text-style: bold; margin-bottom: 1; }
    """

    def __init__(self, title: str, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Label(self.title_text, classes="title")
            lines = [f"[b]{key:>12}[/b]  {what}" for key, what in self.rows]
            lines += ["", f"[b]{'ctrl+p':>12}[/b]  command palette (themes, quit)",
                      f"[b]{'?':>12}[/b]  this help", f"[b]{'q':>12}[/b]  quit"]
            yield Static("\n".join(lines))
