"""A running timer: which issue, since when, which stretches were paused, the comment so far.

Plain values with no clock of their own: every question about time takes `now`, so the same
timer read by the app and by the shell answers the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

__all__ = ["OVERNIGHT", "Pause", "Timer", "running_time"]

OVERNIGHT = timedelta(hours=12)
"""A timer that ran longer than this (pauses left out) was most likely forgotten."""


@dataclass(frozen=True)
class Pause:
    """A paused stretch; `until` is None while the timer is still paused."""

    since: datetime
    until: datetime | None = None


@dataclass(frozen=True)
class Timer:
    issue_key: str
    started: datetime
    """An aware instant: when the timer was started."""
    pauses: tuple[Pause, ...] = field(default_factory=tuple)
    comment: str = ""

    def __post_init__(self) -> None:
        if self.started.utcoffset() is None:
            raise ValueError("a timer's start needs a time zone")

    @property
    def paused(self) -> bool:
        return bool(self.pauses) and self.pauses[-1].until is None

    def paused_seconds(self, now: datetime) -> int:
        total = timedelta(0)
        for pause in self.pauses:
            total += max((pause.until or now) - pause.since, timedelta(0))
        return int(total.total_seconds())

    def elapsed_seconds(self, now: datetime) -> int:
        """Seconds it has run up to `now`, pauses left out (never negative)."""
        ran = int((now - self.started).total_seconds())
        return max(ran - self.paused_seconds(now), 0)

    def pause(self, now: datetime) -> Timer:
        if self.paused:
            return self
        return replace(self, pauses=(*self.pauses, Pause(max(now, self.started))))

    def resume(self, now: datetime) -> Timer:
        if not self.paused:
            return self
        last = self.pauses[-1]
        return replace(self, pauses=(*self.pauses[:-1], Pause(last.since, max(now, last.since))))

    def with_comment(self, comment: str) -> Timer:
        return replace(self, comment=comment)


def running_time(seconds: int) -> str:
    """A timer's running time as a clock shows it: `0:04:09`, `12:30:00`."""
    minutes, secs = divmod(max(seconds, 0), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"
