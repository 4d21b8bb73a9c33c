"""The team grid: people × days with daily and weekly totals, each day flagged.

A flag shows as a colour *and* a symbol (monochrome terminals): `▾` under the required
hours, `▴` over the ceiling, `◦` time on a day off, `⌛` a worklog entered late. A locked day
(Tempo: the timesheet submitted or approved) is underlined, and shows `⊘` where no flag does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.message import Message

from tuiws.app.widgets.grid_table import GridTable
from tuiws.domain.render import FLAG_SYMBOLS, cell_formatter
from tuiws.domain.team import Flag, TeamRow, TeamWeek
from tuiws.domain.week_view import LOCKED

TOTAL_ROW = "__total__"


@dataclass(frozen=True)
class TeamPalette:
    """Rich styles from the theme's variables, one per flag."""

    under: str = "bold"
    over: str = "bold"
    weekend: str = "dim"
    late: str = "italic"
    locked: str = "underline"
    """Underline reads in monochrome too, and leaves the flags' colours and weights alone."""


class TeamGrid(GridTable):
    """A DataTable of one team week; `h j k l` move like the arrows."""

    class PersonChosen(Message):
        """`enter` on a person's row."""

        def __init__(self, grid: TeamGrid, row: TeamRow) -> None:
            super().__init__()
            self.grid = grid
            self.row = row

        @property
        def control(self) -> TeamGrid:
            return self.grid

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.team: TeamWeek | None = None
        self.palette = TeamPalette()
        self.decimal = False

    def show_team(
        self, team: TeamWeek, today: date, palette: TeamPalette, *, decimal: bool = False
    ) -> None:
        keep = self.cursor_coordinate
        self.team, self.palette, self.decimal = team, palette, decimal
        self.clear(columns=True)
        width = 6 if (self.size.width or self.app.size.width) < 100 else 8
        label = max(12, (self.size.width or self.app.size.width) - 8 * (width + 2) - 4)
        self.add_column(Text("Person"), key="person", width=label)
        for d in team.days:
            name = d.strftime("%a %d") if width >= 7 else d.strftime("%a")[:2] + d.strftime(" %d")
            header = Text(("▸" if d == today else "") + name, justify="right")
            if d.weekday() >= 5:
                header.stylize(palette.weekend)
            self.add_column(header, key=d.isoformat(), width=width)
        self.add_column(Text("Total", justify="right"), key="total", width=width)
        fmt = cell_formatter("decimal" if decimal else "hm")
        for row in team.rows:
            person = Text(row.user.display_name or row.user.ident, style="bold")
            person.append(f" {row.zone.key.rsplit('/', 1)[-1]}", style="dim")
            person.truncate(label, overflow="ellipsis")
            per_day = zip(row.seconds, row.flags, row.locked, strict=True)
            cells = [self._cell(s, flags, why, fmt) for s, flags, why in per_day]
            total = Text(fmt(row.total_seconds), justify="right", style="bold")
            self.add_row(person, *cells, total, key=row.user.ident)
        totals = [Text(fmt(s), justify="right") for s in team.day_totals]
        self.add_row(
            Text("Total", style="bold"),
            *totals,
            Text(fmt(team.total_seconds), justify="right", style="bold"),
            key=TOTAL_ROW,
        )
        if keep.row < self.row_count and keep.column < len(self.columns):
            self.cursor_coordinate = keep

    def _cell(self, seconds: int, flags: tuple[Flag, ...], locked: str | None, fmt: object) -> Text:
        assert callable(fmt)
        value = fmt(seconds) if seconds else "·"
        # One symbol fits the narrow column (`10:45▾` fills six cells): the most pressing flag
        # wins it, then the lock. A locked day keeps its underline either way, so a day
        # submitted short still reads as locked beside its `▾`.
        symbol = next(
            (FLAG_SYMBOLS[f] for f in ("over", "under", "late", "weekend") if f in flags),
            LOCKED if locked else " ",
        )
        text = Text(f"{value}{symbol}", justify="right")
        for flag in ("weekend", "late", "under", "over"):
            if flag in flags:
                text.stylize(getattr(self.palette, flag))
        if locked:
            text.stylize(self.palette.locked)
        return text

    @property
    def current_person(self) -> TeamRow | None:
        row = self.cursor_coordinate.row
        if self.team is None or not 0 <= row < len(self.team.rows):
            return None
        return self.team.rows[row]

    def action_select_cursor(self) -> None:
        person = self.current_person
        if person is not None:
            self.post_message(self.PersonChosen(self, person))
