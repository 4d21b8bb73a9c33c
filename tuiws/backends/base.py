"""The contract every backend meets: an issue directory and a worklog backend.

Jira is always the issue directory (issues, search, people, groups, the instance's working
day). A worklog backend reads and writes worklogs; Tempo, Everit and the Worklog extender
store Jira worklogs underneath, so a worklog's Jira id joins them. A `Connection` is what the
registry builds for a profile: opening it signs in and hands out the pair.

Every method speaks the domain's models and raises `tuiws.backends.errors`; nothing here is a
wire format. Writes take a `CheckedDraft`: the service validated it once, the adapter only
translates it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, Protocol, runtime_checkable

from tuiws.backends.capabilities import Capabilities
from tuiws.domain.attributes import WorkAttribute
from tuiws.domain.drafts import CheckedDraft, FieldProblem
from tuiws.domain.models import (
    AdjustEstimate,
    Issue,
    TimeTracking,
    User,
    Worklog,
    WorklogDraft,
    WriteVerb,
)

__all__ = [
    "ChangeFeed",
    "ChangePage",
    "DeclaresWorkAttributes",
    "Connection",
    "Feed",
    "HealthCheck",
    "IssueDirectory",
    "OffersTags",
    "RequestMeter",
    "SelfChecking",
    "ServerFacts",
    "TaggedWrites",
    "WorklogBackend",
    "WorklogPull",
    "WorklogQuery",
    "WorklogRef",
    "tagged_writes",
]

Feed = Literal["updated", "deleted"]


@dataclass(frozen=True)
class WorklogRef:
    """A worklog as its backend addresses it: the issue it is on and the backend's own id."""

    issue_key: str
    id: str

    @classmethod
    def of(cls, worklog: Worklog, issue_key: str | None = None) -> WorklogRef:
        return cls(issue_key or worklog.issue_key or "", worklog.id)


@dataclass(frozen=True)
class WorklogQuery:
    """Worklogs started in [after, before), found through the calendar days that hold them.

    `first_day`..`last_day` (inclusive; None: open) must cover the window in every author's
    zone, as the backend may search by day. The answer holds every worklog of the window and
    may hold others of the same issues: callers bucket by instant.
    """

    after: datetime
    before: datetime | None
    first_day: date
    last_day: date | None = None


@dataclass(frozen=True)
class WorklogPull:
    issues: list[Issue]
    """The issues the worklogs are on (and any others the search found)."""
    worklogs: list[Worklog]


@dataclass(frozen=True)
class ChangePage:
    """One page of a change feed: (worklog id, updated at ms) pairs and the cursor past it."""

    changes: list[tuple[int, int]]
    until: int
    last: bool

    @property
    def ids(self) -> list[int]:
        return [i for i, _ in self.changes]


@dataclass(frozen=True)
class ServerFacts:
    """What `tuiws doctor` reports about the far end before signing in."""

    title: str
    version: str
    kind: str
    """The deployment the server says it is ("cloud", "server"), to compare with the profile."""
    protocol: str
    """e.g. "REST v3"."""
    sign_in_fix: str
    """What to do when the credentials are refused."""


@dataclass(frozen=True)
class HealthCheck:
    """One line of `tuiws doctor` about a worklog backend beyond Jira (its own API)."""

    name: str
    ok: bool
    detail: str
    fix: str = ""


@runtime_checkable
class DeclaresWorkAttributes(Protocol):
    """A worklog backend whose worklogs carry work attributes (`capabilities.work_attributes`)."""

    @property
    def work_attributes(self) -> list[WorkAttribute]:
        """The definitions: which are required, which values a static list offers."""
        ...


@runtime_checkable
class OffersTags(Protocol):
    """A worklog backend whose worklogs carry tags (`capabilities.tags`)."""

    async def tag_choices(self) -> list[str]:
        """The tag names a worklog may carry now (archived ones left out)."""
        ...


@runtime_checkable
class SelfChecking(Protocol):
    """A worklog backend with its own API to check: reachable, token, scopes, version."""

    async def health(self) -> list[HealthCheck]: ...


class RequestMeter(Protocol):
    @property
    def request_count(self) -> int:
        """Requests sent so far (retries included)."""
        ...


class IssueDirectory(Protocol):
    """Issues, people and the instance's working day (always Jira)."""

    @property
    def site(self) -> str:
        """The normalised URL the data comes from: part of the cache's identity."""
        ...

    async def myself(self) -> User: ...

    async def user(self, ident: str) -> User:
        """One account by its id (Cloud account id, Server username); NotFound if none."""
        ...

    async def users(self, idents: Sequence[str]) -> dict[str, User]:
        """Accounts by id, as cheaply as the directory allows; unknown ids are left out."""
        ...

    async def find_users(self, query: str) -> list[User]: ...

    async def group_members(self, group: str) -> list[User]:
        """Every member of a group (by name, or by a directory's own group id)."""
        ...

    async def time_tracking(self) -> TimeTracking: ...

    async def issues(self, keys: Sequence[str]) -> list[Issue]:
        """The named issues in order, skipping any that are gone or hidden."""
        ...

    async def issues_by_id(self, ids: Sequence[str]) -> list[Issue]: ...

    def looks_like_query(self, text: str) -> bool:
        """Whether `text` is in the directory's query language rather than plain words."""
        ...

    async def search_query(self, query: str, *, limit: int) -> list[Issue]: ...

    async def search_text(self, text: str, *, limit: int) -> list[Issue]: ...


class ChangeFeed(Protocol):
    """Worklogs changed or deleted since a cursor (ms); raises FeedUnavailable when thin."""

    async def page(self, feed: Feed, since: int) -> ChangePage: ...

    async def hydrate(self, ids: Sequence[int | str]) -> list[Worklog]: ...


class WorklogBackend(Protocol):
    @property
    def capabilities(self) -> Capabilities: ...

    @property
    def changes(self) -> ChangeFeed | None:
        """The change feed, when `capabilities.change_feed`."""
        ...

    def problems(self, draft: WorklogDraft, verb: WriteVerb) -> list[FieldProblem]:
        """What this backend would refuse in a draft beyond the domain's rules."""
        ...

    async def by_authors(self, authors: Sequence[User] | None, query: WorklogQuery) -> WorklogPull:
        """The worklogs of `authors` (None: everyone visible) in the query's window."""
        ...

    async def issue_worklogs(
        self, issue_key: str, after: datetime | None = None, before: datetime | None = None
    ) -> list[Worklog]:
        """One issue's worklogs started in [after, before), every page."""
        ...

    async def get(self, ref: WorklogRef) -> Worklog: ...

    async def add(self, checked: CheckedDraft) -> Worklog: ...

    async def update(self, ref: WorklogRef, checked: CheckedDraft) -> Worklog: ...

    async def delete(self, ref: WorklogRef, adjust: AdjustEstimate, tracking: TimeTracking) -> None:
        """Delete, moving the estimate as `adjust` says (checked, in `tracking`'s day length)."""
        ...

    async def latest_own(self) -> Issue | None:
        """The issue of the signed-in account's latest worklog (a read-permission probe)."""
        ...

    async def required_by_day(self, user: User, days: Sequence[date]) -> dict[date, int] | None:
        """The seconds `user` should log on each of `days` (0 on holidays and days off), read
        as one range; None when the backend keeps no schedule (use hours per day)."""
        ...


@runtime_checkable
class TaggedWrites(Protocol):
    """What a worklog backend offers when it can carry an operation id with a new worklog.

    The write journal reads a lost add back by that id, so it never mistakes a look-alike for
    its own write. A backend without it is read back by excluding the worklogs that existed
    before the send (the journal keeps their ids).
    """

    async def add_tagged(self, checked: CheckedDraft, operation: str) -> Worklog:
        """`add`, with `operation` stored on the new worklog where `find_by_operation` sees it."""
        ...

    async def find_by_operation(
        self, issue_key: str, operation: str, started: datetime
    ) -> Worklog | None:
        """The worklog an `add_tagged(…, operation)` created (it started at `started`)."""
        ...


def tagged_writes(backend: WorklogBackend) -> TaggedWrites | None:
    """The backend's tagged writes, when it declares them."""
    return backend if isinstance(backend, TaggedWrites) else None


@runtime_checkable
class LockedDays(Protocol):
    """What a backend with `capabilities.locked_periods` offers: which days are locked.

    Tempo locks the days of a timesheet submitted for approval or approved; the grid marks
    them, and writes into them are refused before any request.
    """

    async def locked_days(self, user: User, days: Sequence[date]) -> dict[date, str]:
        """The locked ones among `days`, each with why in a few words ("approved")."""
        ...

    def forget_locks(self) -> None:
        """Forget what was read of the locks, so the next read asks again (a refresh: a
        timesheet may have been submitted, approved or reopened since)."""
        ...


def locked_days(backend: WorklogBackend) -> LockedDays | None:
    """The backend's locked days, when it declares them."""
    return backend if isinstance(backend, LockedDays) else None


class Connection(Protocol):
    """A profile's link to its directory and worklog backend, built without any I/O."""

    @property
    def request_count(self) -> int: ...

    async def server(self) -> ServerFacts:
        """Ask the far end who it is, without signing in (`tuiws doctor`)."""
        ...

    async def open(self) -> tuple[IssueDirectory, WorklogBackend]:
        """Sign in (learning what the server is first, where that picks the scheme)."""
        ...

    async def aclose(self) -> None: ...

    async def __aenter__(self) -> Connection: ...

    async def __aexit__(self, *exc: object) -> None: ...
