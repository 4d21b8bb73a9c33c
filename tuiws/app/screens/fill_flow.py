"""The week screen's `F` (copy last week) and `f` (fill the cell's day): a plan, then its screen."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from tuiws.app.screens.fill_plan import FillPlanScreen
from tuiws.backends.errors import BackendError
from tuiws.services.fill import FillService, WeekPlan

if TYPE_CHECKING:
    from tuiws.app.screens.week import WeekScreen

__all__ = ["copy_last_week", "fill_gap"]


def _fill_service(screen: WeekScreen) -> FillService | None:
    services = screen.services
    if services is None:
        return None
    timers = screen.timers
    if timers is None:
        return FillService(services)
    return FillService(services, round_minutes=timers.round_minutes, round_mode=timers.round_mode)


async def _open_plan(screen: WeekScreen, fill: FillService, planned: WeekPlan, title: str) -> None:
    sent = await screen.app.push_screen_wait(
        FillPlanScreen(fill, planned, title=title, drafts=screen.drafts, style=screen.look.style)
    )
    if sent:
        screen.load_week()


async def copy_last_week(screen: WeekScreen) -> None:
    """`F`: last week's worklogs proposed for the week shown."""
    fill = _fill_service(screen)
    if fill is None or not screen._connected_or_say():
        return
    try:
        planned = await fill.copy_plan(screen.shown_day, 1, week=screen.week)
    except BackendError as exc:
        screen.status.last_error = str(exc)
        return
    if not planned.plan.items:
        screen.notify("Nothing to copy: last week has nothing this week lacks.")
        return
    start = planned.week.start
    source = start - timedelta(weeks=1)
    title = f"Copy the week of {source:%a %d %b} to the week of {start:%a %d %b}"
    await _open_plan(screen, fill, planned, title)


async def fill_gap(screen: WeekScreen) -> None:
    """`f`: the cell's day's gap proposed on the row's issue."""
    fill = _fill_service(screen)
    if fill is None or not screen._connected_or_say():
        return
    cell = screen._cell()
    if cell is None:
        screen.notify("Put the cursor on an issue's cell to fill its day.", severity="warning")
        return
    issue, day, _ = cell
    try:
        planned = await fill.gap_plan(issue, day, week=screen.week)
    except BackendError as exc:
        screen.status.last_error = str(exc)
        return
    if not planned.plan.items:
        screen.notify(f"Nothing missing on {day:%a %d %b}.")
        return
    await _open_plan(screen, fill, planned, f"Fill {day:%a %d %b} to its required hours")
