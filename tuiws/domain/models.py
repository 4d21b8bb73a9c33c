"""The worklog, issue, user and draft models every layer shares: plain frozen dataclasses.

Validation of what comes from outside happens at the edges (the adapters' wire schemas, the
configuration), so these load in no time and carry no wire format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from tuiws.domain.terminal_text import terminal_line, terminal_text

# Text a backend sends for people to read is freed of terminal control and bidi-override
# characters as it enters the domain (`__post_init__`), so no screen or output draws it raw.


class Flavor(StrEnum):
    """Which Jira a profile names (config): the Jira adapter declares what each one can do."""

    CLOUD = "cloud"
    SERVER = "server"


@dataclass(frozen=True, kw_only=True)
class TimeTracking:
    """The instance's idea of a working day and week, which `1d` and `1w` mean."""

    hours_per_day: float = 8.0
    days_per_week: float = 5.0
    enabled: bool = True

    @property
    def seconds_per_day(self) -> int:
        return round(self.hours_per_day * 3600)

    @property
    def seconds_per_week(self) -> int:
        return round(self.hours_per_day * self.days_per_week * 3600)


@dataclass(frozen=True, kw_only=True)
class User:
    """A Jira account. Cloud identifies people by `account_id`; Server by `name` (username)."""

    account_id: str | None = None
    name: str | None = None
    key: str | None = None
    display_name: str = ""
    email: str | None = None
    time_zone: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "display_name", terminal_line(self.display_name))

    @property
    def ident(self) -> str:
        """The id Jira wants in JQL and URLs for this flavor of account."""
        return self.account_id or self.name or self.key or ""

    def as_json(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.account_id:
            out["accountId"] = self.account_id
        elif self.name:
            out["name"] = self.name
        out["displayName"] = self.display_name
        return out


@dataclass(frozen=True, kw_only=True)
class Issue:
    id: str
    key: str
    summary: str = ""
    status: str | None = None
    project_key: str = ""
    original_estimate_seconds: int | None = None
    remaining_estimate_seconds: int | None = None
    time_spent_seconds: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "summary", terminal_line(self.summary))
        if self.status is not None:
            object.__setattr__(self, "status", terminal_line(self.status))


@dataclass(frozen=True, kw_only=True)
class Worklog:
    """One worklog as read from its backend, with `started` kept as an aware instant."""

    id: str
    issue_id: str
    issue_key: str | None = None
    author: User
    started: datetime
    time_spent_seconds: int
    comment_text: str = ""
    # Cloud sends the comment as an ADF document, kept so an untouched rich comment goes back
    # exactly as it came.
    comment_adf: dict[str, Any] | None = None
    created: datetime | None = None
    updated: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "comment_text", terminal_text(self.comment_text))


AdjustMode = Literal["auto", "leave", "new", "manual"]
WriteVerb = Literal["add", "update", "delete"]


@dataclass(frozen=True, kw_only=True)
class AdjustEstimate:
    """How a write moves the issue's remaining estimate.

    `value` is a duration in Jira's notation ("2h", "1d 4h"): the new estimate for `new`,
    the amount to reduce by (add) or increase by (delete) for `manual`.
    """

    mode: AdjustMode = "auto"
    value: str | None = None


@dataclass(frozen=True, kw_only=True)
class WorklogDraft:
    """What the user wants written: a new worklog, or the new state of an existing one."""

    issue_key: str
    started: datetime
    time_spent_seconds: int
    comment: str | None = None
    # The comment as it was read (Cloud ADF); sent back verbatim while `comment_touched` is false.
    original_comment_adf: dict[str, Any] | None = None
    comment_touched: bool = True
    adjust: AdjustEstimate = field(default_factory=AdjustEstimate)
