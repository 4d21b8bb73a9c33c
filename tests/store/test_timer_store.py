"""The timer on disk: atomic, 0600, one per profile, readable by any process."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tuiws.domain.timer import Pause, Timer
from tuiws.store.timer_store import TimerStore, TimerStoreError

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=timezone(timedelta(hours=2)))


def test_a_timer_round_trips_with_its_pauses_and_comment(tmp_path: Path) -> None:
    store = TimerStore.for_profile("work", tmp_path)
    timer = Timer(
        "PLAT-12",
        T0,
        (
            Pause(T0 + timedelta(minutes=5), T0 + timedelta(minutes=9)),
            Pause(T0 + timedelta(hours=1)),
        ),
        "pairing on the flaky test",
    )
    store.change(lambda _: timer)
    again = TimerStore.for_profile("work", tmp_path).load()
    assert again == timer
    assert again is not None and again.started.utcoffset() == timedelta(hours=2)
    assert again.paused


def test_the_file_is_private_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    store = TimerStore.for_profile("work", tmp_path)
    store.change(lambda _: Timer("PLAT-1", T0))
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work.json", "work.lock"]


def test_one_timer_per_profile(tmp_path: Path) -> None:
    TimerStore.for_profile("work", tmp_path).change(lambda _: Timer("PLAT-1", T0))
    TimerStore.for_profile("client", tmp_path).change(lambda _: Timer("ACME-2", T0))
    work = TimerStore.for_profile("work", tmp_path).load()
    client = TimerStore.for_profile("client", tmp_path).load()
    assert work is not None and work.issue_key == "PLAT-1"
    assert client is not None and client.issue_key == "ACME-2"


def test_removing_leaves_no_timer(tmp_path: Path) -> None:
    store = TimerStore.for_profile("work", tmp_path)
    store.change(lambda _: Timer("PLAT-1", T0))
    store.change(lambda _: None)
    assert store.load() is None
    assert not store.path.exists()


def test_a_failed_edit_changes_nothing(tmp_path: Path) -> None:
    store = TimerStore.for_profile("work", tmp_path)
    store.change(lambda _: Timer("PLAT-1", T0))

    def boom(_: Timer | None) -> Timer:
        raise RuntimeError("no")

    with pytest.raises(RuntimeError):
        store.change(boom)
    assert store.load() == Timer("PLAT-1", T0)


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b'{"version": 1, "issue": "PLAT-1", "started": "2026-12-01T09:00:00"}',  # naive
        b'{"version": 9, "issue": "PLAT-1", "started": "2026-12-01T09:00:00+00:00"}',
        b'{"version": 1, "issue": 3, "started": "2026-12-01T09:00:00+00:00"}',
    ],
    ids=["json", "naive start", "version", "issue type"],
)
def test_a_file_that_is_not_a_timer_is_said_so(tmp_path: Path, content: bytes) -> None:
    store = TimerStore.for_profile("work", tmp_path)
    tmp_path.mkdir(exist_ok=True)
    store.path.write_bytes(content)
    with pytest.raises(TimerStoreError, match="not a timer"):
        store.load()


def test_the_start_is_stored_as_an_aware_instant(tmp_path: Path) -> None:
    store = TimerStore.for_profile("work", tmp_path)
    store.change(lambda _: Timer("PLAT-1", datetime(2026, 12, 1, 7, 0, tzinfo=UTC)))
    raw = json.loads(store.path.read_text())
    assert raw["started"] == "2026-12-01T07:00:00+00:00"
    assert raw["issue"] == "PLAT-1"
