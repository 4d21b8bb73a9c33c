"""The backends' own fields in the editor, driven by keys over real HTTP against the emulator's
Tempo and Everit: a required work attribute asked before anything is sent, billable time,
attributes kept through an edit, a Tempo move asked first and done by re-creating, Everit's
billable flag and tags both ways, the cell view showing them, and backoff naming Tempo."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.coordinate import Coordinate
from textual.message import Message
from textual.notifications import Notify
from textual.widgets import Checkbox, Input, Select, SelectionList

from tests.backends.test_tempo import MONDAY, NOW, TODAY, checked, draft_on, tempo
from tests.ui.app_harness import GatedTime, build_app, press_unwaited, until
from tests.ui.test_app_flows import SIZE, loaded, my_single_cell
from tuiws.app.app import TuiwsApp
from tuiws.app.screens.cell import CellScreen, worklog_details
from tuiws.app.screens.dialogs import PickDateScreen
from tuiws.app.screens.editor import WorklogEditorScreen
from tuiws.app.screens.editor_move import ConfirmMoveScreen
from tuiws.app.screens.week import WeekScreen
from tuiws.domain.attributes import WorkAttribute
from tuiws.domain.durations import show_duration
from tuiws.domain.models import User, Worklog
from tuiws.emulator import JiraEmulator
from tuiws.emulator.everit import BASE_PATH as EVERIT
from tuiws.emulator.tempo import tempo_store
from tuiws.services.bundle import Services
from tuiws.services.session import open_session
from tuiws.store.draft_store import DraftStore
from tuiws.store.drafts import EditorDraft

ACCOUNT = "#attr-_Account_"


@pytest.fixture
def emu() -> Iterator[JiraEmulator]:
    with JiraEmulator("cloud") as emulator:
        # Tempo's five requests a second run on the wall clock; the app's waits do not.
        tempo_store(emulator.state).rate_limit = None
        yield emulator


def sent(emu: JiraEmulator, prefix: str) -> list[tuple[str, Any]]:
    return [(r.method, r.body) for r in emu.writes() if r.path.startswith(prefix)]


def editor(app: TuiwsApp) -> WorklogEditorScreen:
    screen = app.screen
    assert isinstance(screen, WorklogEditorScreen)
    return screen


async def open_editor(app: TuiwsApp, pilot: Any, key: str) -> WorklogEditorScreen:
    await pilot.press(key)
    await until(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
    await pilot.pause()
    return editor(app)


async def choose(pilot: Any, select: Select[str], steps: int) -> None:
    """Pick the option `steps` below the prompt, by keys."""
    select.focus()
    await pilot.press("enter", *(["down"] * steps), "enter")


def _kept_attributes(app: TuiwsApp) -> dict[str, str] | None:
    kept = [d for _, d in app.home.drafts.pending()]
    return kept[0].attributes if len(kept) == 1 else None


def jira_id(emu: JiraEmulator, tempo_id: str) -> int:
    found = tempo_store(emu.state).ids.jira_id(int(tempo_id))
    assert found is not None
    return found


async def test_a_required_attribute_is_asked_before_anything_is_sent(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path, worklogs="tempo")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        form = await open_editor(app, pilot, "a")
        account = form.query_one(ACCOUNT, Select)
        assert form.query_one("#billable", Input).placeholder == "as time spent"
        emu.clear_log()
        await pilot.press(*"45m", "ctrl+s")
        await until(pilot, lambda: bool(form.field_error("attr-_Account_")))
        assert form.field_error("attr-_Account_").startswith(
            "Account (_Account_) is required: choose one of INTERNAL, PLATFORM-CAPEX"
        )
        assert form.focused is account, "the cursor goes to the field to fix"
        assert emu.writes() == [], "an empty required attribute costs no request"

        await choose(pilot, account, 2)
        assert account.value == "PLATFORM-CAPEX"
        assert form.field_error("attr-_Account_") == ""
        # What was chosen is kept on disk with the rest of the draft, as typing is.
        await until(pilot, lambda: _kept_attributes(app) == {"_Account_": "PLATFORM-CAPEX"})
        form.query_one("#billable", Input).focus()
        await pilot.press(*"30m", "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        [(method, body)] = sent(emu, "/tempo/")
        assert method == "POST" and body["timeSpentSeconds"] == 2700
        assert body["billableSeconds"] == 1800
        assert body["attributes"] == [{"key": "_Account_", "value": "PLATFORM-CAPEX"}]


async def test_optional_attributes_are_offered_and_only_what_is_set_is_sent(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path, worklogs="tempo")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        form = await open_editor(app, pilot, "a")
        # Required first, then Tempo's optional ones, each field named as Tempo names it.
        assert [n for n in form.field_names if n.startswith("attr-")] == [
            "attr-_Account_",
            "attr-_Workcategory_",
            "attr-_Overtime_",
            "attr-_Ticket_",
        ]
        assert not form.query_one("#attr-_Overtime_", Checkbox).value
        await pilot.press(*"45m")
        await choose(pilot, form.query_one(ACCOUNT, Select), 1)
        ticket = form.query_one("#attr-_Ticket_", Input)
        ticket.focus()
        await pilot.press(*"OPS-7")
        emu.clear_log()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        [(method, body)] = sent(emu, "/tempo/")
        assert method == "POST"
        # The untouched list and tick box are not sent as "chosen": Tempo stores nothing there.
        assert body["attributes"] == [
            {"key": "_Account_", "value": "INTERNAL"},
            {"key": "_Ticket_", "value": "OPS-7"},
        ]


async def test_an_optional_attribute_emptied_in_an_edit_is_cleared_in_tempo(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path, worklogs="tempo")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        row, column, original = my_single_cell(app)
        assert original.attributes.get("_Workcategory_")
        app.home.grid.cursor_coordinate = Coordinate(row, column)
        form = await open_editor(app, pilot, "e")
        category = form.query_one("#attr-_Workcategory_", Select)
        assert category.value == original.attributes["_Workcategory_"]
        category.focus()
        await pilot.press("enter", "home", "enter")  # the list's blank line: no category
        await until(pilot, lambda: category.value is Select.NULL)
        emu.clear_log()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        [(method, body)] = sent(emu, "/tempo/")
        assert method == "PUT"
        assert {a["key"] for a in body["attributes"]} == set(original.attributes) - {
            "_Workcategory_"
        }
        extra = tempo_store(emu.state).extras[jira_id(emu, original.id)]
        assert "_Workcategory_" not in extra.attributes


async def test_a_tempo_edit_keeps_every_attribute_it_had(emu: JiraEmulator, tmp_path: Path) -> None:
    app = build_app(emu, tmp_path, worklogs="tempo")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        row, column, original = my_single_cell(app)
        assert set(original.attributes) == {"_Account_", "_Workcategory_"}
        app.home.grid.cursor_coordinate = Coordinate(row, column)
        form = await open_editor(app, pilot, "e")
        assert form.query_one(ACCOUNT, Select).value == original.attributes["_Account_"]
        assert not form.dirty, "an edit opens clean, its attribute and billable as they are"
        emu.clear_log()
        await pilot.press("end", "ctrl+u", *"2h", "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        [(method, body)] = sent(emu, "/tempo/")
        assert method == "PUT" and body["timeSpentSeconds"] == 7200
        kept = {a["key"]: a["value"] for a in body["attributes"]}
        assert kept == dict(original.attributes), "PUT replaces: the work category came along"
        extra = tempo_store(emu.state).extras[jira_id(emu, original.id)]
        assert extra.attributes == dict(original.attributes)
        followed = original.billable_seconds in (None, original.time_spent_seconds)
        assert body["billableSeconds"] == (7200 if followed else original.billable_seconds)


async def test_a_copy_carries_the_required_attribute(emu: JiraEmulator, tmp_path: Path) -> None:
    app = build_app(emu, tmp_path, worklogs="tempo")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        row, column, original = my_single_cell(app)
        app.home.grid.cursor_coordinate = Coordinate(row, column)
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, PickDateScreen))
        await pilot.press(*"today", "enter")
        await until(pilot, lambda: isinstance(app.screen, WorklogEditorScreen))
        await pilot.pause()
        chosen = editor(app).query_one(ACCOUNT, Select).value
        assert chosen == original.attributes["_Account_"]


async def test_moving_on_tempo_asks_first_then_re_creates_once(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path, worklogs="tempo")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        row, column, original = my_single_cell(app)
        target = "INT-3" if original.issue_key != "INT-3" else "INT-2"
        app.home.grid.cursor_coordinate = Coordinate(row, column)
        form = await open_editor(app, pilot, "e")
        issue = form.query_one("#issue", Input)
        assert not issue.disabled, "Tempo offers the move, by re-creating"
        issue.focus()
        await pilot.press("end", "ctrl+u", *target)
        emu.clear_log()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmMoveScreen))
        ask = app.screen
        assert isinstance(ask, ConfirmMoveScreen)
        assert ask.question == f"Move this worklog to {target}?"
        assert f"then deletes the worklog on {original.issue_key}" in ask.explanation
        assert "Tempo cannot move a worklog" in ask.explanation
        await pilot.press("n")
        await until(pilot, lambda: app.screen is form)
        assert "not moved" in form.field_error("issue")
        assert emu.writes() == [], "nothing is sent before the user agrees"

        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmMoveScreen))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        assert [m for m, _ in sent(emu, "/tempo/")] == ["POST", "DELETE"]
        [(_, body)] = [(m, b) for m, b in sent(emu, "/tempo/") if m == "POST"]
        carried = {a["key"]: a["value"] for a in body["attributes"]}
        assert carried == dict(original.attributes), "the new one keeps what the old carried"
        state = emu.state
        old = jira_id(emu, original.id)
        assert all(w.id != old for w in state.all_worklogs()), "the original is gone"
        moved = [
            w
            for w in state.all_worklogs()
            if state.issue_of(w).key == target
            and w.started == original.started
            and w.time_spent_seconds == original.time_spent_seconds
        ]
        assert len(moved) == 1, "exactly one worklog on the new issue"


async def test_a_move_whose_delete_is_refused_closes_as_saved_and_says_so(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path, worklogs="tempo")
    told: list[str] = []

    def hook(message: Message) -> None:
        if isinstance(message, Notify):
            told.append(str(message.notification.message))

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await until(pilot, loaded(app))
        row, column, original = my_single_cell(app)
        target = "INT-3" if original.issue_key != "INT-3" else "INT-2"
        app.home.grid.cursor_coordinate = Coordinate(row, column)
        form = await open_editor(app, pilot, "e")
        form.query_one("#issue", Input).focus()
        await pilot.press("end", "ctrl+u", *target)
        emu.clear_log()
        emu.fail_next(1, 403, method="DELETE", path_contains="/tempo/")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmMoveScreen))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        assert [(r.method, r.status) for r in emu.writes()] == [("POST", 200), ("DELETE", 403)]
        await until(pilot, lambda: any("is still there" in t for t in told))
        [words] = [t for t in told if "is still there" in t]
        assert words.startswith(f"Logged on {target}, but the worklog on {original.issue_key}")
        assert app.home.drafts.pending() == [], "the time is logged: no draft to log it twice"


async def test_everit_billable_and_tags_are_sent_and_read_back(tmp_path: Path) -> None:
    # A fixed clock, and a cell nothing was logged in yet: the seed logs today's morning up to
    # the emulator's "now", so on the wall clock the cursor's cell held a worklog after 9:00.
    with JiraEmulator("cloud", today=TODAY, clock=lambda: NOW) as emu:
        await _log_then_edit_everit_fields(emu, tmp_path)


async def _log_then_edit_everit_fields(emu: JiraEmulator, tmp_path: Path) -> None:
    app = build_app(emu, tmp_path, today=TODAY, worklogs="everit")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        app.home.grid.cursor_coordinate = _empty_cell(app)
        form = await open_editor(app, pilot, "a")
        tags = form.query_one("#tags", SelectionList)
        await until(pilot, lambda: tags.option_count > 0)
        assert form.query_one("#billable", Checkbox).value, "Everit bills by default"
        assert "Legacy billing" not in [tags.get_option_at_index(i).value for i in range(5)]
        emu.clear_log()
        await pilot.press(*"30m")
        form.query_one("#billable", Checkbox).focus()
        await pilot.press("space")
        tags.focus()
        await pilot.press("home", "down", "down", "space")  # Review
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        [(method, body)] = sent(emu, EVERIT)
        assert method == "POST" and body["isBillable"] is False
        assert body["worklogTagIds"] == [3]

        await until(pilot, lambda: _saved_cell(app) is not None)
        row, column = _saved_cell(app) or (0, 0)
        app.home.grid.cursor_coordinate = Coordinate(row, column)
        form = await open_editor(app, pilot, "e")
        tags = form.query_one("#tags", SelectionList)
        await until(pilot, lambda: tags.option_count > 0)
        assert not form.query_one("#issue", Input).disabled, "Everit moves on edit"
        assert tags.selected == ["Review"]
        assert not form.query_one("#billable", Checkbox).value
        assert not form.dirty
        emu.clear_log()
        tags.focus()
        await pilot.press("home", "space")  # Meeting, the first
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen))
        [(method, body)] = sent(emu, EVERIT)
        assert method == "PATCH"
        assert body["partialWorklog"] == {"worklogTagIds": [1, 3]}, "only the tags changed"


def _saved_cell(app: TuiwsApp) -> tuple[int, int] | None:
    """The grid cell holding the one 30-minute worklog logged in the test."""
    week = app.home.week
    assert week is not None
    for r, row in enumerate(week.rows):
        for d, day in enumerate(row.worklogs):
            if [w.time_spent_seconds for w in day] == [1800] and day[0].tags == ("Review",):
                return r, d + 1
    return None


def _empty_cell(app: TuiwsApp) -> Coordinate:
    """A cell of the week with nothing logged, on a workday up to today."""
    week = app.home.week
    assert week is not None
    for r, row in enumerate(week.rows):
        for d, (day, logged) in enumerate(zip(week.days, row.worklogs, strict=True)):
            if not logged and day <= TODAY and day.weekday() < 5:
                return Coordinate(r, d + 1)
    raise AssertionError("the seeded week has no empty cell to log in")


async def test_the_cell_view_shows_billable_time_attributes_and_tags(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    app = build_app(emu, tmp_path, worklogs="tempo")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        row, column, worklog = my_single_cell(app)
        app.home.grid.cursor_coordinate = Coordinate(row, column)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CellScreen))
        cell = app.screen
        assert isinstance(cell, CellScreen)
        labels = [str(c.label) for c in cell.table.columns.values()]
        assert labels == ["Start", "Time", "Bill", "Author", "Comment", "Details"]
        shown = [str(text) for text in cell.table.get_row_at(0)]
        account = worklog.attributes["_Account_"]
        label = {"INTERNAL": "Internal", "PLATFORM-CAPEX": "Platform (capex)"}[account]
        assert f"Account: {label}" in shown[-1], "the static list's label, not its value"
        assert shown[2] == show_duration(worklog.billable_seconds or 0, "hm")


def test_details_name_tags_then_attributes() -> None:
    worklog = Worklog(
        id="1",
        issue_id="2",
        author=User(),
        started=datetime(2026, 12, 2, 9, tzinfo=UTC),
        time_spent_seconds=60,
        tags=("Review", "Meeting"),
        attributes={"_Account_": "INTERNAL"},
    )
    assert worklog_details(worklog) == "#Review #Meeting · Account: INTERNAL"
    account = WorkAttribute(
        key="_Account_", name="Billing account", kind="STATIC_LIST", labels={"INTERNAL": "Internal"}
    )
    assert worklog_details(worklog, [account]) == "#Review #Meeting · Billing account: Internal"
    assert worklog_details(replace(worklog, tags=(), attributes={})) == ""


class BackoffGate(GatedTime):
    """Holds only the backoff waits (a second or more), not Tempo's request pacing."""

    async def sleep(self, seconds: float) -> None:
        if seconds < 1.0:
            self.now += seconds
            return
        await super().sleep(seconds)


async def test_a_tempo_503_is_named_as_tempo_in_the_status_bar(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    time = BackoffGate(gate=asyncio.Event())
    app = build_app(emu, tmp_path, worklogs="tempo", time=time)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, loaded(app))
        emu.fail_next(1, 503, method="GET", path_contains="/tempo/4/worklogs")
        await press_unwaited(pilot, "r")
        await until(pilot, lambda: time.waiting == 1)
        await until(pilot, lambda: "Tempo is unavailable · retry in" in app.home.status.plain)
        assert time.gate is not None
        time.gate.set()
        await until(pilot, lambda: "unavailable" not in app.home.status.plain)


class EditorHost(App[None]):
    """One editor, its result recorded."""

    def __init__(self, screen: WorklogEditorScreen) -> None:
        super().__init__()
        self.editor = screen
        self.results: list[Worklog | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.editor, self.results.append)


async def test_a_restored_tempo_edit_sends_the_billable_time_typed_before(
    tmp_path: Path,
) -> None:
    async with tempo() as t:
        session = await open_session(t.directory, t.backend, t.meter)
        services = Services.for_session(session)
        original = await services.worklogs.add(checked(t, draft_on(MONDAY + timedelta(days=2))))
        assert original.billable_seconds == 3600, "it follows the time spent"
        local = original.started.astimezone(session.zone)
        typed = EditorDraft(
            issue_key=original.issue_key or "",
            date=local.date().isoformat(),
            start=f"{local:%H:%M}",
            duration="1h",
            comment=original.comment_text,
            worklog_id=original.id,
            billable="30m",
            attributes=dict(original.attributes),
        )
        screen = WorklogEditorScreen(
            services, DraftStore(tmp_path), day=local.date(), original=original, restore=typed
        )
        app = EditorHost(screen)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: app.screen is screen)
            assert screen.query_one("#billable", Input).value == "30m"
            t.emu.clear_log()
            await pilot.press("ctrl+s")
            await until(pilot, lambda: app.results)
        [(method, body)] = sent(t.emu, "/tempo/")
        assert method == "PUT" and body["billableSeconds"] == 1800
