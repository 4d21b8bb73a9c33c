"""The home screen: the week grid, its keys, and the flows they start.

Every network call runs in a worker through the services; the screen only shows results.
"""

from __future__ import annotations

from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Label

import tuiws.services
from tuiws import domain
from tuiws.app import screens
from tuiws.app.screens.week_base import NOT_CONNECTED, ROOMY_HEIGHT
from tuiws.app.screens.week_timer import WeekTimer
from tuiws.domain.week import week_start

__all__ = ["NOT_CONNECTED", "ROOMY_HEIGHT", "WeekScreen"]


class WeekScreen(WeekTimer):
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
    | `F` | copy last week: its worklogs as a plan for this week (nothing sent before `ctrl+s`) |
    | `f` | fill the cell's day to its required hours on the row's issue (a plan) |
    | `u` | undo the last add, edit or delete (asks first; `u` again redoes, once) |
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
        Binding("u", "undo", "Undo", show=False, id="week.undo"),
        Binding("slash", "search", "Search", id="week.search"),
        Binding("r", "refresh", "Refresh", id="week.refresh", show=False),
        Binding("exclamation_mark", "show_error", "Last error", id="week.error", show=False),
        Binding("m", "team", "Team", id="week.team"),
        Binding("x", "export", "Export", show=False, id="week.export"),
        Binding("y", "copy_grid(False)", "Copy grid", show=False, id="week.copy_md"),
        Binding("Y", "copy_grid(True)", "Copy grid TSV", show=False, id="week.copy_tsv"),
        Binding("s", "timer", "Timer", show=False, id="week.timer"),
        Binding("P", "pause_timer", "Pause timer", show=False, id="week.timer_pause"),
        Binding("F", "copy_last_week", "Copy last week", show=False, id="week.copy_last_week"),
        Binding("f", "fill_gap", "Fill the day's gap", show=False, id="week.fill_gap"),
    ]

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        start = week_start(self.shown_day, self.first_weekday)
        self._title(start)
        self.grid.focus()
        first = self.first_week
        if first is not None and first.synced_at is not None and first.week.start == start:
            self.week = first.week  # its cells open before Jira answers
            self._show_cached(first.week.view(), first.synced_at)
            # Until Jira says, the zone shown is the one the cached days are bucketed in.
            self.query_one("#zone-label", Label).update(f"zone {first.week.zone.key}")
        else:
            self.grid.show_skeleton(start, self._today())  # the days, until the week comes
        self.show_timer()

    def action_show_error(self) -> None:
        error = self.status.last_error
        if not error:
            self.notify("No error to show.")
            return
        hint = "r: try again    " if self.services is None else ""
        self.app.push_screen(screens.dialogs.ErrorScreen("The last error", error, hint))

    def action_refresh(self) -> None:
        if self.services is None:
            if not self.status.loading:
                self.reconnecting()
                self.post_message(self.ReconnectRequested())
            return
        # Tempo's approval periods are kept for the session: `r` reads them again, so a
        # timesheet submitted, approved or reopened since shows.
        tuiws.services.schedule.forget_locks(self.services.session)
        self.load_week()
        self.sync_cache()

    # -- filling the week (tuiws.app.screens.fill_flow) ----------------------------------------

    @work(group="flow", exit_on_error=False)
    async def action_copy_last_week(self) -> None:
        await screens.fill_flow.copy_last_week(self)

    @work(group="flow", exit_on_error=False)
    async def action_fill_gap(self) -> None:
        await screens.fill_flow.fill_gap(self)

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
        chosen = await self.app.push_screen_wait(
            screens.team.TeamScreen(
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
        week = self.week
        if week is None:
            return
        style = self.look.style
        await screens.sharing.export_grid(
            self, "week", week.start, lambda fmt: domain.render.render_week(week, fmt, style=style)
        )

    def action_copy_grid(self, tabs: bool) -> None:
        if self.week is not None:
            # Tab-separated goes to a spreadsheet: decimal hours, which it reads as numbers.
            style = "decimal" if tabs else self.look.style
            screens.sharing.copy_grid(self, domain.render.week_rows(self.week, style), tabs=tabs)
