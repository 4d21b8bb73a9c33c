"""Rounding timed durations to `[ui] round_minutes` (`round_mode`)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiws.domain.rounding import ROUND_MODES, RoundMode, round_seconds

seconds = st.integers(0, 7 * 24 * 3600)
steps = st.integers(1, 240)
modes = st.sampled_from(ROUND_MODES)


@given(seconds, steps, modes)
def test_a_rounded_duration_is_whole_steps_and_within_one_step(
    elapsed: int, minutes: int, mode: RoundMode
) -> None:
    rounded = round_seconds(elapsed, minutes, mode)
    step = minutes * 60
    assert rounded % step == 0
    assert abs(rounded - elapsed) < step or (elapsed < step and rounded == step)
    if elapsed > 0:
        assert rounded >= step


@given(seconds, steps)
def test_down_is_at_most_nearest_at_most_up(elapsed: int, minutes: int) -> None:
    down, nearest, up = (round_seconds(elapsed, minutes, m) for m in ("down", "nearest", "up"))
    assert down <= nearest <= up
    if elapsed >= minutes * 60:
        assert down <= elapsed <= up


@given(seconds, modes)
def test_off_rounds_to_the_nearest_whole_minute_whatever_the_mode(
    elapsed: int, mode: RoundMode
) -> None:
    rounded = round_seconds(elapsed, 0, mode)
    assert rounded % 60 == 0
    assert abs(rounded - elapsed) <= 30 or (0 < elapsed < 30 and rounded == 60)


@pytest.mark.parametrize(
    ("elapsed", "minutes", "mode", "expected"),
    [
        (0, 15, "up", 0),
        (61 * 60, 15, "up", 75 * 60),
        (61 * 60, 15, "nearest", 60 * 60),
        (68 * 60, 15, "nearest", 75 * 60),  # 7.5 min past: half a step rounds up
        (74 * 60, 15, "down", 60 * 60),
        (3 * 60, 15, "down", 15 * 60),  # never below one step
        (89, 0, "down", 60),
        (90, 0, "down", 120),
    ],
)
def test_examples(elapsed: int, minutes: int, mode: RoundMode, expected: int) -> None:
    assert round_seconds(elapsed, minutes, mode) == expected


def test_negative_input_is_refused() -> None:
    with pytest.raises(ValueError):
        round_seconds(-1, 15)
    with pytest.raises(ValueError):
        round_seconds(60, -15)
