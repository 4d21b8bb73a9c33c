"""The emulated instance: people, projects, issues, worklogs, the clock, and Jira's rules.

No HTTP here. Every public method takes the one lock, so tests, benchmarks and the server's
handler threads can all use the same state at once. The class is assembled from layers, one
job each (state_core → state_people → state_catalog → state_worklogs → state_search).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime
from typing import Any

from .adf import plain_words
from .models import Flavor, Worklog
from .state_core import FEED_LAG, FEED_PAGE, KEEP, STATUSES, Adjustment, FeedPage
from .state_search import SearchState

__all__ = [
    "FEED_LAG",
    "FEED_PAGE",
    "KEEP",
    "STATUSES",
    "Adjustment",
    "EmulatorState",
    "FeedPage",
]


class EmulatorState(SearchState):
    """One Jira instance's data and rules, thread-safe behind `lock`."""

    def __init__(
        self,
        flavor: Flavor = "cloud",
        *,
        clock: Callable[[], datetime] | None = None,
        populate: Callable[[EmulatorState], None] | None = None,
    ) -> None:
        super().__init__(flavor, clock=clock, populate=populate)

    @contextmanager
    def locked(self) -> Iterator[EmulatorState]:
        with self.lock:
            yield self

    # ------------------------------------------------------------ comparison

    def comment_text(self, worklog: Worklog) -> str:
        if isinstance(worklog.comment, dict):
            return plain_words(worklog.comment)
        return worklog.comment or ""

    def snapshot(self) -> dict[str, Any]:
        """Everything as plain data, to compare two instances (e.g. two seeds)."""
        with self.lock:
            return {
                "flavor": self.flavor,
                "users": [asdict(u) for u in self.users],
                "projects": [asdict(p) for p in self.projects.values()],
                "issues": [asdict(i) for i in self._issues.values()],
                "worklogs": [asdict(w) for w in self.all_worklogs()],
                "deleted": [asdict(c) for c in self._deleted],
            }
