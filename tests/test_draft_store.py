"""The on-disk draft store: atomic, private, forgiving of damaged files, newest first."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuiws.store.drafts import DraftStore, EditorDraft, draft_key

T0 = datetime(2026, 5, 29, 10, 0, tzinfo=UTC)


def typed(**changes: object) -> EditorDraft:
    base = EditorDraft(
        issue_key="INT-1",
        date="2026-05-29",
        start="12:00",
        duration="1",  # invalid on purpose: drafts keep what was typed
        comment="Standup\n  indented line\n",
        saved_at=T0,
    )
    return base.model_copy(update=changes)


def test_round_trip_keeps_every_field_exactly(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    draft = typed(
        adjust_mode="new",
        adjust_value="2x",
        worklog_id="10042",
        original_comment_adf={"type": "doc", "version": 1, "content": []},
        comment_touched=True,
    )
    store.save("edit-INT-1-10042", draft)
    assert store.load("edit-INT-1-10042") == draft


def test_defaults_for_a_new_draft() -> None:
    draft = EditorDraft(issue_key="", date="", start="", duration="", comment="")
    assert draft.adjust_mode == "auto" and draft.adjust_value == ""
    assert draft.worklog_id is None and draft.original_comment_adf is None
    assert draft.comment_touched is False
    assert draft.saved_at.tzinfo is not None


def test_files_are_private_and_no_temp_files_remain(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    store.save("new-INT-1", typed())
    store.save("new-INT-1", typed(duration="2h"))
    files = list((tmp_path / "drafts").iterdir())
    assert [f.name for f in files] == ["new-INT-1.json"]
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "drafts").stat().st_mode) == 0o700
    loaded = store.load("new-INT-1")
    assert loaded is not None and loaded.duration == "2h"


def test_a_failed_write_leaves_the_old_draft_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = DraftStore(tmp_path)
    store.save("new", typed(duration="1h"))

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        store.save("new", typed(duration="2h"))
    monkeypatch.undo()
    assert [p.name for p in tmp_path.iterdir()] == ["new.json"]
    loaded = store.load("new")
    assert loaded is not None and loaded.duration == "1h"


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"[]", b'{"issue_key": 3}', b"\xff\xfe not utf-8", b'{"date": "x"}', b"null"],
)
def test_a_damaged_file_is_no_draft(tmp_path: Path, content: bytes) -> None:
    store = DraftStore(tmp_path)
    (tmp_path / "new.json").write_bytes(content)
    assert store.load("new") is None
    assert store.pending() == []


def test_missing_things_are_quiet(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "never-created")
    assert store.load("new") is None
    assert store.pending() == []
    store.discard("new")  # nothing to discard: no error
    assert store.load("../../etc/passwd") is None


def test_discard(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save("new-INT-1", typed())
    store.discard("new-INT-1")
    assert store.load("new-INT-1") is None
    assert list(tmp_path.iterdir()) == []


def test_pending_is_newest_first_and_skips_strangers(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save("new-INT-1", typed(saved_at=T0))
    store.save("edit-INT-2-7", typed(issue_key="INT-2", saved_at=T0 + timedelta(minutes=5)))
    store.save("new", typed(issue_key="", saved_at=T0 - timedelta(days=1)))
    (tmp_path / "broken.json").write_text("{")
    (tmp_path / "notes.txt").write_text("not a draft")
    (tmp_path / ".tmp-abc.json").write_text(typed().model_dump_json())
    assert [key for key, _ in store.pending()] == ["edit-INT-2-7", "new-INT-1", "new"]
    assert store.pending()[0][1].issue_key == "INT-2"


def test_naive_saved_at_is_read_as_utc(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.save("new-A-1", typed(saved_at=T0))
    text = typed(saved_at=T0 + timedelta(hours=1)).model_dump_json().replace("Z", "")
    text = text.replace("+00:00", "")
    (tmp_path / "new-B-1.json").write_text(text)
    assert [key for key, _ in store.pending()] == ["new-B-1", "new-A-1"]


@pytest.mark.parametrize("key", ["", "../x", "a/b", "a.b", "-x", "x" * 200, "new key"])
def test_bad_keys_are_refused(tmp_path: Path, key: str) -> None:
    store = DraftStore(tmp_path)
    with pytest.raises(ValueError, match="not a draft key"):
        store.save(key, typed())
    assert store.load(key) is None


def test_draft_keys() -> None:
    assert draft_key("") == "new"
    assert draft_key("int-1") == "new-INT-1"
    assert draft_key(" INT-1 ", None) == "new-INT-1"
    assert draft_key("INT-1", "10042") == "edit-INT-1-10042"
    assert draft_key("", "10042") == "edit-unknown-10042"
    assert draft_key("../../etc") == "new-ETC"


@settings(max_examples=60, deadline=None)
@given(issue=st.text(max_size=80), worklog_id=st.none() | st.text(max_size=60))
def test_every_draft_key_is_usable(
    tmp_path_factory: pytest.TempPathFactory, issue: str, worklog_id: str | None
) -> None:
    key = draft_key(issue, worklog_id)
    store = DraftStore(tmp_path_factory.getbasetemp() / "keys")
    store.save(key, typed(issue_key=issue))
    loaded = store.load(key)
    assert loaded is not None and loaded.issue_key == issue
    store.discard(key)


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(),
    mode=st.sampled_from(["auto", "leave", "new", "manual", "bogus"]),
)
def test_anything_typed_survives(
    tmp_path_factory: pytest.TempPathFactory, text: str, mode: str
) -> None:
    store = DraftStore(tmp_path_factory.getbasetemp() / "typed")
    draft = typed(
        issue_key=text,
        date=text,
        start=text,
        duration=text,
        comment=text,
        adjust_mode=mode,
        adjust_value=text,
    )
    store.save("new", draft)
    assert store.load("new") == draft
