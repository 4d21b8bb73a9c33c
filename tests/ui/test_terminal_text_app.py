"""The app never draws Jira's control characters: a hostile summary in the grid, a hostile
comment in the cell and a colleague's hostile name in the team view, over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widget import Widget

from tests.test_cli_hardening import UNSAFE, hostile_week
from tests.ui.app_harness import build_app, until
from tuiws.app.app import TuiwsApp
from tuiws.app.screens.cell import CellScreen
from tuiws.app.screens.team import TeamScreen
from tuiws.app.screens.week import WeekScreen
from tuiws.emulator import JiraEmulator
from tuiws.emulator.seed import DEMO_GROUP


@pytest.fixture
def emu(flavor: str) -> Iterator[JiraEmulator]:
    with JiraEmulator(flavor) as emulator:  # type: ignore[arg-type]
        yield emulator


def drawn(app: TuiwsApp) -> str:
    """Every line every visible widget of the current screen renders."""
    lines: list[str] = []
    for widget in app.screen.walk_children(Widget, with_self=True):
        width, height = widget.size
        if widget.display and width and height:
            lines.extend(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))
    return "\n".join(lines)


@pytest.mark.parametrize("flavor", ["cloud", "server"])
async def test_hostile_summary_name_and_comment_are_drawn_clean(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    key = hostile_week(emu)
    emu.state.add_group(DEMO_GROUP, ["eve"])  # the colleague joins the app's team
    app = build_app(emu, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.home.week is not None and not app.home.status.loading)
        grid = app.home.grid
        grid.move_to_issue(key)
        grid.move_to_day(app.today())
        await pilot.pause()
        assert grid.current_issue is not None and grid.current_issue.key == key
        screen = drawn(app)
        assert "PWNED[2J login" in screen
        assert not {ch for ch in screen if ch in UNSAFE}
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CellScreen))
        await pilot.pause()
        cell = drawn(app)
        assert "paired[31m on it" in cell
        assert not {ch for ch in cell if ch in UNSAFE}
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, TeamScreen) and app.screen.team)
        await pilot.pause()
        team = drawn(app)
        assert "Eve[5m Blink" in team
        assert not {ch for ch in team if ch in UNSAFE}
