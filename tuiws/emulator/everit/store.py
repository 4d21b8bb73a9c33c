"""What Everit Timetracker keeps beside the Jira worklogs: its ids, billable flags, tags, who
lacks the Timetracker permission, and the instance's period rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from ..credentials import everit_key_for
from ..models import User
from ..sidecar import IdMap, sidecar
from ..state import EmulatorState

BASE_PATH = "/timetracker/api/latest/public"
DEFAULT_START = time(8, 0)  # workStartTime when a new worklog leaves it out


@dataclass(frozen=True)
class Tag:
    id: int
    name: str
    archived: bool = False


@dataclass
class EveritExtra:
    is_billable: bool = True
    tag_ids: list[int] = field(default_factory=list)


class EveritStore:
    """One Everit Timetracker beside one Jira. Callers hold the state's lock."""

    def __init__(self) -> None:
        # Instance rules (kept when the data is reseeded); None switches a rule off.
        self.license_active = True
        self.max_seconds_per_day: int | None = None  # PeriodicMaxHoursPerDay
        self.weekly_limit_seconds: int | None = None  # PeriodicLimit
        self.loggable_from: date | None = None  # PeriodicLoggablePeriod: earlier days locked
        self.clear()

    def clear(self) -> None:
        self.ids = IdMap(first=1)
        self.extras: dict[int, EveritExtra] = {}  # by Jira worklog id
        self.tags: list[Tag] = []
        self.without_permission: set[str] = set()  # account ids answered 479

    def user_for_key(self, state: EmulatorState, key: str) -> User | None:
        for user in state.users:
            if user.active and everit_key_for(user.name) == key:
                return user
        return None

    def extra(self, jira_id: int) -> EveritExtra:
        return self.extras.get(jira_id) or EveritExtra()

    def tag(self, tag_id: int) -> Tag | None:
        return next((t for t in self.tags if t.id == tag_id), None)


def everit_store(state: EmulatorState) -> EveritStore:
    """The Everit beside `state` (made empty on first use)."""
    return sidecar(state, "everit", EveritStore, EveritStore)
