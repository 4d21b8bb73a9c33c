"""Getting a grid out of the app: `x` writes it to a file, `y` copies it to the clipboard.

The clipboard is reached through OSC 52 (Textual's `copy_to_clipboard`), which the terminal
on the user's side handles, so it works over SSH too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label

from tuiws.domain.render import WeekFormat, markdown_table, tsv_table
from tuiws.services.export import ExportError, default_export_path, export_format, write_export


class ExportScreen(ModalScreen[Path | None]):
    """Asks where to write the grid; the extension picks the format.

    | key | action |
    |---|---|
    | `enter` | write the file |
    | `escape` | cancel |
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical {
        width: 100%; max-width: 76; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    ExportScreen Label { width: 100%; }
    ExportScreen .hint { color: $text-muted; }
    ExportScreen #export-error { color: $error; height: auto; }
    """

    def __init__(self, suggested: Path) -> None:
        super().__init__()
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("[b]Export this grid to…[/b]")
            yield Input(str(self.suggested), id="export-path")
            yield Label(
                ".csv · .md · .json · .txt (a plain table)   enter: write   esc: cancel",
                classes="hint",
            )
            yield Label("", id="export-error", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        path = Path(event.value.strip())
        try:
            export_format(path)
        except ExportError as exc:
            self.query_one("#export-error", Label).update(str(exc))
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)


async def export_grid(
    screen: Screen[Any], kind: str, start: date, render: Callable[[WeekFormat], str]
) -> Path | None:
    """Ask for a file and write the grid to it (call from a worker). Returns what was written."""
    path = await screen.app.push_screen_wait(ExportScreen(default_export_path(kind, start)))
    if path is None:
        return None
    try:
        written = write_export(path, render(export_format(path)))
    except ExportError as exc:
        screen.notify(f"Not exported: {exc}", severity="error")
        return None
    screen.notify(f"Exported to {written}")
    return written


def copy_grid(screen: Screen[Any], rows: Sequence[Sequence[str]], *, tabs: bool) -> None:
    """Copy the grid as a Markdown table, or tab-separated for a spreadsheet."""
    text = tsv_table(rows) if tabs else markdown_table(rows)
    screen.app.copy_to_clipboard(text)
    what = "tab-separated" if tabs else "a Markdown table"
    screen.notify(f"Copied the grid as {what} ({len(rows) - 1} rows).")
