"""The timer's use cases: start, pause, resume, stop into a draft, cancel.

The timer itself lives in a `TimerStore` (on disk); this service decides what each step does
and what a stopped timer proposes to log. Nothing is written to a backend here: a stopped
timer is a `WorklogDraft` that the caller saves through `WorklogService` (the one write path)
or hands to the editor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from tuiws.domain.issue_keys import issue_key_problem, normalise_issue_key
from tuiws.domain.models import WorklogDraft
from tuiws.domain.rounding import RoundMode, round_seconds
from tuiws.domain.timer import OVERNIGHT, Timer
from tuiws.store.timer_store import TimerStore

__all__ = ["NoTimer", "StoppedTimer", "TimerService"]


class NoTimer(LookupError):
    """No timer is running (for the profile)."""

    def __str__(self) -> str:
        return "no timer is running (start one with `tuiws timer start ISSUE`)"


@dataclass(frozen=True)
class StoppedTimer:
    """What a stopped timer proposes to log."""

    timer: Timer
    elapsed_seconds: int
    """Seconds it ran, pauses left out, before rounding."""
    draft: WorklogDraft
    """start = when it started, duration = elapsed rounded, the comment typed meanwhile."""

    @property
    def overnight(self) -> bool:
        """It ran more than 12 h: most likely left running, so ask before logging it all."""
        return self.elapsed_seconds > OVERNIGHT.total_seconds()


class TimerService:
    def __init__(
        self,
        store: TimerStore,
        *,
        round_minutes: int = 0,
        round_mode: RoundMode = "nearest",
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.store = store
        self.round_minutes = round_minutes
        self.round_mode: RoundMode = round_mode
        self._now = now or (lambda: datetime.now().astimezone())

    def now(self) -> datetime:
        return self._now()

    def current(self) -> Timer | None:
        return self.store.load()

    def start(self, issue_key: str, comment: str = "") -> tuple[Timer, StoppedTimer | None]:
        """Start a timer on `issue_key`: the new timer, and the one it stopped when another
        issue's was running (its draft for the caller to log). Starting on the issue already
        timed keeps that timer (a new comment replaces its comment)."""
        key = normalise_issue_key(issue_key)
        if (problem := issue_key_problem(key)) is not None:
            raise ValueError(problem)
        now = self._now()
        stopped: list[StoppedTimer] = []

        def edit(old: Timer | None) -> Timer:
            if old is not None and old.issue_key == key:
                return old.with_comment(comment) if comment else old
            if old is not None:
                stopped.append(self._stopped(old, now))
            return Timer(issue_key=key, started=now, comment=comment)

        timer = self.store.change(edit)
        assert timer is not None
        return timer, (stopped[0] if stopped else None)

    def _must(self, edit: Callable[[Timer], Timer]) -> Timer:
        def change(old: Timer | None) -> Timer:
            if old is None:
                raise NoTimer
            return edit(old)

        timer = self.store.change(change)
        assert timer is not None
        return timer

    def pause(self) -> Timer:
        now = self._now()
        return self._must(lambda t: t.pause(now))

    def resume(self) -> Timer:
        now = self._now()
        return self._must(lambda t: t.resume(now))

    def toggle_pause(self) -> Timer:
        now = self._now()
        return self._must(lambda t: t.resume(now) if t.paused else t.pause(now))

    def set_comment(self, comment: str) -> Timer:
        return self._must(lambda t: t.with_comment(comment))

    def preview(self, comment: str | None = None) -> StoppedTimer:
        """What stopping now would propose, leaving the timer running."""
        timer = self.current()
        if timer is None:
            raise NoTimer
        if comment is not None:
            timer = timer.with_comment(comment)
        return self._stopped(timer, self._now())

    def stop(self, comment: str | None = None) -> StoppedTimer:
        """Stop the timer (removed from disk) and say what it proposes to log."""
        now = self._now()
        found: list[StoppedTimer] = []

        def edit(old: Timer | None) -> None:
            if old is None:
                raise NoTimer
            timer = old.with_comment(comment) if comment is not None else old
            found.append(self._stopped(timer, now))

        self.store.change(edit)
        return found[0]

    def cancel(self) -> Timer:
        """Throw the timer away without logging anything: the timer that was running."""
        found: list[Timer] = []

        def edit(old: Timer | None) -> None:
            if old is None:
                raise NoTimer
            found.append(old)

        self.store.change(edit)
        return found[0]

    def forget(self, timer: Timer) -> bool:
        """Remove `timer` once what it proposed was logged; a timer started since (by another
        process) is left alone. True when it was removed."""
        removed: list[bool] = []

        def edit(old: Timer | None) -> Timer | None:
            same = old is not None and (old.issue_key, old.started) == (
                timer.issue_key,
                timer.started,
            )
            removed.append(same)
            return None if same else old

        self.store.change(edit)
        return removed[0]

    def rounded(self, seconds: int) -> int:
        return round_seconds(seconds, self.round_minutes, self.round_mode)

    def _stopped(self, timer: Timer, now: datetime) -> StoppedTimer:
        elapsed = timer.elapsed_seconds(now)
        draft = WorklogDraft(
            issue_key=timer.issue_key,
            started=timer.started.replace(microsecond=0),
            time_spent_seconds=self.rounded(elapsed),
            comment=timer.comment or None,
        )
        return StoppedTimer(timer=timer, elapsed_seconds=elapsed, draft=draft)
