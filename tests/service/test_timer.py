"""The timer's use cases: start, pause, resume, stop into a draft, switch, cancel."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuiws.domain.rounding import ROUND_MODES, RoundMode, round_seconds
from tuiws.services.timer import NoTimer, TimerService
from tuiws.store.timer_store import TimerStore

T0 = datetime(2026, 12, 1, 9, 0, 12, 345000, tzinfo=timezone(timedelta(hours=1)))


class Clock:
    def __init__(self) -> None:
        self.at = T0

    def __call__(self) -> datetime:
        return self.at

    def tick(self, **delta: float) -> None:
        self.at += timedelta(**delta)


def service(tmp_path: Path, clock: Clock, **rounding: object) -> TimerService:
    return TimerService(TimerStore.for_profile("work", tmp_path), now=clock, **rounding)  # type: ignore[arg-type]


def test_stop_proposes_start_elapsed_minus_pauses_and_the_comment(tmp_path: Path) -> None:
    clock = Clock()
    timers = service(tmp_path, clock)
    timers.start("plat-12", "reviewing")
    clock.tick(minutes=20)
    timers.pause()
    clock.tick(minutes=30)
    timers.resume()
    clock.tick(minutes=25, seconds=40)
    stopped = timers.stop()
    assert stopped.elapsed_seconds == 45 * 60 + 40
    assert stopped.draft.issue_key == "PLAT-12"
    assert stopped.draft.started == T0.replace(microsecond=0)
    assert stopped.draft.time_spent_seconds == 46 * 60
    assert stopped.draft.comment == "reviewing"
    assert not stopped.overnight
    assert timers.current() is None


def test_stop_rounds_per_the_settings(tmp_path: Path) -> None:
    clock = Clock()
    timers = service(tmp_path, clock, round_minutes=15, round_mode="up")
    timers.start("PLAT-1")
    clock.tick(minutes=61)
    assert timers.stop().draft.time_spent_seconds == 75 * 60


@settings(max_examples=50, deadline=None)
@given(
    spans=st.lists(st.tuples(st.integers(0, 7200), st.integers(0, 7200)), min_size=1, max_size=5),
    minutes=st.integers(0, 60),
    mode=st.sampled_from(ROUND_MODES),
)
def test_a_stopped_timer_logs_its_running_time_rounded(
    tmp_path_factory: pytest.TempPathFactory,
    spans: list[tuple[int, int]],
    minutes: int,
    mode: RoundMode,
) -> None:
    clock = Clock()
    timers = service(tmp_path_factory.mktemp("t"), clock, round_minutes=minutes, round_mode=mode)
    timers.start("PLAT-1")
    for running, paused in spans:
        clock.tick(seconds=running)
        timers.pause()
        clock.tick(seconds=paused)
        timers.resume()
    stopped = timers.stop()
    ran = sum(r for r, _ in spans)
    assert stopped.elapsed_seconds == ran
    assert stopped.draft.time_spent_seconds == round_seconds(ran, minutes, mode)


def test_switching_issue_stops_the_first_and_starts_the_next(tmp_path: Path) -> None:
    clock = Clock()
    timers = service(tmp_path, clock)
    timers.start("PLAT-1", "first")
    clock.tick(minutes=10)
    timer, stopped = timers.start("PLAT-2")
    assert stopped is not None
    assert stopped.draft.issue_key == "PLAT-1"
    assert stopped.draft.time_spent_seconds == 600
    assert stopped.draft.comment == "first"
    assert timer.issue_key == "PLAT-2" and timer.started == clock.at


def test_starting_the_running_issue_again_keeps_its_start(tmp_path: Path) -> None:
    clock = Clock()
    timers = service(tmp_path, clock)
    timers.start("PLAT-1")
    clock.tick(minutes=10)
    timer, stopped = timers.start("PLAT-1", "now with a comment")
    assert stopped is None
    assert timer.started == T0 and timer.comment == "now with a comment"


def test_more_than_twelve_hours_is_flagged(tmp_path: Path) -> None:
    clock = Clock()
    timers = service(tmp_path, clock)
    timers.start("PLAT-1")
    clock.tick(hours=12)
    assert not timers.preview().overnight
    clock.tick(seconds=1)
    assert timers.preview().overnight


def test_paused_time_does_not_count_while_paused(tmp_path: Path) -> None:
    clock = Clock()
    timers = service(tmp_path, clock)
    timers.start("PLAT-1")
    clock.tick(minutes=5)
    assert timers.toggle_pause().paused
    clock.tick(hours=3)
    assert timers.preview().elapsed_seconds == 300
    assert not timers.toggle_pause().paused


def test_cancel_forgets_without_a_draft(tmp_path: Path) -> None:
    clock = Clock()
    timers = service(tmp_path, clock)
    timers.start("PLAT-1")
    assert timers.cancel().issue_key == "PLAT-1"
    assert timers.current() is None
    with pytest.raises(NoTimer):
        timers.cancel()
    with pytest.raises(NoTimer):
        timers.stop()
    with pytest.raises(NoTimer):
        timers.pause()


def test_forget_removes_only_the_timer_that_was_logged(tmp_path: Path) -> None:
    clock = Clock()
    timers = service(tmp_path, clock)
    first, _ = timers.start("PLAT-1")
    clock.tick(minutes=1)
    timers.start("PLAT-2")  # another process switched meanwhile
    assert not timers.forget(first)
    current = timers.current()
    assert current is not None and current.issue_key == "PLAT-2"
    assert timers.forget(current)
    assert timers.current() is None


def test_a_bad_issue_key_starts_nothing(tmp_path: Path) -> None:
    timers = service(tmp_path, Clock())
    with pytest.raises(ValueError, match="not an issue key"):
        timers.start("not a key")
    assert timers.current() is None
