"""Rounding a timed or typed duration to `[ui] round_minutes` steps (`round_mode`).

Jira counts whole minutes, so a duration always comes out as whole minutes: with rounding off
(`round_minutes = 0`) to the nearest minute. A positive duration never rounds to nothing: the
shortest result is one step (one minute when off), so a short timer still logs something.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["ROUND_MODES", "RoundMode", "round_seconds"]

RoundMode = Literal["up", "nearest", "down"]
ROUND_MODES: tuple[RoundMode, ...] = ("up", "nearest", "down")


def round_seconds(seconds: int, minutes: int = 0, mode: RoundMode = "nearest") -> int:
    """`seconds` rounded to a multiple of `minutes` minutes (`mode`), or to the nearest whole
    minute when `minutes` is 0; at least one step when `seconds` is positive."""
    if seconds < 0:
        raise ValueError("a duration is not negative")
    if minutes < 0:
        raise ValueError("round_minutes is not negative")
    if minutes == 0:
        step, mode = 60, "nearest"
    else:
        step = minutes * 60
    whole, rest = divmod(seconds, step)
    if (mode == "up" and rest) or (mode == "nearest" and rest * 2 >= step):
        whole += 1
    if seconds > 0 and whole == 0:
        whole = 1
    return whole * step
