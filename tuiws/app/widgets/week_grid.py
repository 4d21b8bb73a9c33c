"""The week grid: issues × days with row totals, and under it the daily totals (pinned).

Rendering rules (today marked, weekends dimmed, days under target or over the ceiling
flagged in colour *and* with a symbol for monochrome terminals) live here; the screen
owns the data and the keys.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from tuiws.app.widgets.grid_table import GridTable
from tuiws.domain.durations import cell_formatter
from tuiws.domain.week import week_days
from tuiws.domain.week_view import LOCKED, under_required

if TYPE_CHECKING:
    from tuiws.config.ui_settings import UiSettings
    from tuiws.domain.durations import DurationStyle
    from tuiws.domain.week_view import IssueLabel, WeekView

UNDER = "▾"
OVER = "▴"
PENDING = "~"
"""Marks a cell whose worklogs a queued write changes: not in Jira yet."""
TOTAL_ROW = "__total__"
NO_DATA_ROW = "__no_data__"
PENDING_ROW = "__pending__:"
"""Row keys of issues the week does not show yet but a queued add logs on."""


def day_header(day: date, width: int, *, today: bool, locked: bool) -> str:
    """A day's column header in `width` cells: its name, `▸` before today's and `⊘` after a
    locked day's. Narrow grids use two-letter day names so the total column fits in 80 cells,
    and drop the name's space when today is locked (`▸We02⊘`), so neither mark is cut off."""
    name = day.strftime("%a %d") if width >= 7 else day.strftime("%a")[:2] + day.strftime(" %d")
    text = ("▸" if today else "") + name + (LOCKED if locked else "")
    return text.replace(" ", "", 1) if len(text) > width else text


@dataclass(frozen=True)
class PendingCell:
    """What the queued writes do to one cell: time they add, and whether one edits or
    deletes a worklog there."""

    added_seconds: int = 0
    changed: bool = False


@dataclass(frozen=True)
class GridLook:
    """What the grid needs to know to flag days: the day's target and ceiling."""

    target_seconds: int = 8 * 3600
    ceiling_seconds: int = 10 * 3600
    decimal: bool = False
    late_after_hours: float = 48.0
    """The team view flags a worklog created this long after its start."""

    @classmethod
    def from_ui(cls, ui: UiSettings) -> GridLook:
        """The `[ui]` settings; `GridLook()` holds the same defaults as `UiConfig()`."""
        return cls(
            ceiling_seconds=round(ui.daily_ceiling_hours * 3600),
            decimal=ui.duration_format == "decimal",
            late_after_hours=ui.late_after_hours,
        )

    @property
    def style(self) -> DurationStyle:
        """How exports and copies write durations: as the grid shows them."""
        return "decimal" if self.decimal else "hm"


@dataclass(frozen=True)
class Palette:
    """Rich styles resolved from the theme's variables (no colours in code)."""

    weekend: str = "dim"
    today: str = "bold reverse"
    under: str = "bold"
    over: str = "bold"
    ok: str = ""
    pending: str = "italic underline"


class WeekTotals(DataTable[Text]):
    """The week's daily totals, pinned under the grid however many issue rows it scrolls."""

    DEFAULT_CSS = """
    WeekTotals {
        height: 1;
        scrollbar-size: 0 0;
        overflow: hidden hidden;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, show_header=False, show_cursor=False, cursor_type="none")
        self.can_focus = False

    def show(self, widths: list[int], cells: list[Text] | None) -> None:
        self.clear(columns=True)
        for n, width in enumerate(widths):
            self.add_column("", key=str(n), width=width)
        if cells is not None:
            self.add_row(*cells, key=TOTAL_ROW)

    @property
    def plain(self) -> str:
        """The totals as text (for tests)."""
        if not self.row_count:
            return ""
        return " ".join(str(cell) for cell in self.get_row_at(0))


class WeekGrid(GridTable):
    """A DataTable of one week. Cursor moves by cell; `h j k l` move like the arrows."""

    class CellChosen(Message):
        """A day cell was chosen (enter) on an issue row."""

        def __init__(self, grid: WeekGrid, issue_key: str, day: date) -> None:
            super().__init__()
            self.grid = grid
            self.issue_key = issue_key
            self.day = day

        @property
        def control(self) -> WeekGrid:
            return self.grid

    def __init__(
        self,
        *,
        id: str | None = None,  # noqa: A002 - Textual's name
        totals: WeekTotals | None = None,
    ) -> None:
        super().__init__(id=id)
        self.week: WeekView | None = None
        self.look = GridLook()
        self.palette = Palette()
        self.today: date | None = None
        self.days: list[date] = []
        """The days the columns show: the week on screen, loaded or not."""
        self.totals = totals
        self._issues: list[IssueLabel] = []
        self.pending: dict[tuple[str, date], PendingCell] = {}
        """Queued writes by (issue key, day): drawn as `+1:30` or `2:00~` until sent."""
        self._no_data: str | None = None
        self._drawn_widths = (0, 0)

    # -- data ---------------------------------------------------------------------------------

    def show_skeleton(self, start: date, today: date) -> None:
        """The frame before the network answers: the days, and no rows yet."""
        self.today = today
        self.week = None
        self._issues = []
        self._no_data = None
        self._set_columns(week_days(start))
        self._show_totals(None)

    def show_no_data(self, start: date, today: date, reason: str) -> None:
        """The week on screen could not be loaded and no cache holds it: say so in the grid,
        never leave another week's numbers under this week's title."""
        keep = self.cursor_coordinate
        self.show_skeleton(start, today)
        self._no_data = reason
        self._add_no_data_row(reason)
        self.cursor_coordinate = keep._replace(row=0)

    def _add_no_data_row(self, reason: str) -> None:
        self.add_row(
            Text(reason, style="italic", overflow="ellipsis", no_wrap=True),
            *[Text("?", justify="right") for _ in range(8)],
            key=NO_DATA_ROW,
        )

    def show_week(self, week: WeekView, today: date, look: GridLook, palette: Palette) -> None:
        keep = self.cursor_coordinate
        self.week, self.today, self.look, self.palette = week, today, look, palette
        self._no_data = None
        days = week.days
        self._set_columns(days)
        fmt = self.formatter()
        self._issues = [line.issue for line in week.lines]
        for row in week.lines:
            key = row.issue.key
            cells = [self._label(row.issue)]
            cells += [
                self._cell(s, d, fmt, self.pending.get((key, d)))
                for s, d in zip(row.seconds, days, strict=True)
            ]
            cells.append(
                Text(
                    fmt(row.total_seconds) if row.total_seconds else "·",
                    justify="right",
                    style="bold",
                )
            )
            self.add_row(*cells, key=row.issue.key)
        self._add_pending_rows(week, fmt)
        totals = [Text("Total", style="bold")]
        totals += [self._day_total(s, d, fmt) for s, d in zip(week.day_totals, days, strict=True)]
        totals.append(Text(fmt(week.total_seconds), justify="right", style="bold"))
        self._show_totals(totals)
        if keep.row < self.row_count and keep.column < len(self.columns):
            self.cursor_coordinate = keep

    def show_pending(self, pending: dict[tuple[str, date], PendingCell]) -> None:
        """The queued writes changed: draw their cells again (only when they did)."""
        if pending == self.pending:
            return
        self.pending = dict(pending)
        if self.week is not None and self.today is not None:
            self.show_week(self.week, self.today, self.look, self.palette)

    def _add_pending_rows(self, week: WeekView, fmt: Callable[[int], str]) -> None:
        """Issues the week has no row for yet, which a queued add logs time on."""
        shown = {line.issue.key for line in week.lines}
        keys = sorted({k for k, d in self.pending if k not in shown and d in week.days})
        for key in keys:
            label = Text(key, style="bold")
            label.append(" queued")
            cells = [label]
            cells += [self._cell(0, d, fmt, self.pending.get((key, d))) for d in week.days]
            cells.append(Text("·", justify="right"))
            self.add_row(*cells, key=PENDING_ROW + key)

    def redraw(self, palette: Palette | None = None) -> None:
        """Draw again what is shown: at the new width, or in the new theme's colours."""
        if palette is not None:
            self.palette = palette
        if self.week is not None and self.today is not None:
            self.show_week(self.week, self.today, self.look, self.palette)
        elif self.days:
            keep = self.cursor_coordinate
            self._set_columns(self.days)
            if self._no_data is not None:
                self._add_no_data_row(self._no_data)
            self.cursor_coordinate = keep
            self._show_totals(None)

    def on_resize(self) -> None:
        if self._drawn_widths != (self._label_width(), self._day_width()):
            self.redraw()

    def _show_totals(self, cells: list[Text] | None) -> None:
        """The daily totals go to the row pinned under the grid, in the same columns."""
        if self.totals is not None:
            self.totals.show([c.width for c in self.ordered_columns], cells)

    def _set_columns(self, days: list[date]) -> None:
        self.days = list(days)
        self._drawn_widths = (self._label_width(), self._day_width())
        self.clear(columns=True)
        self.add_column(Text("Issue"), key="issue", width=self._label_width())
        width = self._day_width()
        for d in days:
            locked = self.week is not None and d in self.week.locked
            name = day_header(d, width, today=d == self.today, locked=locked)
            label = Text(name, justify="right")
            if d == self.today:
                label = Text(name, justify="right", style=self.palette.today)
            elif d.weekday() >= 5:
                label.stylize(self.palette.weekend)
            self.add_column(label, key=d.isoformat(), width=width)
        self.add_column(Text("Total", justify="right"), key="total", width=width)

    def _width(self) -> int:
        return self.size.width or self.app.size.width

    def _day_width(self) -> int:
        # `10:45▾` is six cells; wider terminals get room for `▸Mon 30` headers.
        return 6 if self._width() < 100 else 8

    def _label_width(self) -> int:
        # Eight number columns (seven days and the total), each with a cell of padding on
        # both sides, and a scrollbar's width of slack; the issue label takes the rest.
        available = self._width() - 8 * (self._day_width() + 2) - 4
        return max(12, available)

    def formatter(self) -> Callable[[int], str]:
        return cell_formatter(self.look.style)

    def _label(self, issue: IssueLabel) -> Text:
        text = Text(issue.key, style="bold")
        text.append(" " + issue.summary)
        text.truncate(self._label_width(), overflow="ellipsis")
        return text

    def _cell(
        self,
        seconds: int,
        day: date,
        fmt: Callable[[int], str],
        pending: PendingCell | None = None,
    ) -> Text:
        if pending is not None:
            # A queued add alone reads `+1:30`; with Jira's time, or an edit, `2:00~`.
            if seconds or pending.changed or not pending.added_seconds:
                value = fmt(seconds + pending.added_seconds) + PENDING
            else:
                value = "+" + fmt(pending.added_seconds)
            return Text(value, justify="right", style=self.palette.pending)
        text = Text(fmt(seconds) if seconds else "·", justify="right")
        if day.weekday() >= 5:
            text.stylize(self.palette.weekend)
        if day == self.today:
            text.stylize("bold")
        return text

    def _day_total(self, seconds: int, day: date, fmt: Callable[[int], str]) -> Text:
        value = fmt(seconds)
        weekend = day.weekday() >= 5
        past_or_today = self.today is None or day <= self.today
        if not past_or_today and not seconds:
            # Nothing logged yet on a day still to come: neither good nor bad news.
            return Text(value + " ", justify="right", style=self.palette.weekend)
        if seconds > self.look.ceiling_seconds:
            return Text(value + OVER, justify="right", style=self.palette.over)
        required = self.week.required_on(day, self.look.target_seconds) if self.week else 0
        if self.today is not None and under_required(seconds, required, day, self.today):
            return Text(value + UNDER, justify="right", style=self.palette.under)
        style = self.palette.weekend if weekend else self.palette.ok
        return Text(value + " ", justify="right", style=style)

    # -- where the cursor is --------------------------------------------------------------------

    @property
    def current_issue(self) -> IssueLabel | None:
        row = self.cursor_coordinate.row
        return self._issues[row] if 0 <= row < len(self._issues) else None

    @property
    def current_day(self) -> date | None:
        column = self.cursor_coordinate.column
        if not 1 <= column <= len(self.days):
            return None
        return self.days[column - 1]

    def move_to_day(self, day: date) -> None:
        if day not in self.days:
            return
        row = min(self.cursor_coordinate.row, max(0, self.row_count - 1))
        self.cursor_coordinate = self.cursor_coordinate._replace(
            row=row, column=self.days.index(day) + 1
        )

    def move_to_issue(self, key: str) -> None:
        for n, issue in enumerate(self._issues):
            if issue.key == key:
                self.cursor_coordinate = self.cursor_coordinate._replace(row=n)
                return

    def action_select_cursor(self) -> None:
        issue, day = self.current_issue, self.current_day
        if issue is not None and day is not None:
            self.post_message(self.CellChosen(self, issue.key, day))
