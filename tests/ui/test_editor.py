"""The worklog editor driven by keys, over real HTTP against the emulator (both flavors)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, TextArea

from tests.conftest import Harness, jira_client
from tests.ui.app_harness import until
from tuiws.app.messages import WorklogSaved, WritesInFlight
from tuiws.app.screens.editor import ConfirmDiscardScreen, WorklogEditorScreen, parse_start
from tuiws.domain.drafts import CheckedDraft
from tuiws.domain.models import Worklog, WorklogDraft
from tuiws.domain.started import zoned
from tuiws.emulator.seed import MEETINGS, UNBROWSABLE
from tuiws.services.bundle import Services
from tuiws.services.session import Session
from tuiws.store.drafts import DraftStore, EditorDraft, draft_key

SIZE = (80, 24)
RICH = {
    "type": "doc",
    "version": 1,
    "content": [
        {
            "type": "bulletList",
            "content": [
                {
                    "type": "listItem",
                    "content": [
                        {
                            "type": "paragraph",
                            "content": [
                                {"type": "text", "text": "bold", "marks": [{"type": "strong"}]}
                            ],
                        }
                    ],
                }
            ],
        }
    ],
}


class Host(App[None]):
    """Pushes one editor and records what comes back and what it tells the app."""

    def __init__(self, editor: WorklogEditorScreen) -> None:
        super().__init__()
        self.editor = editor
        self.results: list[Worklog | None] = []
        self.saved: list[Worklog] = []
        self.in_flight: list[int] = []

    def on_mount(self) -> None:
        self.push_screen(self.editor, self.results.append)

    def on_worklog_saved(self, message: WorklogSaved) -> None:
        self.saved.append(message.worklog)

    def on_writes_in_flight(self, message: WritesInFlight) -> None:
        self.in_flight.append(message.delta)


def yesterday(session: Session) -> date:
    return datetime.now(session.zone).date() - timedelta(days=1)


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "drafts")


def make_editor(session: Session, store: DraftStore, **kw: Any) -> WorklogEditorScreen:
    kw.setdefault("issue_key", MEETINGS)
    kw.setdefault("day", yesterday(session))
    return WorklogEditorScreen(Services.for_session(session), store, **kw)


async def opened(pilot: Pilot[None], app: Host) -> WorklogEditorScreen:
    await until(pilot, lambda: app.screen is app.editor)
    await pilot.pause()
    return app.editor


def value(editor: WorklogEditorScreen, name: str) -> str:
    return editor.query_one(f"#{name}", Input).value


def text_of(editor: Screen[Any], selector: str) -> str:
    return str(editor.query_one(selector, Label).content)


def mine(h: Harness, seconds: int) -> list[Any]:
    return [w for w in h.emulator.state.worklogs_for(MEETINGS) if w.time_spent_seconds == seconds]


def test_parse_start() -> None:
    assert parse_start("9:30") == time(9, 30)
    assert parse_start("0930") == time(9, 30)
    assert parse_start("14") == time(14, 0)
    assert parse_start("  ") == time(12, 0)
    for bad in ("24:00", "9:60", "noon", "9:5"):
        with pytest.raises(ValueError, match="HH:MM"):
            parse_start(bad)


async def test_opens_in_the_duration_with_defaults_and_the_zone(
    session: Session, store: DraftStore
) -> None:
    app = Host(make_editor(session, store))
    async with app.run_test(size=SIZE) as pilot:
        editor = await opened(pilot, app)
        assert editor.focused is not None and editor.focused.id == "duration"
        assert value(editor, "issue") == MEETINGS
        assert value(editor, "date") == yesterday(session).isoformat()
        assert value(editor, "start") == "12:00"
        assert text_of(editor, "#zone") == session.zone.key == "Europe/Berlin"
        assert editor.query_one("#adjust", Select).value == "auto"
        # Everything fits at 80x24 without scrolling.
        screen = Region(0, 0, *SIZE)
        for selector in (
            "#issue",
            "#date",
            "#start",
            "#duration",
            "#comment",
            "#adjust",
            "#save",
            "#cancel",
        ):
            region = editor.query_one(selector).region
            assert region.area > 0 and screen.contains_region(region), selector
        assert editor.query_one("#comment", TextArea).region.height >= 3
        assert editor.query_one("#editor-box").max_scroll_y == 0


async def test_the_preview_follows_every_keystroke(session: Session, store: DraftStore) -> None:
    app = Host(make_editor(session, store))
    async with app.run_test(size=SIZE) as pilot:
        editor = await opened(pilot, app)
        await pilot.press("1", "h")
        assert text_of(editor, "#duration-preview") == "= 1:00"
        # The domain refuses a trailing bare number ("1h30"): the preview says so at once.
        await pilot.press("3", "0")
        assert "30m for 30 minutes" in text_of(editor, "#duration-preview")
        await pilot.press("m")
        assert text_of(editor, "#duration-preview") == "= 1:30"
        assert not editor.query_one("#duration-preview").has_class("-bad")
        await pilot.press("x")
        assert "unknown unit" in text_of(editor, "#duration-preview")
        assert editor.query_one("#duration-preview").has_class("-bad")


async def test_a_bare_number_is_refused_inline_and_sends_nothing(
    session: Session, store: DraftStore, harness: Harness
) -> None:
    harness.emulator.clear_log()
    app = Host(make_editor(session, store))
    async with app.run_test(size=SIZE) as pilot:
        editor = await opened(pilot, app)
        await pilot.press("1")
        assert "has no unit" in text_of(editor, "#duration-preview")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "1h for 1 hour" in editor.field_error("duration")
        assert editor.query_one("#err-duration").display
        assert app.screen is editor and app.results == []
        await pilot.pause(0.1)
        assert harness.emulator.writes() == []
        # What was typed is on disk even though it is not valid.
        kept = store.load(draft_key(MEETINGS))
        assert kept is not None and kept.duration == "1"


async def test_every_bad_field_is_named_at_once(
    session: Session, store: DraftStore, harness: Harness
) -> None:
    app = Host(make_editor(session, store, issue_key=""))
    async with app.run_test(size=SIZE) as pilot:
        editor = await opened(pilot, app)
        await pilot.press(*"45m")
        editor.query_one("#date", Input).value = "someday"
        editor.query_one("#start", Input).value = "25:00"
        editor.query_one("#adjust", Select).value = "new"
        await pilot.pause()
        assert editor.query_one("#adjust-value").display
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "choose an issue" in editor.field_error("issue")
        assert "not a day" in editor.field_error("date")
        assert "HH:MM" in editor.field_error("start")
        assert "new remaining estimate" in editor.field_error("adjust")
        assert editor.field_error("duration") == ""
        assert editor.focused is not None and editor.focused.id == "issue"
        assert harness.emulator.writes() == []


async def test_a_valid_save_creates_one_worklog_and_dismisses_with_it(
    session: Session, store: DraftStore, harness: Harness
) -> None:
    day = yesterday(session)
    app = Host(make_editor(session, store, day=day))
    async with app.run_test(size=SIZE) as pilot:
        editor = await opened(pilot, app)
        await pilot.press(*"1h30m")
        await pilot.press("tab")
        await pilot.press(*"Sprint review")
        assert editor.focused is not None and editor.focused.id == "comment"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.results)
    [result] = app.results
    assert result is not None and result.time_spent_seconds == 5400
    assert result.started == zoned(day, time(12), session.zone)
    assert result.comment_text == "Sprint review"
    [created] = [w for w in harness.emulator.state.worklogs_for(MEETINGS) if str(w.id) == result.id]
    assert created.time_spent_seconds == 5400
    assert [r.method for r in harness.emulator.writes()] == ["POST"]
    assert app.saved == [result]
    assert app.in_flight == [1, -1]
    assert store.pending() == []


async def test_a_save_validates_the_draft_once(
    session: Session, store: DraftStore, harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tuiws.services.worklogs as worklogs_module
    from tuiws.domain.drafts import check_draft as real

    verbs: list[str] = []

    def counted(draft: WorklogDraft, **kw: Any) -> CheckedDraft:
        verbs.append(kw["verb"])
        return real(draft, **kw)

    monkeypatch.setattr(worklogs_module, "check_draft", counted)
    app = Host(make_editor(session, store))
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app)
        await pilot.press(*"45m")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.results)
    assert app.results[0] is not None
    assert verbs == ["add"], "the editor's check is the only one; the write is not re-checked"
    assert [r.method for r in harness.emulator.writes()] == ["POST"]


async def test_a_failed_save_keeps_the_editor_and_the_draft(
    session: Session, store: DraftStore, harness: Harness
) -> None:
    # Refused and read back as not there: a failure (a read-back that fails too would make the
    # outcome unknown, which closes the editor: tests/ui/test_offline_app.py).
    harness.emulator.fail_next(10, 500, method="POST")
    app = Host(make_editor(session, store))
    async with app.run_test(size=SIZE) as pilot:
        editor = await opened(pilot, app)
        await pilot.press(*"2h")
        await pilot.press("tab", *"kept")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: editor.error_text)
        assert "Not saved" in editor.error_text and "kept" in editor.error_text
        assert app.screen is editor and app.results == []
        assert value(editor, "duration") == "2h"
        assert editor.query_one("#comment", TextArea).text == "kept"
        save = editor.query_one("#save", Button)
        assert str(save.label) == "Save" and not save.disabled
        assert app.in_flight == [1, -1]
        kept = store.load(draft_key(MEETINGS))
        assert kept is not None and kept.duration == "2h" and kept.comment == "kept"
    assert mine(harness, 7200) == []


async def test_an_unbrowsable_issue_is_reported_and_nothing_is_lost(
    session: Session, store: DraftStore, harness: Harness
) -> None:
    app = Host(make_editor(session, store, issue_key=UNBROWSABLE))
    async with app.run_test(size=SIZE) as pilot:
        editor = await opened(pilot, app)
        await pilot.press(*"30m")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: editor.error_text)
        assert app.screen is editor
        assert value(editor, "issue") == UNBROWSABLE and value(editor, "duration") == "30m"
        assert store.load(draft_key(UNBROWSABLE)) is not None


async def test_a_429_is_waited_out_and_saved_exactly_once(
    session: Session, store: DraftStore, harness: Harness
) -> None:
    harness.emulator.fail_next(1, 429, retry_after=1, method="POST")
    app = Host(make_editor(session, store))
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app)
        await pilot.press(*"25m")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.results)
    assert [r.status for r in harness.emulator.writes()] == [429, 201]
    assert len(mine(harness, 1500)) == 1
    assert harness.time.slept and harness.time.slept[0] >= 1


async def test_typing_is_saved_to_disk_without_saving_to_jira(
    session: Session, store: DraftStore, harness: Harness
) -> None:
    app = Host(make_editor(session, store))
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app)
        await pilot.press(*"3h")

        def saved_3h() -> bool:
            # Under load the debounce may fire between the keys and keep "3" first; the next
            # save then keeps "3h". What counts is that the typing reaches the disk.
            draft = store.load(draft_key(MEETINGS))
            return draft is not None and draft.duration == "3h"

        await until(pilot, saved_3h)
        kept = store.load(draft_key(MEETINGS))
        assert kept is not None and kept.duration == "3h" and kept.worklog_id is None
        # Changing the issue moves the draft to the new key instead of leaving two behind.
        await pilot.press("shift+tab", "shift+tab", "shift+tab")
        await pilot.press("ctrl+u", *"int-2")
        await until(pilot, lambda: [k for k, _ in store.pending()] == ["new-INT-2"])
    assert harness.emulator.writes() == []


async def test_escape_asks_before_throwing_typing_away(session: Session, store: DraftStore) -> None:
    app = Host(make_editor(session, store))
    async with app.run_test(size=SIZE) as pilot:
        editor = await opened(pilot, app)
        await pilot.press(*"2h", "escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDiscardScreen))
        assert "Discard this worklog?" in text_of(app.screen, "#discard-question")
        await pilot.press("n")
        await until(pilot, lambda: app.screen is editor)
        assert value(editor, "duration") == "2h" and app.results == []
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDiscardScreen))
        await pilot.press("y")
        await until(pilot, lambda: app.results)
        assert app.results == [None]
        assert store.pending() == []


async def test_escape_with_nothing_typed_just_closes(session: Session, store: DraftStore) -> None:
    app = Host(make_editor(session, store))
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app)
        await pilot.press("escape")
        await until(pilot, lambda: app.results)
        assert app.results == [None]


async def test_restore_reopens_the_editor_as_it_was(
    session: Session, store: DraftStore, harness: Harness
) -> None:
    draft = EditorDraft(
        issue_key="INT-2",
        date="2026-03-10",
        start="9:15",
        duration="1",
        comment="line one\nline two",
        adjust_mode="new",
        adjust_value="3h",
        comment_touched=True,
    )
    store.save(draft_key("INT-2"), draft)
    app = Host(make_editor(session, store, issue_key="ignored", restore=draft))
    async with app.run_test(size=SIZE) as pilot:
        editor = await opened(pilot, app)
        assert value(editor, "issue") == "INT-2"
        assert value(editor, "date") == "2026-03-10"
        assert text_of(editor, "#date-hint") == "Tuesday 10 March 2026"
        assert value(editor, "start") == "9:15"
        assert value(editor, "duration") == "1"
        assert "has no unit" in text_of(editor, "#duration-preview")
        assert editor.query_one("#comment", TextArea).text == "line one\nline two"
        assert editor.query_one("#adjust", Select).value == "new"
        assert value(editor, "adjust-value") == "3h"
        assert editor.snapshot().same_fields(draft)
        # A restored draft counts as typed: escape asks, and discarding removes it from disk.
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDiscardScreen))
        await pilot.press("y")
        await until(pilot, lambda: app.results)
    assert store.pending() == []
    assert harness.emulator.writes() == []


async def _my_worklog(session: Session, comment: dict[str, Any] | str) -> Worklog:
    services = Services.for_session(session)
    created = await services.worklogs.add(
        WorklogDraft(
            issue_key=MEETINGS,
            started=zoned(yesterday(session), time(9, 0), session.zone),
            time_spent_seconds=3600,
            comment="plain",
        )
    )
    await jira_client(session).update_worklog(MEETINGS, created.id, {"comment": comment}, {})
    return await services.worklogs.get(MEETINGS, created.id)


@pytest.mark.parametrize("flavor", ["cloud"])
async def test_editing_keeps_an_untouched_rich_comment(
    session: Session, store: DraftStore, harness: Harness
) -> None:
    original = await _my_worklog(session, RICH)
    assert original.comment_adf == RICH
    harness.emulator.clear_log()
    app = Host(make_editor(session, store, original=original))
    async with app.run_test(size=SIZE) as pilot:
        editor = await opened(pilot, app)
        assert value(editor, "duration") == "1h" and value(editor, "start") == "09:00"
        assert editor.query_one("#issue", Input).disabled
        assert editor.query_one("#comment", TextArea).text == original.comment_text
        # Update cannot use `manual`.
        assert [v for _, v in editor.query_one("#adjust", Select)._options] == [
            "auto",
            "leave",
            "new",
        ]
        await pilot.press(*"2h")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.results)
    [put] = harness.emulator.writes()
    assert put.method == "PUT" and "comment" not in put.body
    assert put.body["timeSpentSeconds"] == 7200
    stored = harness.emulator.state.worklog(original.id)
    assert stored.comment == RICH and stored.time_spent_seconds == 7200
    [result] = app.results
    assert result is not None and result.id == original.id
    assert store.pending() == []


async def test_editing_the_comment_sends_it(
    session: Session, store: DraftStore, harness: Harness
) -> None:
    original = await _my_worklog(
        session, RICH if session.capabilities.label == "cloud" else "old words"
    )
    harness.emulator.clear_log()
    app = Host(make_editor(session, store, original=original))
    async with app.run_test(size=SIZE) as pilot:
        editor = await opened(pilot, app)
        await pilot.press("tab")
        assert editor.focused is not None and editor.focused.id == "comment"
        await pilot.press("ctrl+a", "end", *" and more")  # edit, keep the old text
        assert editor.comment_touched
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.results)
    [put] = harness.emulator.writes()
    assert "comment" in put.body
    [result] = app.results
    assert result is not None and result.comment_text.endswith("and more")
