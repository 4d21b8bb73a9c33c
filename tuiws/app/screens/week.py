"""The home screen: the week grid, its keys, and the flows they start.

Every network call runs in a worker through the services; the screen only shows results.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label

from tuiws.app.messages import WritesInFlight
from tuiws.app.widgets.status_bar import StatusBar
from tuiws.app.widgets.week_detail import LEGEND, WeekDetail, week_target
from tuiws.app.widgets.week_grid import GridLook, Palette, WeekGrid, WeekTotals
from tuiws.backends.errors import BackendError, Forbidden
from tuiws.domain.durations import format_duration
from tuiws.domain.week import week_start

if TYPE_CHECKING:
    from tuiws.app.screens.cell import CellAction
    from tuiws.domain.models import Issue, Worklog
    from tuiws.domain.timesheet import Week
    from tuiws.domain.week_view import WeekView
    from tuiws.services.bundle import Services
    from tuiws.services.cached_weeks import CachedWeek, CachedWeeks
    from tuiws.services.team_spec import TeamSpec
    from tuiws.store.cache_peek import PeekedWeek
    from tuiws.store.drafts import DraftStore, EditorDraft

# The flows' screens (editor, search, cell view, dialogs, team) and the cache's services are
# imported where they are first used: the week's frame paints before they are loaded.


NOT_CONNECTED = "not connected · r retry · ! why"
ROOMY_HEIGHT = 30
"""From this many lines the screen shows the detail of the highlighted cell under the grid."""


class WeekScreen(Screen[None]):
    """The week as issues × days.

    | key | action |
    |---|---|
    | arrows, `h j k l` | move |
    | `[` / `]` | previous / next week |
    | `t` | this week |
    | `g` | go to a date |
    | `enter` | open the cell: that day's worklogs on that issue |
    | `a` | log work on the row's issue for the cell's day |
    | `e` | edit the cell's worklog |
    | `d` | delete the cell's worklog (asks first) |
    | `c` | copy the cell's worklog to another day |
    | `p` | pin or unpin the row's issue |
    | `/` | find an issue and log work on it |
    | `r` | refresh (reconnect, when Jira could not be reached) |
    | `!` | the last error in full |
    | `m` | the team's week (people × days) |
    | `x` | export the grid to a file |
    | `y` / `Y` | copy the grid as Markdown / tab-separated (OSC 52, works over SSH) |
    | `?` | help |
    | `q` | quit |
    """

    class ReconnectRequested(Message):
        """`r` before any connection succeeded: the app connects again."""

    HELP_TITLE = "Week"
    # The footer shows the everyday writes and where to find the rest (`?`): at 80 columns it
    # has room for about seven keys, and each one it draws costs the first frame time.
    HELP_EXTRA = [("arrows h j k l", "move"), ("enter", "open the cell")]

    BINDINGS = [
        Binding(
            "left_square_bracket", "shift_week(-1)", "Prev week", id="week.previous", show=False
        ),
        Binding("right_square_bracket", "shift_week(1)", "Next week", id="week.next", show=False),
        Binding("t", "this_week", "Today", id="week.today", show=False),
        Binding("g", "go_to_date", "Go to", show=False, id="week.goto"),
        Binding("a", "add", "Add", id="week.add"),
        Binding("e", "edit", "Edit", id="week.edit"),
        Binding("d", "delete", "Delete", id="week.delete"),
        Binding("c", "copy", "Copy to a day", show=False, id="week.copy"),
        Binding("p", "pin", "Pin", show=False, id="week.pin"),
        Binding("slash", "search", "Search", id="week.search"),
        Binding("r", "refresh", "Refresh", id="week.refresh", show=False),
        Binding("exclamation_mark", "show_error", "Last error", id="week.error", show=False),
        Binding("m", "team", "Team", id="week.team"),
        Binding("x", "export", "Export", show=False, id="week.export"),
        Binding("y", "copy_grid(False)", "Copy grid", show=False, id="week.copy_md"),
        Binding("Y", "copy_grid(True)", "Copy grid TSV", show=False, id="week.copy_tsv"),
    ]

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
        first_week: PeekedWeek | None = None,
        zone_override: str | None = None,
    ) -> None:
        super().__init__()
        self.services: Services | None = None
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

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        start = week_start(self.shown_day, self.first_weekday)
        self._title(start)
        self.grid.show_skeleton(start, self._today())
        self.grid.focus()
        first = self.first_week
        if first is not None and first.view.start == start:
            self._show_cached(first.view, first.synced_at)
            # Until Jira says, the zone shown is the one the cached days are bucketed in.
            self.query_one("#zone-label", Label).update(f"zone {first.zone}")

    def attach_cache(self, weeks: CachedWeeks, *, paint: bool = True) -> None:
        """The cache is open: read the week from it (so the cells can be worked on) unless it
        is not to be shown, and sync it once connected."""
        self.cached_weeks = weeks
        if paint:
            self.paint_from_cache()

    @work(group="cache-paint", exit_on_error=False)
    async def paint_from_cache(self) -> None:
        """Show the week as last synced, before Jira answers (marked "cached … ago")."""
        from tuiws.domain.started import resolve_zone
        from tuiws.store.cache import CacheError

        if self.cached_weeks is None:
            return
        try:
            zone = resolve_zone(self.zone_override) if self.zone_override else None
            cached = self.cached_weeks.load(self.shown_day, zone=zone, keep=self._pinned())
        except (CacheError, sqlite3.Error, ValueError):
            return  # a cache that cannot be read only costs the head start
        if self.week is not None or cached.synced_at is None:
            return
        self.week = cached.week
        self._show_cached(cached.week.view(), cached.synced_at)

    def _show_cached(self, view: WeekView, synced_at: datetime) -> None:
        first = self.grid.week is None  # else the cursor stays where the user has put it
        self.status.from_cache = True
        self.status.refreshed_at = synced_at
        self.grid.show_week(view, self._today(), self.look, self.palette())
        if first:
            today = self._today()
            self.grid.move_to_day(today if today in view.days else view.start)
        self.update_detail()

    @work(exclusive=True, group="cache-sync", exit_on_error=False)
    async def sync_cache(self) -> None:
        """Bring the local cache up to date in the background (on start and on `r`)."""
        from tuiws.store.cache import CacheError

        if self.services is None or self.services.sync is None:
            return
        try:
            await self.services.sync.sync()
        except (BackendError, CacheError, sqlite3.Error) as exc:
            self.status.last_error = f"Sync of the local cache failed: {exc}"

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

    def _connected_or_say(self) -> bool:
        if self.services is not None:
            return True
        self.notify("Not connected to Jira: r tries again, ! shows why.", severity="warning")
        return False

    def action_show_error(self) -> None:
        from tuiws.app.screens.dialogs import ErrorScreen

        error = self.status.last_error
        if not error:
            self.notify("No error to show.")
            return
        hint = "r: try again    " if self.services is None else ""
        self.app.push_screen(ErrorScreen("The last error", error, hint))

    # -- loading ------------------------------------------------------------------------------

    def connected(self, services: Services) -> None:
        self.services = services
        s = services.session
        self.shown_day = self._today()
        self.query_one("#zone-label", Label).update(f"zone {s.zone_name}")
        self.load_week(focus_today=True)
        self.sync_cache()

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
            target_seconds=week_target(self.grid.days, self.look.target_seconds),
            fmt=self.grid.formatter(),
            show_comment=self.show_comment,
        )

    def show_comment(self, text: str) -> str:
        """A comment as it reads: Server/DC's wiki markup (`[~pnatarajan]`) as text, mentions
        by the names of the people in this week."""
        from tuiws.domain.wiki_text import wiki_to_text

        if self.services is None or self.services.session.capabilities.comment_format != "wiki":
            return text
        names: dict[str, str] = {}
        for row in self.week.rows if self.week else ():
            for day in row.worklogs:
                for worklog in day:
                    author = worklog.author
                    if author.name and author.display_name:
                        names[author.name] = author.display_name
        return wiki_to_text(text, names)

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

    @work(exclusive=True, group="week-load", exit_on_error=False)
    async def load_week(
        self,
        focus_today: bool = False,
        focus_issue: str | None = None,
        focus_day: date | None = None,
    ) -> None:
        services = self.services
        if services is None:
            return
        start = week_start(self.shown_day, self.first_weekday)
        self._title(start)
        self.status.loading = True
        try:
            week = await services.weeks.load(self.shown_day, keep=self._pinned())
        except BackendError as exc:
            self.status.last_error = str(exc)
            self.status.loading = False
            backoff = self.status.backoff
            if backoff is not None and backoff.resume_at <= self.clock():
                self.status.backoff = None  # its retries are over
            self._show_unloaded(start, focus_day)
            return
        finally:
            self.status.loading = False
        self.week = week
        self.status.from_cache = False
        self.status.refreshed_at = datetime.fromtimestamp(self.clock()).astimezone()
        self.status.clear_error()
        self.grid.show_week(week.view(), self._today(), self.look, self.palette())
        if focus_today:
            self.grid.move_to_day(self._today() if self._today() in week.days else week.start)
        if focus_day is not None:
            self.grid.move_to_day(focus_day)
        if focus_issue:
            self.grid.move_to_issue(focus_issue)
        self.update_detail()

    def _show_unloaded(self, start: date, focus_day: date | None) -> None:
        """Jira did not answer for the week of `start`: the grid shows that week from the
        cache (marked cached), or says it has none, so title, grid and editor agree."""
        day = focus_day or self.grid.current_day
        if self.week is not None and self.week.start == start:
            return  # a refresh of the week on screen: its numbers stay, with the error
        cached = self._cached(start)
        if cached is not None:
            self.week = cached.week
            assert cached.synced_at is not None
            self._show_cached(cached.week.view(), cached.synced_at)
        else:
            self.week = None
            self.status.from_cache = False
            self.status.refreshed_at = None
            held = " and the local cache does not hold it" if self.cached_weeks else ""
            self.grid.show_no_data(
                start, self._today(), f"No data for this week: Jira did not answer{held}"
            )
        self.update_detail()
        if day is not None:
            self.grid.move_to_day(
                start + timedelta(days=(day - week_start(day, self.first_weekday)).days)
            )

    def _cached(self, start: date) -> CachedWeek | None:
        from tuiws.domain.started import resolve_zone
        from tuiws.store.cache import CacheError

        weeks = self.cached_weeks
        if weeks is None:
            return None
        try:
            if not weeks.holds(start):
                return None
            zone = resolve_zone(self.zone_override) if self.zone_override else None
            if self.services is not None:
                zone = zone or self.services.session.zone
            cached = weeks.load(start, zone=zone, keep=self._pinned())
        except (CacheError, sqlite3.Error, ValueError):
            return None
        return cached if cached.synced_at is not None else None

    # -- week navigation ------------------------------------------------------------------------

    def action_shift_week(self, weeks: int) -> None:
        self.shown_day += timedelta(weeks=weeks)
        self.load_week()

    def action_this_week(self) -> None:
        self.shown_day = self._today()
        self.load_week(focus_today=True)

    def action_refresh(self) -> None:
        if self.services is None:
            if not self.status.loading:
                self.reconnecting()
                self.post_message(self.ReconnectRequested())
            return
        self.load_week()
        self.sync_cache()

    @work(group="flow", exit_on_error=False)
    async def action_go_to_date(self) -> None:
        from tuiws.app.screens.dialogs import PickDateScreen

        day = await self.app.push_screen_wait(PickDateScreen("Go to which day?", self._today()))
        if day is not None:
            # The cursor goes to the day asked for, so `a` logs on it.
            self.shown_day = day
            self.load_week(focus_day=day)

    # -- cell flows -----------------------------------------------------------------------------

    def _cell(self) -> tuple[Issue, date, list[Worklog]] | None:
        issue, day = self.grid.current_issue, self.grid.current_day
        if issue is None or day is None or self.week is None:
            return None
        row = next((r for r in self.week.rows if r.issue.key == issue.key), None)
        if row is None:
            return None  # the grid still shows the cache's first paint
        return row.issue, day, list(row.worklogs[self.week.days.index(day)])

    def on_week_grid_cell_chosen(self, event: WeekGrid.CellChosen) -> None:
        self.open_cell()

    @work(group="flow", exit_on_error=False)
    async def open_cell(self) -> None:
        from tuiws.app.screens.cell import CellScreen

        cell, services = self._cell(), self.services
        if cell is None or services is None:
            return
        issue, day, worklogs = cell
        action = await self.app.push_screen_wait(
            CellScreen(
                issue,
                day,
                worklogs,
                services.session.me,
                services.session.zone,
                locked=issue.project_key in self.locked_projects,
                style=self.look.style,
                show_comment=self.show_comment,
            )
        )
        if action is not None:
            await self._run_cell_action(issue, day, action)

    async def _run_cell_action(self, issue: Issue, day: date, action: CellAction) -> None:
        if action.kind == "add":
            await self._edit(issue.key, day, None)
        elif action.kind == "edit" and action.worklog:
            await self._edit(issue.key, day, action.worklog)
        elif action.kind == "delete" and action.worklog:
            await self._delete(action.worklog)
        elif action.kind == "copy" and action.worklog:
            await self._copy(action.worklog)

    def _own(self, worklogs: list[Worklog]) -> list[Worklog]:
        me = self.services.session.me.ident if self.services else ""
        return [w for w in worklogs if w.author.ident == me]

    @work(group="flow", exit_on_error=False)
    async def action_add(self) -> None:
        if not self._connected_or_say():
            return
        cell = self._cell()
        if cell is None:
            await self._search_then_add(self.grid.current_day or self._today())
            return
        issue, day, _ = cell
        await self._edit(issue.key, day, None)

    @work(group="flow", exit_on_error=False)
    async def action_edit(self) -> None:
        if not self._connected_or_say():
            return
        target = await self._single_own("edit")
        if target is not None:
            cell = self._cell()
            assert cell is not None
            await self._edit(cell[0].key, cell[1], target)

    @work(group="flow", exit_on_error=False)
    async def action_delete(self) -> None:
        if not self._connected_or_say():
            return
        target = await self._single_own("delete")
        if target is not None:
            await self._delete(target)

    @work(group="flow", exit_on_error=False)
    async def action_copy(self) -> None:
        cell = self._cell()
        if cell is None or not cell[2]:
            self.notify("No worklog in this cell to copy.", severity="warning")
            return
        if len(cell[2]) > 1:
            self.open_cell()
            return
        await self._copy(cell[2][0])

    async def _single_own(self, verb: str) -> Worklog | None:
        """The one worklog of mine in the cell; with several, the cell view lets you pick."""
        cell = self._cell()
        if cell is None:
            return None
        issue, _, worklogs = cell
        if issue.project_key in self.locked_projects:
            self.notify(
                f"{issue.project_key} does not let you {verb} worklogs.", severity="warning"
            )
            return None
        mine = self._own(worklogs)
        if len(worklogs) > 1:
            self.open_cell()
            return None
        if not mine:
            self.notify(f"No worklog of yours here to {verb}.", severity="warning")
            return None
        return mine[0]

    async def _edit(
        self,
        issue_key: str,
        day: date,
        original: Worklog | None,
        restore: EditorDraft | None = None,
    ) -> None:
        from tuiws.app.screens.editor import WorklogEditorScreen

        services = self.services
        if services is None:
            return
        saved = await self.app.push_screen_wait(
            WorklogEditorScreen(
                services,
                self.drafts,
                issue_key=issue_key,
                day=day,
                original=original,
                restore=restore,
                today=self._today,
                style=self.look.style,
            )
        )
        if saved is not None and saved.issue_key:
            self._remember(saved.issue_key)

    async def _delete(self, worklog: Worklog) -> None:
        from tuiws.app.screens.dialogs import ConfirmDeleteScreen

        services = self.services
        if services is None or not worklog.issue_key:
            return
        adjust = await self.app.push_screen_wait(
            ConfirmDeleteScreen(worklog, services.session.zone, self.look.style, self.show_comment)
        )
        if adjust is None:
            return
        self.app.post_message(WritesInFlight(+1))
        try:
            await services.worklogs.delete(worklog.issue_key, worklog.id, adjust)
        except Forbidden as exc:
            self.locked_projects.add(worklog.issue_key.rsplit("-", 1)[0])
            self.status.last_error = str(exc)
            return
        except BackendError as exc:
            self.status.last_error = str(exc)
            return
        finally:
            self.app.post_message(WritesInFlight(-1))
        self.notify("Worklog deleted.")
        self.load_week(focus_issue=worklog.issue_key)

    async def _copy(self, worklog: Worklog) -> None:
        from tuiws.app.screens.dialogs import PickDateScreen
        from tuiws.store.drafts import EditorDraft

        services = self.services
        if services is None or not worklog.issue_key:
            return
        day = await self.app.push_screen_wait(
            PickDateScreen(f"Copy {worklog.issue_key} to which day?", self._today())
        )
        if day is None:
            return
        local = worklog.started.astimezone(services.session.zone)
        restore = EditorDraft(
            issue_key=worklog.issue_key,
            date=day.isoformat(),
            start=f"{local:%H:%M}",
            duration=format_duration(worklog.time_spent_seconds),
            comment=worklog.comment_text,
            worklog_id=None,
            original_comment_adf=worklog.comment_adf,
            comment_touched=False,
        )
        await self._edit(worklog.issue_key, day, None, restore=restore)

    async def _search_then_add(self, day: date) -> None:
        from tuiws.app.screens.search import IssueSearchScreen

        services = self.services
        if services is None:
            return
        issue = await self.app.push_screen_wait(
            IssueSearchScreen(
                services, pinned=self._pinned(), recent=self._recent(), style=self.look.style
            )
        )
        if issue is not None:
            await self._edit(issue.key, day, None)

    @work(group="flow", exit_on_error=False)
    async def action_search(self) -> None:
        if not self._connected_or_say():
            return
        await self._search_then_add(self.grid.current_day or self._today())

    def action_pin(self) -> None:
        issue = self.grid.current_issue
        if issue is None:
            return
        pinned = self._toggle_pin(issue.key)
        self.notify(f"{issue.key} {'pinned' if pinned else 'unpinned'}.")
        self.load_week(focus_issue=issue.key)

    # -- team and sharing -----------------------------------------------------------------------

    @work(group="flow", exit_on_error=False)
    async def action_team(self) -> None:
        services = self.services
        if services is None:
            return
        if self.team is None:
            self.notify(
                'No team is configured: add [teams.NAME] with members = [...] or group = "..." '
                "to config.toml.",
                severity="warning",
            )
            return
        from tuiws.app.screens.team import TeamScreen

        chosen = await self.app.push_screen_wait(
            TeamScreen(
                services,
                self.team,
                day=self.shown_day,
                today=self._today,
                look=self.look,
            )
        )
        if chosen is not None:
            self.shown_day = chosen
            self.load_week(focus_day=chosen)

    @work(group="flow", exit_on_error=False)
    async def action_export(self) -> None:
        from tuiws.app.screens.sharing import export_grid
        from tuiws.domain.render import render_week

        week = self.week
        if week is None:
            return
        style = self.look.style
        await export_grid(self, "week", week.start, lambda fmt: render_week(week, fmt, style=style))

    def action_copy_grid(self, tabs: bool) -> None:
        from tuiws.app.screens.sharing import copy_grid
        from tuiws.domain.render import week_rows

        if self.week is not None:
            # Tab-separated goes to a spreadsheet: decimal hours, which it reads as numbers.
            style = "decimal" if tabs else self.look.style
            copy_grid(self, week_rows(self.week, style), tabs=tabs)
