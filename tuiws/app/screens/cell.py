"""The cell view: one issue's worklogs on one day, to add, edit, copy or delete one.

Where the backend keeps more than Jira (Tempo, Everit), the billable time and a worklog's
tags and work attributes get their columns; a Jira week shows none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal
from zoneinfo import ZoneInfo

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from tuiws.domain.attributes import WorkAttribute
from tuiws.domain.durations import DurationStyle, show_duration
from tuiws.domain.models import Issue, User, Worklog

CellActionKind = Literal["add", "edit", "delete", "copy"]


def worklog_details(worklog: Worklog, attributes: Sequence[WorkAttribute] = ()) -> str:
    """`#Review · Account: Platform (capex)`: a worklog's tags, then its work attributes by
    the names and value labels the backend declares (else keys without Tempo's underscores)."""
    known = {a.key: a for a in attributes}
    parts = [" ".join(f"#{t}" for t in worklog.tags)] if worklog.tags else []
    for key, value in worklog.attributes.items():
        attribute = known.get(key)
        if attribute is None:
            parts.append(f"{key.strip('_')}: {value}")
        else:
            parts.append(f"{attribute.name}: {attribute.labels.get(value, value)}")
    return " · ".join(parts)


@dataclass(frozen=True)
class CellAction:
    kind: CellActionKind
    worklog: Worklog | None = None


class CellScreen(ModalScreen[CellAction | None]):
    """One day of one issue.

    | key | action |
    |---|---|
    | `up`/`down`, `j`/`k` | choose a worklog |
    | `a` | log new work on this issue and day |
    | `e`, `enter` | edit the chosen worklog (your own) |
    | `d` | delete the chosen worklog (your own; asks first) |
    | `c` | copy the chosen worklog to another day |
    | `escape` | back to the week |
    """

    BINDINGS = [
        Binding("a", "choose('add')", "Add", id="cell.add"),
        Binding("e,enter", "choose('edit')", "Edit", id="cell.edit", priority=True),
        Binding("d", "choose('delete')", "Delete", id="cell.delete"),
        Binding("c", "choose('copy')", "Copy to a day", id="cell.copy"),
        Binding("j", "move(1)", "Down", show=False, id="cell.down"),
        Binding("k", "move(-1)", "Up", show=False, id="cell.up"),
        Binding("escape", "close", "Back", id="cell.close"),
    ]

    DEFAULT_CSS = """
    CellScreen { align: center middle; }
    CellScreen > Vertical {
        width: 100%; max-width: 110; height: auto; max-height: 90%;
        padding: 0 1; border: thick $primary; background: $surface;
    }
    CellScreen DataTable { height: auto; max-height: 14; }
    CellScreen .title { text-style: bold; }
    CellScreen .hint { color: $text-muted; }
    """

    def __init__(
        self,
        issue: Issue,
        day: date,
        worklogs: list[Worklog],
        me: User,
        zone: ZoneInfo,
        *,
        locked: bool = False,
        read_only: bool = False,
        style: DurationStyle = "hm",
        show_comment: Callable[[str], str] | None = None,
        attributes: Sequence[WorkAttribute] = (),
    ) -> None:
        super().__init__()
        self.attributes = tuple(attributes)
        """The backend's work attributes: how the Details column names them and their values."""
        self.show_comment = show_comment or (lambda text: text)
        """How a comment reads on screen (Server/DC's wiki markup as text)."""
        self.style: DurationStyle = style
        self.issue = issue
        self.day = day
        self.worklogs = worklogs
        self.me = me
        self.zone = zone
        self.locked = locked
        self.read_only = read_only
        """Someone else's week under review: nothing here may be changed or copied."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(
                f"{self.issue.key} {self.issue.summary} · {self.day:%a %Y-%m-%d}",
                classes="title",
            )
            table: DataTable[Text] = DataTable(cursor_type="row", id="worklogs")
            yield table
            yield Label(self._hint(), classes="hint", id="hint")

    def _hint(self) -> str:
        if self.read_only:
            return "Read-only review.  escape: back"
        if not self.worklogs:
            return "No worklogs on this day. a: add  escape: back"
        if self.locked:
            return "a: add  c: copy  (this project does not let you edit or delete)  escape: back"
        return "a: add  e: edit  d: delete  c: copy  escape: back"

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#worklogs", DataTable)

    def on_mount(self) -> None:
        table = self.table
        billed = any(w.billable_seconds is not None for w in self.worklogs)
        detailed = any(w.tags or w.attributes for w in self.worklogs)
        table.add_column("Start", width=5)
        table.add_column("Time", width=7)
        if billed:
            table.add_column("Bill", width=7)
        table.add_column("Author", width=18)
        table.add_column("Comment")
        if detailed:
            table.add_column("Details")
        for w in self.worklogs:
            mine = w.author.ident == self.me.ident
            author = Text(w.author.display_name, style="" if mine else "dim")
            shown = self.show_comment(w.comment_text)
            first = shown.splitlines()[0] if shown else ""
            cells = [
                Text(f"{w.started.astimezone(self.zone):%H:%M}"),
                Text(show_duration(w.time_spent_seconds, self.style), justify="right"),
            ]
            if billed:
                cells.append(Text(self._billed(w), justify="right"))
            cells += [author, Text(first)]
            if detailed:
                cells.append(Text(worklog_details(w, self.attributes)))
            table.add_row(*cells, key=w.id)
        table.focus()

    def _billed(self, worklog: Worklog) -> str:
        seconds = worklog.billable_seconds
        return "" if seconds is None else show_duration(seconds, self.style)

    @property
    def chosen(self) -> Worklog | None:
        table = self.query_one(DataTable)
        row = table.cursor_coordinate.row
        return self.worklogs[row] if 0 <= row < len(self.worklogs) else None

    def action_move(self, step: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=table.cursor_coordinate.row + step)

    def action_choose(self, kind: CellActionKind) -> None:
        if self.read_only:
            self.notify("This week is under review: read-only.", severity="warning")
            return
        if kind == "add":
            self.dismiss(CellAction("add"))
            return
        worklog = self.chosen
        if worklog is None:
            self.notify("No worklog here to " + kind, severity="warning")
            return
        if kind in ("edit", "delete"):
            if worklog.author.ident != self.me.ident:
                self.notify(
                    f"That worklog is {worklog.author.display_name}'s; you can {kind} only "
                    "your own.",
                    severity="warning",
                )
                return
            if self.locked:
                self.notify(f"This project does not let you {kind} worklogs.", severity="warning")
                return
        self.dismiss(CellAction(kind, worklog))

    def action_close(self) -> None:
        self.dismiss(None)
