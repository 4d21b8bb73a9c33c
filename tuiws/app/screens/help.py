"""`?`: every key of the screen underneath, generated from its bindings."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

HelpRow = tuple[str, str, str]
"""Keys as shown, what they do, and the binding id to remap them by (empty for built-ins)."""


def binding_rows(screen: Screen[object]) -> list[HelpRow]:
    """The keys in force on `screen` (after any keymap from config), one row per action.

    Only the screen's and the app's bindings with an id are listed (ours, which users can
    remap); a screen adds its widgets' keys worth knowing (arrows, enter) through `HELP_EXTRA`.
    """
    extra: list[tuple[str, str]] = list(getattr(screen, "HELP_EXTRA", []))
    rows: dict[str, tuple[list[str], str, str]] = {what: ([keys], what, "") for keys, what in extra}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or binding.id is None or active.node not in (screen, screen.app):
            continue
        action = f"{binding.action}:{binding.description}"
        shown = screen.app.get_key_display(binding.with_key(key))
        keys, _, _ = rows.setdefault(action, ([], binding.description, binding.id))
        if shown not in keys:
            keys.append(shown)
    return [(" ".join(keys), what, ident) for keys, what, ident in rows.values()]


class HelpScreen(ModalScreen[None]):
    """The keys of the screen below it, with the ids `[ui.keymap]` remaps them by.

    `escape`, `q` or `?` closes it.
    """

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 60; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen .title { text-style: bold; margin-bottom: 1; }
    """

    def __init__(self, title: str, rows: list[HelpRow]) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Label(self.title_text, classes="title")
            rows = [*self.rows, ("", "", ""), ("ctrl+p", "command palette (themes, quit)", "")]
            width = max(len(key) for key, _, _ in rows)
            text = Text()
            for key, what, ident in rows:
                text.append(f"{key:>{width}}", style="bold")
                text.append(f"  {what}" if key else "")
                text.append(f"  {ident}\n" if ident else "\n", style="dim")
            text.rstrip()
            yield Static(text)
