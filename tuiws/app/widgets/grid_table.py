"""The table every grid of the app is drawn in: cell cursor, `h j k l` like the arrows."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable


class GridTable(DataTable[Text]):
    """A DataTable moved by cell, with vi keys (remappable as `grid.left` and so on)."""

    BINDINGS = [
        Binding("h", "cursor_left", "Left", show=False, id="grid.left"),
        Binding("j", "cursor_down", "Down", show=False, id="grid.down"),
        Binding("k", "cursor_up", "Up", show=False, id="grid.up"),
        Binding("l", "cursor_right", "Right", show=False, id="grid.right"),
    ]

    DEFAULT_CSS = """
    GridTable {
        height: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, cursor_type="cell", zebra_stripes=False)
