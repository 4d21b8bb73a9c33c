"""The team lead's view: a team's week as people × days, and one person's week in review.

Every network call runs in a worker through the services; the screens only show results.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, timedelta

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Label

from tuiws.app.screens.cell import CellScreen
from tuiws.app.screens.sharing import copy_grid, export_grid
from tuiws.app.widgets.team_grid import TeamGrid, TeamPalette
from tuiws.app.widgets.week_grid import GridLook, Palette, WeekGrid
from tuiws.backends.errors import BackendError
from tuiws.domain.render import render_team, render_week, team_rows, week_rows
from tuiws.domain.team import TeamWeek
from tuiws.domain.timesheet import Week
from tuiws.domain.week import week_start
from tuiws.domain.week_view import LOCKED, locked_legend
from tuiws.domain.wiki_text import wiki_to_text
from tuiws.services.bundle import Services
from tuiws.services.schedule import forget_locks
from tuiws.services.team_spec import TeamError, TeamSpec

SHARE_BINDINGS = [
    Binding("x", "export", "Export", id="grid.export"),
    Binding("y", "copy_grid(False)", "Copy grid", id="grid.copy_md"),
    Binding("Y", "copy_grid(True)", "Copy grid TSV", show=False, id="grid.copy_tsv"),
]


FLAGS_LEGEND = "▾ under the day's hours  ▴ over the ceiling  ◦ day off  ⌛ entered late"


def team_screen_legend(team: TeamWeek) -> str:
    """The flags' line, and for a week with locked days a second line saying what locks them
    (short enough for 80 columns)."""
    if not team.locked_reasons:
        return FLAGS_LEGEND
    why = " or ".join(team.locked_reasons)
    return f"{FLAGS_LEGEND}\n{LOCKED} underlined: locked, {why} in Tempo"


class TeamScreen(Screen[date | None]):
    """A team's week: people × days, each person's days in their own zone.

    Dismissed with a date when you chose your own row (the home grid opens that week).

    | key | action |
    |---|---|
    | arrows, `h j k l` | move |
    | `enter` | that person's week, read-only (your own: the home grid) |
    | `[` / `]`, `t` | previous / next / this week |
    | `x` | export the grid to a file |
    | `y` / `Y` | copy it as Markdown / tab-separated (OSC 52, works over SSH) |
    | `r` | refresh |
    | `escape` | back to your week |
    """

    HELP_TITLE = "Team"
    HELP_EXTRA = [("arrows h j k l", "move"), ("enter", "that person's week (read-only)")]

    BINDINGS = [
        Binding("left_square_bracket", "shift_week(-1)", "Prev week", id="team.previous"),
        Binding("right_square_bracket", "shift_week(1)", "Next week", id="team.next"),
        Binding("t", "this_week", "Today", id="team.today"),
        Binding("r", "refresh", "Refresh", id="team.refresh"),
        *SHARE_BINDINGS,
        Binding("escape", "back", "Back", id="team.back"),
    ]

    def __init__(
        self,
        services: Services,
        spec: TeamSpec,
        *,
        day: date,
        today: Callable[[], date],
        look: GridLook,
    ) -> None:
        super().__init__()
        self.services = services
        self.spec = spec
        self.shown_day = day
        self._today = today
        self.look = look
        self.team: TeamWeek | None = None
        self.team_service = services.team

    def compose(self) -> ComposeResult:
        with Horizontal(id="week-title"):
            yield Label("", id="week-label")
            yield Label("each person in their own zone", id="zone-label")
        yield TeamGrid(id="team-grid")
        yield Label("", id="team-legend")
        yield Footer()

    @property
    def grid(self) -> TeamGrid:
        return self.query_one(TeamGrid)

    def on_mount(self) -> None:
        self.grid.focus()
        self.load_team()

    def _title(self, start: date, note: str = "") -> None:
        end = start + timedelta(days=6)
        self.query_one("#week-label", Label).update(
            f"[b]Team {self.spec.name}[/b] · {start:%a %d %b} – {end:%a %d %b %Y}{note}"
        )

    def palette(self) -> TeamPalette:
        v = self.app.theme_variables
        return TeamPalette(
            under=f"bold {v.get('week-under', '')}".strip(),
            over=f"bold {v.get('week-over', '')}".strip(),
            weekend=v.get("week-weekend", "") or "dim",
            late="italic",
        )

    @work(exclusive=True, group="team-load", exit_on_error=False)
    async def load_team(self) -> None:
        start = week_start(self.shown_day, self.services.session.week_start)
        self._title(start, " · loading…")
        try:
            team = await self.team_service.load(self.spec, self.shown_day)
        except (BackendError, TeamError) as exc:
            self._title(start)
            self.query_one("#team-legend", Label).update(f"[b]Could not load the team:[/b] {exc}")
            return
        self.team = team
        self._title(team.start)
        self.grid.show_team(team, self._today(), self.palette(), decimal=self.look.decimal)
        self.query_one("#team-legend", Label).update(team_screen_legend(team))

    def action_shift_week(self, weeks: int) -> None:
        self.shown_day += timedelta(weeks=weeks)
        self.load_team()

    def action_this_week(self) -> None:
        self.shown_day = self._today()
        self.load_team()

    def action_refresh(self) -> None:
        # As the week's `r`: whoever submitted or had a week approved since shows as locked.
        forget_locks(self.services.session)
        self.load_team()

    def action_back(self) -> None:
        self.dismiss(None)

    def on_team_grid_person_chosen(self, event: TeamGrid.PersonChosen) -> None:
        if self.team is None:
            return
        if event.row.user.ident == self.services.session.me.ident:
            self.dismiss(self.team.start)
            return
        week = self.team.week_for(event.row)
        required = {d: self.team.rules.required_on(event.row.user.ident, d) for d in week.days}
        self.app.push_screen(
            ReviewScreen(
                week,
                self.services,
                today=self._today(),
                look=self.look,
                required=required,
                locked=self.team.locked_for(event.row),
            )
        )

    @work(group="team-flow", exit_on_error=False)
    async def action_export(self) -> None:
        team = self.team
        if team is None:
            return
        await export_grid(
            self,
            f"team-{self.spec.name}",
            team.start,
            lambda fmt: render_team(team, fmt, style=self.look.style),
        )

    def action_copy_grid(self, tabs: bool) -> None:
        if self.team is not None:
            copy_grid(self, team_rows(self.team, self.look.style, symbols=True), tabs=tabs)


class ReviewScreen(Screen[None]):
    """Someone else's week as issues × days, read-only.

    | key | action |
    |---|---|
    | arrows, `h j k l` | move |
    | `enter` | the cell's worklogs (start, time, comment) |
    | `x`, `y`, `Y` | export / copy the grid |
    | `escape` | back to the team |
    """

    HELP_TITLE = "Review"
    HELP_EXTRA = [("arrows h j k l", "move"), ("enter", "the cell's worklogs")]

    BINDINGS = [*SHARE_BINDINGS, Binding("escape", "back", "Back", id="review.back")]

    def __init__(
        self,
        week: Week,
        services: Services,
        *,
        today: date,
        look: GridLook,
        required: Mapping[date, int] | None = None,
        locked: Mapping[date, str] | None = None,
    ) -> None:
        super().__init__()
        self.week = week
        self.required = dict(required or {})
        """The person's required seconds per day (their schedule), for the ▾ flags."""
        self.locked = dict(locked or {})
        """The person's locked days (Tempo: submitted or approved), with why."""
        self.services = services
        self.today = today
        self.look = look

    def compose(self) -> ComposeResult:
        with Horizontal(id="week-title"):
            yield Label("", id="week-label")
            yield Label(f"zone {self.week.zone.key}", id="zone-label")
        yield WeekGrid(id="grid")
        read_only = "Review: read-only. Worklogs can be changed only by their authors."
        line = locked_legend(self.locked)
        yield Label(f"{read_only}\n{line}" if line else read_only, id="team-legend")
        yield Footer()

    def on_mount(self) -> None:
        end = self.week.start + timedelta(days=6)
        name = self.week.user.display_name or self.week.user.ident
        self.query_one("#week-label", Label).update(
            f"[b]{name}[/b] · {self.week.start:%a %d %b} – {end:%a %d %b %Y}"
        )
        grid = self.query_one(WeekGrid)
        v = self.app.theme_variables
        grid.show_week(
            replace(self.week.view(), required=self.required, locked=self.locked),
            self.today,
            self.look,
            Palette(
                weekend=v.get("week-weekend", "") or "dim",
                under=f"bold {v.get('week-under', '')}".strip(),
                over=f"bold {v.get('week-over', '')}".strip(),
            ),
        )
        grid.focus()

    def on_week_grid_cell_chosen(self, event: WeekGrid.CellChosen) -> None:
        row = next((r for r in self.week.rows if r.issue.key == event.issue_key), None)
        if row is None:
            return
        worklogs = list(row.worklogs[self.week.days.index(event.day)])
        self.app.push_screen(
            CellScreen(
                row.issue,
                event.day,
                worklogs,
                self.services.session.me,
                self.week.zone,
                read_only=True,
                style=self.look.style,
                show_comment=wiki_to_text
                if self.services.session.capabilities.comment_format == "wiki"
                else None,
                attributes=self.services.worklogs.work_attributes,
            )
        )

    def action_back(self) -> None:
        self.dismiss(None)

    @work(group="review-flow", exit_on_error=False)
    async def action_export(self) -> None:
        week = self.week
        who = (week.user.name or week.user.ident).replace(":", "-")
        await export_grid(
            self,
            f"week-{who}",
            week.start,
            lambda fmt: render_week(week, fmt, style=self.look.style),
        )

    def action_copy_grid(self, tabs: bool) -> None:
        copy_grid(self, week_rows(self.week, self.look.style), tabs=tabs)
