"""The worklog, issue, user and draft models every layer shares."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from tuiws.domain.terminal_text import terminal_line, terminal_text

# Text Jira sends for people to read, freed of terminal control and bidi-override characters
# as it enters the domain, so no screen or output can draw it raw.
DisplayLine = Annotated[str, AfterValidator(terminal_line)]
DisplayText = Annotated[str, AfterValidator(terminal_text)]


class Flavor(StrEnum):
    """Which Jira we talk to: Cloud speaks REST v3 with ADF, Server/DC speaks v2 with strings."""

    CLOUD = "cloud"
    SERVER = "server"


class TimeTracking(BaseModel):
    """The instance's idea of a working day and week, which `1d` and `1w` mean."""

    model_config = ConfigDict(frozen=True)

    hours_per_day: float = 8.0
    days_per_week: float = 5.0
    enabled: bool = True

    @property
    def seconds_per_day(self) -> int:
        return round(self.hours_per_day * 3600)

    @property
    def seconds_per_week(self) -> int:
        return round(self.hours_per_day * self.days_per_week * 3600)


class User(BaseModel):
    """A Jira account. Cloud identifies people by `account_id`; Server by `name` (username)."""

    model_config = ConfigDict(frozen=True)

    account_id: str | None = None
    name: str | None = None
    key: str | None = None
    display_name: DisplayLine = ""
    email: str | None = None
    time_zone: str | None = None

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


class Issue(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    key: str
    summary: DisplayLine = ""
    status: DisplayLine | None = None
    project_key: str = ""
    original_estimate_seconds: int | None = None
    remaining_estimate_seconds: int | None = None
    time_spent_seconds: int | None = None


class Worklog(BaseModel):
    """One worklog as read from Jira, with `started` kept as an aware instant."""

    model_config = ConfigDict(frozen=True)

    id: str
    issue_id: str
    issue_key: str | None = None
    author: User
    started: datetime
    time_spent_seconds: int
    comment_text: DisplayText = ""
    # Cloud sends the comment as an ADF document, kept so an untouched rich comment goes back
    # exactly as it came.
    comment_adf: dict[str, Any] | None = None
    created: datetime | None = None
    updated: datetime | None = None


AdjustMode = Literal["auto", "leave", "new", "manual"]
WriteVerb = Literal["add", "update", "delete"]


class AdjustEstimate(BaseModel):
    """How a write moves the issue's remaining estimate.

    `value` is a duration in Jira's notation ("2h", "1d 4h"): the new estimate for `new`,
    the amount to reduce by (add) or increase by (delete) for `manual`.
    """

    model_config = ConfigDict(frozen=True)

    mode: AdjustMode = "auto"
    value: str | None = None


class WorklogDraft(BaseModel):
    """What the user wants written: a new worklog, or the new state of an existing one."""

    issue_key: str
    started: datetime
    time_spent_seconds: int
    comment: str | None = None
    # The comment as it was read (Cloud ADF); sent back verbatim while `comment_touched` is false.
    original_comment_adf: dict[str, Any] | None = None
    comment_touched: bool = True
    adjust: AdjustEstimate = Field(default_factory=AdjustEstimate)
