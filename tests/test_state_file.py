"""The app-written state file: round trips, atomic writes, and corrupt files falling back."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiws.config.app_state import AppState, load_state, save_state


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "state.json"
    state = AppState(theme="tuiws-light", pinned={"work": ["ABC-1", "ABC-2"]}, recent={"work": []})
    save_state(state, path)
    assert load_state(path) == state
    assert json.loads(path.read_text(encoding="utf-8"))["pinned"] == {"work": ["ABC-1", "ABC-2"]}


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_state(tmp_path / "absent.json") == AppState()


def test_default_path_follows_the_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TUIWS_DATA_DIR", str(tmp_path / "data"))
    save_state(AppState(theme="x"))
    assert (tmp_path / "data" / "state.json").is_file()
    assert load_state().theme == "x"


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe\x00garbage", b"null"],
)
def test_corrupt_file_gives_defaults(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(content)
    assert load_state(path) == AppState()


def test_directory_in_the_way_gives_defaults(tmp_path: Path) -> None:
    (tmp_path / "state.json").mkdir()
    assert load_state(tmp_path / "state.json") == AppState()


def test_invalid_fields_are_dropped_valid_ones_kept(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    payload = {"theme": 42, "pinned": {"work": ["A-1"]}, "recent": "oops", "future_key": True}
    path.write_text(json.dumps(payload), encoding="utf-8")
    assert load_state(path) == AppState(pinned={"work": ["A-1"]})


def test_unknown_keys_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text(json.dumps({"theme": "t", "from_the_future": [1]}), encoding="utf-8")
    assert load_state(path) == AppState(theme="t")


def test_save_leaves_no_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    save_state(AppState(theme="a"), path)
    save_state(AppState(theme="b"), path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]
    assert load_state(path).theme == "b"


def test_failed_write_keeps_the_previous_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.json"
    save_state(AppState(theme="before"), path)

    def broken_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk on fire"):
        save_state(AppState(theme="after"), path)
    monkeypatch.undo()
    assert load_state(path).theme == "before"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_recent_and_pins() -> None:
    state = AppState()
    for key in ("A-1", "A-2", "A-1", "A-3"):
        state = state.with_recent("work", key, limit=2)
    assert state.recent == {"work": ["A-3", "A-1"]}
    state = state.with_pin_toggled("work", "A-9").with_pin_toggled("home", "H-1")
    assert state.pinned == {"work": ["A-9"], "home": ["H-1"]}
    assert state.with_pin_toggled("work", "A-9").pinned == {"work": [], "home": ["H-1"]}


keys = st.lists(st.text(min_size=1, max_size=12), max_size=5)


@given(
    theme=st.none() | st.text(max_size=20),
    pinned=st.dictionaries(st.text(max_size=8), keys, max_size=3),
    recent=st.dictionaries(st.text(max_size=8), keys, max_size=3),
)
def test_any_state_round_trips(
    tmp_path_factory: pytest.TempPathFactory,
    theme: str | None,
    pinned: dict[str, list[str]],
    recent: dict[str, list[str]],
) -> None:
    path = tmp_path_factory.mktemp("state") / "state.json"
    state = AppState(theme=theme, pinned=pinned, recent=recent)
    save_state(state, path)
    assert load_state(path) == state
