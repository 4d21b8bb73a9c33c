"""The app's first theme is the one its stylesheet is first parsed with: no second parse
before the first frame (a whole re-parse of the stylesheet), and the colours are that theme's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui.app_harness import GatedTime, build_app
from tuiws.app.app import TuiwsApp
from tuiws.config.ui_settings import UiSettings
from tuiws.emulator import JiraEmulator


@pytest.fixture
def emu() -> Iterator[JiraEmulator]:
    with JiraEmulator("cloud") as emulator:
        yield emulator


def count_reparses(app: TuiwsApp) -> list[str]:
    seen: list[str] = []
    reparse = app.stylesheet.reparse

    def counted() -> None:
        seen.append(app.theme)
        reparse()

    app.stylesheet.reparse = counted  # type: ignore[method-assign]
    return seen


@pytest.mark.parametrize(
    ("theme", "dark", "reparsed"),
    [("tuiws-dark", True, []), ("tuiws-high-contrast", True, []), ("tuiws-light", False, None)],
)
async def test_the_first_frame_is_drawn_in_the_chosen_theme(
    emu: JiraEmulator, tmp_path: Path, theme: str, dark: bool, reparsed: list[str] | None
) -> None:
    app = build_app(emu, tmp_path, time=GatedTime(), ui=UiSettings(theme=theme))
    reparses = count_reparses(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.current_theme.name == theme
        assert app.has_class("-dark-mode") is dark and app.has_class("-light-mode") is not dark
        background = app.current_theme.background
        assert background is not None
        assert app.screen.styles.background.hex.lower() == background.lower()
        if reparsed is not None:  # as dark as Textual's default: set with no watcher
            assert reparses == reparsed
