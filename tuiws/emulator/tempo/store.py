"""What Tempo keeps beside the Jira worklogs: its ids, billable seconds, work attributes, the
people's schedules, holidays, timesheet approvals, and the switches tests turn."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ..credentials import tempo_token_for
from ..limits import Budget, TokenBucket
from ..models import User
from ..sidecar import IdMap, sidecar
from ..state import EmulatorState

BASE_PATH = "/tempo"  # {emulator.url}/tempo stands for https://api.tempo.io
# Tempo asks clients for about five requests a second; a short burst is forgiven.
RATE_LIMIT = Budget(capacity=10.0, refill_per_second=5.0, write_cost=1.0)
AUDIT_DAYS = 180  # Tempo keeps deleted-worklog events this long
DAY = 8 * 3600
FULL_WEEK = (DAY, DAY, DAY, DAY, DAY, 0, 0)
OPEN, IN_REVIEW, APPROVED = "OPEN", "IN_REVIEW", "APPROVED"
LOCKING = (IN_REVIEW, APPROVED)  # submitted or approved: Tempo refuses writes into the period
# A token's scopes are fixed when it is made; which scope each part of the API needs.
SCOPES = ("worklogs", "work-attributes", "schemes", "approvals", "audit")
_SCOPE_BY_PREFIX = (
    ("/4/worklogs", "worklogs"),
    ("/core/3/worklogs", "worklogs"),
    ("/4/work-attributes", "work-attributes"),
    ("/core/3/work-attributes", "work-attributes"),
    ("/4/user-schedule", "schemes"),
    ("/4/timesheet-approvals", "approvals"),
    ("/papertrail/", "audit"),
    ("/audit/", "audit"),
)


@dataclass(frozen=True)
class WorkAttribute:
    key: str
    name: str
    type: str  # ACCOUNT | CHECKBOX | INPUT_FIELD | INPUT_NUMERIC | STATIC_LIST
    required: bool = False
    values: tuple[str, ...] = ()
    names: dict[str, str] = field(default_factory=dict)  # value -> label (static lists)


@dataclass
class TempoExtra:
    """Tempo's own fields of one Jira worklog; None billable means "as time spent"."""

    billable_seconds: int | None = None
    attributes: dict[str, str] = field(default_factory=dict)


DEFAULT_ATTRIBUTES = (
    WorkAttribute(
        "_Account_",
        "Account",
        "STATIC_LIST",
        required=True,
        values=("INTERNAL", "PLATFORM-CAPEX", "MOBILE-CLIENT", "OPS-RUN", "COMPLIANCE"),
        names={
            "INTERNAL": "Internal",
            "PLATFORM-CAPEX": "Platform (capex)",
            "MOBILE-CLIENT": "Mobile client work",
            "OPS-RUN": "Operations run",
            "COMPLIANCE": "Compliance",
        },
    ),
    WorkAttribute(
        "_Workcategory_",
        "Work category",
        "STATIC_LIST",
        values=("Development", "Meeting", "Support", "Review"),
        names={v: v for v in ("Development", "Meeting", "Support", "Review")},
    ),
    WorkAttribute("_Overtime_", "Overtime", "CHECKBOX"),
    WorkAttribute("_Ticket_", "External ticket", "INPUT_FIELD"),
)


class TempoStore:
    """One Tempo Cloud instance beside one Jira. Callers hold the state's lock for data."""

    def __init__(self) -> None:
        # Switches (kept when the data is reseeded).
        self.core3_gone = False  # answer 410 for core/3 and audit/1, as real Tempo does now
        self.rate_limit: Budget | None = RATE_LIMIT
        self._buckets: dict[str, TokenBucket] = {}
        self._scopes: dict[str, frozenset[str]] = {}  # tokens with fewer than all scopes
        self.clear()

    def clear(self) -> None:
        self.ids = IdMap(first=1)
        self.extras: dict[int, TempoExtra] = {}  # by Jira worklog id
        self.attributes: list[WorkAttribute] = list(DEFAULT_ATTRIBUTES)
        self.weekly_seconds: dict[str, tuple[int, ...]] = {}  # account id -> Mon..Sun
        self.holidays: dict[date, str] = {}
        self.approvals: dict[tuple[str, date], str] = {}  # (account id, Monday) -> status

    # ------------------------------------------------------------ access

    def user_for_token(self, state: EmulatorState, token: str) -> User | None:
        for user in state.users:
            if user.active and tempo_token_for(user.name) == token:
                return user
        return None

    def bucket(self, token: str) -> TokenBucket | None:
        """Per-token rate limit (None when switched off)."""
        if self.rate_limit is None:
            return None
        found = self._buckets.get(token)
        if found is None or found.budget is not self.rate_limit:
            found = TokenBucket(self.rate_limit)
            self._buckets[token] = found
        return found

    def restrict(self, token: str, scopes: set[str] | frozenset[str]) -> None:
        """Make `token` carry only these scopes (e.g. no "schemes": schedules answer 403)."""
        unknown = set(scopes) - set(SCOPES)
        if unknown:
            raise ValueError(f"unknown Tempo scopes: {sorted(unknown)}")
        self._scopes[token] = frozenset(scopes)

    def missing_scope(self, token: str, path: str) -> str | None:
        """The scope `path` needs that `token` lacks, if any."""
        held = self._scopes.get(token)
        if held is None:
            return None
        needed = next(
            (scope for prefix, scope in _SCOPE_BY_PREFIX if path.startswith(prefix)), None
        )
        return needed if needed is not None and needed not in held else None

    def attribute(self, key: str) -> WorkAttribute | None:
        return next((a for a in self.attributes if a.key == key), None)

    def extra(self, jira_id: int) -> TempoExtra:
        return self.extras.get(jira_id) or TempoExtra()

    # ------------------------------------------------------------ schedules and approvals

    def required_seconds(self, account_id: str, day: date) -> tuple[int, str, str | None]:
        """(required seconds, Tempo day type, holiday name) for one person's day."""
        week = self.weekly_seconds.get(account_id, FULL_WEEK)
        planned = week[day.weekday()]
        holiday = self.holidays.get(day)
        if holiday is not None:
            kind = "HOLIDAY" if planned else "HOLIDAY_AND_NON_WORKING_DAY"
            return 0, kind, holiday
        return planned, "WORKING_DAY" if planned else "NON_WORKING_DAY", None

    def approval(self, account_id: str, day: date) -> tuple[date, date, str]:
        """The weekly approval period holding `day` (Monday to Sunday) and its status."""
        monday = day - timedelta(days=day.weekday())
        status = self.approvals.get((account_id, monday), OPEN)
        return monday, monday + timedelta(days=6), status

    def set_approval(self, account_id: str, day: date, status: str) -> None:
        monday = day - timedelta(days=day.weekday())
        self.approvals[(account_id, monday)] = status


def tempo_store(state: EmulatorState) -> TempoStore:
    """The Tempo beside `state` (made empty, with the default attributes, on first use)."""
    return sidecar(state, "tempo", TempoStore, TempoStore)
