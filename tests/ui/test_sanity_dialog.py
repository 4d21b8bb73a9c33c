"""The editor asks before a doubtful save (issue 10's sanity checks): `ctrl+s` lists the
questions, only `y` saves, `n` goes back with everything kept; `enter` never confirms."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.conftest import Harness
from tests.ui.app_harness import until
from tests.ui.test_editor import Host, make_editor, mine, opened
from tuiws.app.screens.sanity_dialog import SanityQuestionsScreen
from tuiws.domain.models import Worklog
from tuiws.services.session import Session
from tuiws.store.drafts import DraftStore

SIZE = (80, 24)


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "drafts")


async def type_into(pilot: Pilot[None], editor: object, name: str, text: str) -> None:
    field = editor.query_one(f"#{name}", Input)  # type: ignore[attr-defined]
    field.value = text
    await pilot.pause()


def questions_shown(app: Host) -> list[str]:
    assert isinstance(app.screen, SanityQuestionsScreen)
    return [str(s.content) for s in app.screen.query(".question").results(Static)]


@pytest.mark.parametrize("flavor", ["cloud"])
async def test_a_long_worklog_is_asked_about_and_saved_only_on_y(
    session: Session, store: DraftStore, harness: Harness
) -> None:
    app = Host(make_editor(session, store))
    async with app.run_test(size=SIZE) as pilot:
        editor = await opened(pilot, app)
        await type_into(pilot, editor, "start", "06:00")
        await type_into(pilot, editor, "duration", "13h")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SanityQuestionsScreen))
        assert questions_shown(app) == ["• 13:00 in one worklog is more than 12 h."]
        await pilot.press("enter")  # never a confirmation
        await pilot.pause()
        assert isinstance(app.screen, SanityQuestionsScreen)
        await pilot.press("n")
        await until(pilot, lambda: app.screen is editor)
        assert editor.query_one("#duration", Input).value == "13h"
        assert mine(harness, 13 * 3600) == [] and app.results == []
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SanityQuestionsScreen))
        await pilot.press("y")
        await until(pilot, lambda: app.results != [])
        assert len(mine(harness, 13 * 3600)) == 1


@pytest.mark.parametrize("flavor", ["server"])
async def test_an_ordinary_save_asks_nothing(
    session: Session, store: DraftStore, harness: Harness
) -> None:
    app = Host(make_editor(session, store))
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app)
        await pilot.press("4", "7", "m", "ctrl+s")
        await until(pilot, lambda: app.results != [])
        assert len(mine(harness, 47 * 60)) == 1


@pytest.mark.parametrize("flavor", ["cloud"])
async def test_a_duplicate_of_the_days_worklog_names_it(
    session: Session, store: DraftStore, harness: Harness
) -> None:
    first = Host(make_editor(session, store))
    async with first.run_test(size=SIZE) as pilot:
        await opened(pilot, first)
        await pilot.press("4", "7", "m", "ctrl+s")
        await until(pilot, lambda: first.results != [])
    [made] = first.results
    assert isinstance(made, Worklog)
    again = Host(make_editor(session, store))
    async with again.run_test(size=SIZE) as pilot:
        await opened(pilot, again)
        await pilot.press("4", "7", "m", "ctrl+s")
        await until(pilot, lambda: isinstance(again.screen, SanityQuestionsScreen))
        [shown] = questions_shown(again)
        assert f"already has this worklog (worklog {made.id})" in shown
        await pilot.press("escape")
        await until(pilot, lambda: again.screen is again.editor)
    assert len(mine(harness, 47 * 60)) == 1


@pytest.mark.parametrize("flavor", ["cloud"])
async def test_a_date_far_back_is_asked_in_the_dialog(session: Session, store: DraftStore) -> None:
    app = Host(make_editor(session, store))
    async with app.run_test(size=SIZE) as pilot:
        editor = await opened(pilot, app)
        far = editor._today() - timedelta(days=120)
        await type_into(pilot, editor, "date", far.isoformat())
        await type_into(pilot, editor, "duration", "1h")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SanityQuestionsScreen))
        assert questions_shown(app) == [f"• {far:%a %Y-%m-%d} is 120 days back (more than 90)."]
