"""The emulated instance's core: its settings, stores, clock and ids (no rules, no HTTP).

`EmulatorState` (state.py) is built on this in layers, one job each: people, projects and
issues, worklogs and feeds, search. Every public method takes the one lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from .jiratime import WorkCalendar
from .models import Change, Flavor, Group, Issue, Project, User, Worklog

STATUSES = ("To Do", "In Progress", "In Review", "Done")
FEED_LAG = timedelta(seconds=60)
FEED_PAGE = 1000
KEEP: Any = object()  # "leave this as it is" for optional changes


@dataclass(frozen=True)
class Adjustment:
    """What a write does to the remaining estimate (`adjustEstimate` and its companion)."""

    mode: str = "auto"  # auto | leave | new | manual
    seconds: int | None = None  # newEstimate, reduceBy or increaseBy, in seconds


@dataclass(frozen=True)
class FeedPage:
    values: list[tuple[int, int]]  # (worklog id, updated/deleted millis)
    since: int
    until: int
    last: bool


def _default_clock() -> datetime:
    return datetime.now(UTC)


class StateCore:
    """One Jira instance's data, thread-safe behind `lock`."""

    def __init__(
        self,
        flavor: Flavor = "cloud",
        *,
        clock: Callable[[], datetime] | None = None,
        populate: Callable[[Any], None] | None = None,
    ) -> None:
        self.flavor: Flavor = flavor
        self.lock = threading.RLock()
        self.clock: Callable[[], datetime] = clock or _default_clock
        self._populate = populate
        self.hours_per_day = 8.0
        self.days_per_week = 5.0
        self.time_tracking_enabled = True
        # An older Server/DC without usable worklog feeds: both answer 404 (a setting, so
        # reset() keeps it).
        self.thin_feeds = False
        self.users: list[User] = []
        self.groups: dict[str, Group] = {}
        self.projects: dict[str, Project] = {}
        self._issues: dict[str, Issue] = {}
        self._issues_by_id: dict[int, Issue] = {}
        self._worklogs: dict[int, Worklog] = {}
        self._deleted: list[Change] = []
        self._credentials: dict[tuple[str, str], User] = {}
        self._next_id = {"project": 10000, "issue": 10000, "worklog": 10000}
        self._last_stamp: datetime | None = None
        self.reset()

    # ------------------------------------------------------------ lifecycle

    def reset(self) -> None:
        """Forget everything and rebuild the instance as it was constructed."""
        with self.lock:
            self.hours_per_day = 8.0
            self.days_per_week = 5.0
            self.time_tracking_enabled = True
            self.users = []
            self.groups = {}
            self.projects = {}
            self._issues = {}
            self._issues_by_id = {}
            self._worklogs = {}
            self._deleted = []
            self._credentials = {}
            self._next_id = {"project": 10000, "issue": 10000, "worklog": 10000}
            self._last_stamp = None
            if self._populate is not None:
                self._populate(self)

    def now(self) -> datetime:
        return self.clock().astimezone(UTC)

    def _stamp(self) -> datetime:
        """The clock for a change, nudged forward so no two changes share a millisecond."""
        moment = self.now()
        if self._last_stamp is not None and moment <= self._last_stamp:
            moment = self._last_stamp + timedelta(milliseconds=1)
        self._last_stamp = moment
        return moment

    def _new_id(self, kind: str) -> int:
        value = self._next_id[kind]
        self._next_id[kind] = value + 1
        return value

    @property
    def calendar(self) -> WorkCalendar:
        return WorkCalendar(self.hours_per_day, self.days_per_week)
