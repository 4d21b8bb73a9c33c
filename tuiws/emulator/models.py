"""The emulator's records (people, projects, issues, worklogs) and Jira's error shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

Flavor = Literal["cloud", "server"]
Comment = str | dict[str, Any] | None


class JiraError(Exception):
    """A rule said no: rendered as Jira's ErrorCollection with `status`."""

    def __init__(
        self,
        status: int,
        messages: list[str] | None = None,
        errors: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status}: {messages or errors}")
        self.status = status
        self.messages = list(messages or [])
        self.errors = dict(errors or {})
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        return {"errorMessages": self.messages, "errors": self.errors}


def not_found_issue() -> JiraError:
    return JiraError(404, ["Issue does not exist or you do not have permission to see it."])


@dataclass
class User:
    account_id: str
    name: str
    key: str
    display_name: str
    email: str
    time_zone: str
    active: bool = True
    admin: bool = False
    locale: str = "en_US"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def identifiers(self) -> set[str]:
        """Every string that names this person (lower case), for lookups and JQL."""
        return {
            self.account_id.lower(),
            self.name.lower(),
            self.key.lower(),
            self.email.lower(),
            self.display_name.lower(),
        }


@dataclass
class Group:
    name: str
    group_id: str
    members: list[str] = field(default_factory=list)  # account ids, in the order added


@dataclass
class Project:
    id: int
    key: str
    name: str
    time_tracking: bool = True
    browsable: bool = True
    edit_delete_allowed: bool = True


@dataclass
class Issue:
    id: int
    key: str
    project_key: str
    summary: str
    status: str
    created: datetime
    updated: datetime
    assignee: str | None = None  # account id
    reporter: str | None = None  # account id
    description: str = ""
    issue_type: str = "Task"
    priority: str = "Medium"
    original_estimate_seconds: int | None = None
    remaining_estimate_seconds: int | None = None
    worklog_limit: int | None = None
    worklog_ids: list[int] = field(default_factory=list)


@dataclass
class Worklog:
    id: int
    issue_id: int
    author: str  # account id
    update_author: str  # account id
    started: datetime
    time_spent_seconds: int
    comment: Comment
    created: datetime
    updated: datetime
    visibility: dict[str, Any] | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    """Worklog entity properties (key → JSON value), set from a write's `properties` list."""


@dataclass(frozen=True)
class Change:
    """One entry of the `worklog/updated` or `worklog/deleted` feed."""

    worklog_id: int
    issue_id: int
    at_millis: int
