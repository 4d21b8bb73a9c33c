"""The week screen's frame: its state, its widgets, the cell under the cursor and the detail
under the grid. `tuiws.app.screens.week.WeekScreen` is built on it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label

from tuiws import domain
from tuiws.app.widgets.status_bar import StatusBar
from tuiws.app.widgets.week_detail import LEGEND, WeekDetail, week_target
from tuiws.app.widgets.week_grid import GridLook, Palette, WeekGrid, WeekTotals

if TYPE_CHECKING:
    from tuiws.domain.models import Issue, Worklog
    from tuiws.domain.timesheet import Week
    from tuiws.services.bundle import Services
    from tuiws.services.cached_weeks import CachedWeek, CachedWeeks
    from tuiws.services.team_spec import TeamSpec
    from tuiws.services.timer import TimerService
    from tuiws.store.drafts import DraftStore

# The flows' screens (editor, search, cell view, dialogs, team) and the cache's services are
# imported where they are first used: the week's frame paints before they are loaded.

NOT_CONNECTED = "not connected · r retry · ! why"
ROOMY_HEIGHT = 30
"""From this many lines the screen shows the detail of the highlighted cell under the grid."""


class WeekBase(Screen[None]):
    """The week screen's state and widgets; the flows are in the classes built on it."""

    def __init__(
        self,
        *,
        drafts: DraftStore,
        today: Callable[[], date],
        pinned: Callable[[], list[str]],
        recent: Callable[[], list[str]],
        toggle_pin: Callable[[str], bool],
        remember: Callable[[str], None],
        look: GridLook,
        clock: Callable[[], float],
        first_weekday: int = 0,
        team: TeamSpec | None = None,
        first_week: CachedWeek | None = None,
        zone_override: str | None = None,
        timers: TimerService | None = None,
    ) -> None:
        super().__init__()
        self.services: Services | None = None
        self.timers = timers
        """The profile's timer (a file shared with `tuiws timer`); None: no timer keys."""
        self.drafts = drafts
        self._today = today
        self._pinned = pinned
        self._recent = recent
        self._toggle_pin = toggle_pin
        self._remember = remember
        self.look = look
        self.clock = clock
        self.first_weekday = first_weekday
        self.team = team
        self.first_week = first_week
        """The local cache's week as read before the app started: the first grid, if it is
        the week shown."""
        self.zone_override = zone_override
        self.cached_weeks: CachedWeeks | None = None
        """Weeks from the local cache, once open: the week is read from it, then synced."""
        self.shown_day = today()
        self.week: Week | None = None
        self.locked_projects: set[str] = set()
        self.required: dict[date, int] = {}
        """Each day's required seconds as read (the schedule, or hours per day)."""
        self.locked_days: dict[date, str] = {}
        """The days the backend locks (a Tempo timesheet submitted or approved), with why."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="week-title"):
            yield Label("", id="week-label")
            yield Label("connecting…", id="zone-label")
        yield WeekGrid(id="grid", totals=(totals := WeekTotals(id="grid-totals")))
        yield totals
        yield Label(LEGEND, id="week-legend")
        yield WeekDetail(id="week-detail")
        yield StatusBar(id="status", clock=self.clock)
        yield Footer()

    @property
    def grid(self) -> WeekGrid:
        return self.query_one(WeekGrid)

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    def _title(self, start: date) -> None:
        end = start + timedelta(days=6)
        self.query_one("#week-label", Label).update(
            f"[b]Week of {start:%a %d %b}[/b] – {end:%a %d %b %Y}"
        )

    def not_connected(self, error: str) -> None:
        """The connection failed: say why (in full under `!`), stop the countdown of retries
        that have ended, keep the cache's week and its age, and let `r` try again."""
        self.status.loading = False
        self.status.backoff = None
        self.status.last_error = error
        self.query_one("#zone-label", Label).update(NOT_CONNECTED)

    def reconnecting(self) -> None:
        self.status.loading = True
        self.status.clear_error()
        self.query_one("#zone-label", Label).update("connecting…")

    @work(group="timer", exclusive=True, exit_on_error=False)
    async def show_timer(self) -> None:
        """Read the timer from disk: one started by the shell or an earlier run shows from its
        true start."""
        if self.timers is not None:
            self.status.running = await asyncio.to_thread(self.timers.current)

    def _connected_or_say(self) -> bool:
        if self.services is not None:
            return True
        self.notify("Not connected to Jira: r tries again, ! shows why.", severity="warning")
        return False

    # -- the room under the grid --------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        # A tall terminal has room for the detail; a short one keeps every line for the grid.
        self.set_class(event.size.height >= ROOMY_HEIGHT, "-roomy")
        self.update_detail()

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        self.update_detail()

    def update_detail(self) -> None:
        if not self.has_class("-roomy"):
            return
        cell = self._cell()
        week = self.week
        self.query_one(WeekDetail).show(
            issue=self.grid.current_issue,
            day=cell[1] if cell else None,
            worklogs=cell[2] if cell else [],
            zone=week.zone if week else None,
            logged_seconds=week.total_seconds if week else 0,
            target_seconds=self.grid.week.target_seconds(self.look.target_seconds)
            if self.grid.week is not None
            else week_target(self.grid.days, self.look.target_seconds),
            fmt=self.grid.formatter(),
            show_comment=self.show_comment,
        )

    def show_comment(self, text: str) -> str:
        """A comment as it reads: Server/DC's wiki markup (`[~pnatarajan]`) as text, mentions
        by the names of the people in this week."""
        if self.services is None or self.services.session.capabilities.comment_format != "wiki":
            return text
        names: dict[str, str] = {}
        for row in self.week.rows if self.week else ():
            for day in row.worklogs:
                for worklog in day:
                    author = worklog.author
                    if author.name and author.display_name:
                        names[author.name] = author.display_name
        return domain.wiki_text.wiki_to_text(text, names)

    def _theme_changed(self, theme: object) -> None:
        # The grid's colours are resolved from the theme when drawn: draw it again at once.
        self.grid.redraw(self.palette())

    def palette(self) -> Palette:
        variables = self.app.theme_variables
        weekend = variables.get("week-weekend", "")
        return Palette(
            weekend=f"{weekend}" if weekend else "dim",
            today=f"bold on {variables['week-today']}" if "week-today" in variables else "bold",
            under=f"bold {variables.get('week-under', '')}".strip(),
            over=f"bold {variables.get('week-over', '')}".strip(),
            ok=variables.get("week-ok", ""),
        )

    def _cell(self) -> tuple[Issue, date, list[Worklog]] | None:
        issue, day = self.grid.current_issue, self.grid.current_day
        if issue is None or day is None or self.week is None:
            return None
        row = next((r for r in self.week.rows if r.issue.key == issue.key), None)
        if row is None:
            return None  # the grid still shows the cache's first paint
        return row.issue, day, list(row.worklogs[self.week.days.index(day)])
