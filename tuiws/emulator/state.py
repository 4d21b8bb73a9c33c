"""The emulated instance: people, projects, issues, worklogs, the clock, and Jira's rules.

No HTTP here. Every public method takes the one lock, so tests, benchmarks and the server's
handler threads can all use the same state at once.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from . import jql
from .adf import plain_words
from .credentials import DEMO_USERNAME, api_token_for, password_for, pat_for
from .jiratime import WorkCalendar, to_millis
from .models import (
    Change,
    Comment,
    Flavor,
    Group,
    Issue,
    JiraError,
    Project,
    User,
    Worklog,
    not_found_issue,
)

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


class EmulatorState:
    """One Jira instance's data and rules, thread-safe behind `lock`."""

    def __init__(
        self,
        flavor: Flavor = "cloud",
        *,
        clock: Callable[[], datetime] | None = None,
        populate: Callable[[EmulatorState], None] | None = None,
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

    @contextmanager
    def locked(self) -> Iterator[EmulatorState]:
        with self.lock:
            yield self

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

    # ------------------------------------------------------------ people

    def add_user(
        self,
        display_name: str,
        email: str,
        username: str,
        time_zone: str = "UTC",
        *,
        account_id: str | None = None,
        key: str | None = None,
        admin: bool = False,
        active: bool = True,
    ) -> User:
        with self.lock:
            user = User(
                account_id=account_id or f"712020:{username}",
                name=username,
                key=key or username,
                display_name=display_name,
                email=email,
                time_zone=time_zone,
                active=active,
                admin=admin,
            )
            self.users.append(user)
            self._credentials[("basic", f"{email.lower()}:{api_token_for(username)}")] = user
            self._credentials[("basic", f"{username.lower()}:{password_for(username)}")] = user
            self._credentials[("bearer", pat_for(username))] = user
            return user

    def find_user(self, ident: str) -> User | None:
        """The person named by account id, username, key, email or display name."""
        wanted = ident.strip().lower()
        with self.lock:
            for user in self.users:
                if wanted in user.identifiers():
                    return user
        return None

    def user_by(self, ident: str) -> User:
        user = self.find_user(ident)
        if user is None:
            raise KeyError(f"no emulated user {ident!r}")
        return user

    def add_group(self, name: str, members: Iterable[str] = ()) -> Group:
        """A group (or the existing one of that name) with these people added, by any ident."""
        with self.lock:
            group = self.groups.get(name.lower())
            if group is None:
                group_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"tuiws-emulator/group/{name}"))
                group = Group(name=name, group_id=group_id)
                self.groups[name.lower()] = group
            for ident in members:
                account = self.user_by(ident).account_id
                if account not in group.members:
                    group.members.append(account)
            return group

    def find_group(self, *, name: str | None = None, group_id: str | None = None) -> Group | None:
        """Jira matches group names without regard to case; ids exactly."""
        with self.lock:
            if name is not None:
                return self.groups.get(name.lower())
            return next((g for g in self.groups.values() if g.group_id == group_id), None)

    def group_members(self, group: Group, *, include_inactive: bool = False) -> list[User]:
        """Members ordered by username, as Jira orders them."""
        with self.lock:
            people = [u for u in self.users if u.account_id in group.members]
            return sorted(
                (u for u in people if u.active or include_inactive), key=lambda u: u.name.lower()
            )

    @property
    def demo_user(self) -> User:
        return self.user_by(DEMO_USERNAME)

    def token_for(self, ident: str) -> str:
        """The secret a test uses to act as this person: Cloud API token, or Server PAT."""
        user = self.user_by(ident)
        return api_token_for(user.name) if self.flavor == "cloud" else pat_for(user.name)

    def password_for(self, ident: str) -> str:
        """Server/DC Basic password for this person."""
        return password_for(self.user_by(ident).name)

    def basic_login_for(self, ident: str) -> tuple[str, str]:
        """(username, password) for HTTP Basic on this flavor."""
        user = self.user_by(ident)
        if self.flavor == "cloud":
            return user.email, api_token_for(user.name)
        return user.name, password_for(user.name)

    def authenticate(self, scheme: str, secret: str) -> User | None:
        """`scheme` is "basic" (secret "user:password") or "bearer" (secret the token)."""
        with self.lock:
            if scheme == "basic":
                login, _, password = secret.partition(":")
                user = self._credentials.get(("basic", f"{login.lower()}:{password}"))
                if user is None:
                    return None
                # Cloud signs in by email and API token; Server by username and password.
                if self.flavor == "cloud" and login.lower() != user.email.lower():
                    return None
                if self.flavor == "server" and login.lower() != user.name.lower():
                    return None
                return user if user.active else None
            if scheme == "bearer" and self.flavor == "server":
                user = self._credentials.get(("bearer", secret))
                return user if user is not None and user.active else None
            return None

    # ------------------------------------------------------------ projects and issues

    def add_project(
        self,
        key: str,
        name: str,
        *,
        time_tracking: bool = True,
        browsable: bool = True,
        edit_delete_allowed: bool = True,
    ) -> Project:
        """`browsable=False`: only Jira admins can see it; `edit_delete_allowed=False`: people
        may add worklogs but not edit or delete them."""
        with self.lock:
            project = Project(
                id=self._new_id("project"),
                key=key.upper(),
                name=name,
                time_tracking=time_tracking,
                browsable=browsable,
                edit_delete_allowed=edit_delete_allowed,
            )
            self.projects[project.key] = project
            return project

    def add_issue(
        self,
        project_key: str,
        summary: str,
        *,
        original_estimate_seconds: int | None = None,
        remaining_estimate_seconds: int | None = None,
        status: str = "In Progress",
        worklog_limit: int | None = None,
        assignee: str | None = None,
        description: str = "",
        issue_type: str = "Task",
        created: datetime | None = None,
    ) -> Issue:
        with self.lock:
            project = self.projects[project_key.upper()]
            number = 1 + sum(1 for i in self._issues.values() if i.project_key == project.key)
            moment = created or self.now()
            assignee_id = self.user_by(assignee).account_id if assignee else None
            remaining = remaining_estimate_seconds
            if remaining is None:
                remaining = original_estimate_seconds
            issue = Issue(
                id=self._new_id("issue"),
                key=f"{project.key}-{number}",
                project_key=project.key,
                summary=summary,
                status=status,
                created=moment,
                updated=moment,
                assignee=assignee_id,
                reporter=assignee_id,
                description=description,
                issue_type=issue_type,
                original_estimate_seconds=original_estimate_seconds,
                remaining_estimate_seconds=remaining,
                worklog_limit=worklog_limit,
            )
            self._issues[issue.key] = issue
            self._issues_by_id[issue.id] = issue
            return issue

    def issue(self, key_or_id: str | int) -> Issue:
        """The issue by key (any case) or numeric id; KeyError when there is none."""
        with self.lock:
            text = str(key_or_id).strip()
            found = (
                self._issues_by_id.get(int(text))
                if text.isdigit()
                else self._issues.get(text.upper())
            )
            if found is None:
                raise KeyError(f"no issue {key_or_id!r}")
            return found

    def issues(self) -> list[Issue]:
        with self.lock:
            return list(self._issues.values())

    def project_of(self, issue: Issue) -> Project:
        return self.projects[issue.project_key]

    def time_spent(self, issue: Issue) -> int:
        with self.lock:
            return sum(self._worklogs[w].time_spent_seconds for w in issue.worklog_ids)

    # ------------------------------------------------------------ worklogs, directly

    def add_worklog(
        self,
        issue_key: str,
        author_ident: str,
        started: datetime,
        seconds: int,
        comment: Comment = "",
        created: datetime | None = None,
    ) -> Worklog:
        """Add a worklog bypassing HTTP, limits and estimates; it shows up in the feeds."""
        with self.lock:
            issue = self.issue(issue_key)
            author = self.user_by(author_ident)
            moment = created.astimezone(UTC) if created else self._stamp()
            worklog = Worklog(
                id=self._new_id("worklog"),
                issue_id=issue.id,
                author=author.account_id,
                update_author=author.account_id,
                started=started.astimezone(UTC),
                time_spent_seconds=seconds,
                comment=comment or None,
                created=moment,
                updated=moment,
            )
            self._worklogs[worklog.id] = worklog
            issue.worklog_ids.append(worklog.id)
            issue.updated = max(issue.updated, moment)
            return worklog

    def worklog(self, worklog_id: int | str) -> Worklog:
        with self.lock:
            return self._worklogs[int(worklog_id)]

    def update_worklog(
        self,
        worklog_id: int | str,
        *,
        started: datetime | None = None,
        seconds: int | None = None,
        time_spent_seconds: int | None = None,
        comment: Comment = KEEP,
        updated: datetime | None = None,
        update_author: str | None = None,
    ) -> Worklog:
        """Change a worklog directly (no permissions, no estimates); bumps `updated`."""
        with self.lock:
            worklog = self._worklogs[int(worklog_id)]
            if started is not None:
                worklog.started = started.astimezone(UTC)
            spent = seconds if seconds is not None else time_spent_seconds
            if spent is not None:
                worklog.time_spent_seconds = spent
            if comment is not KEEP:
                worklog.comment = comment or None
            if update_author is not None:
                worklog.update_author = self.user_by(update_author).account_id
            worklog.updated = updated.astimezone(UTC) if updated else self._stamp()
            issue = self._issues_by_id[worklog.issue_id]
            issue.updated = max(issue.updated, worklog.updated)
            return worklog

    def delete_worklog(self, worklog_id: int | str, *, at: datetime | None = None) -> Worklog:
        """Remove a worklog directly; the deletion shows up in `worklog/deleted`."""
        with self.lock:
            worklog = self._worklogs.pop(int(worklog_id))
            issue = self._issues_by_id[worklog.issue_id]
            issue.worklog_ids.remove(worklog.id)
            moment = at.astimezone(UTC) if at else self._stamp()
            issue.updated = max(issue.updated, moment)
            self._deleted.append(Change(worklog.id, worklog.issue_id, to_millis(moment)))
            return worklog

    def worklogs_for(self, issue_key: str | int) -> list[Worklog]:
        """An issue's worklogs in Jira's order: oldest created first."""
        with self.lock:
            issue = self.issue(issue_key)
            found = [self._worklogs[w] for w in issue.worklog_ids]
            return sorted(found, key=lambda w: (w.created, w.id))

    def all_worklogs(self) -> list[Worklog]:
        with self.lock:
            return sorted(self._worklogs.values(), key=lambda w: w.id)

    def issue_of(self, worklog: Worklog) -> Issue:
        return self._issues_by_id[worklog.issue_id]

    # ------------------------------------------------------------ permissions

    def can_browse(self, user: User, issue: Issue) -> bool:
        project = self.projects[issue.project_key]
        return project.browsable or user.admin

    def visible_issue(self, user: User, key_or_id: str) -> Issue:
        """The issue if `user` may browse it; otherwise Jira's 404 (never a 403)."""
        with self.lock:
            try:
                issue = self.issue(key_or_id)
            except KeyError:
                raise not_found_issue() from None
            if not self.can_browse(user, issue):
                raise not_found_issue()
            return issue

    def visible_worklog(self, user: User, issue: Issue, worklog_id: str) -> Worklog:
        with self.lock:
            found = self._worklogs.get(int(worklog_id)) if worklog_id.isdigit() else None
            if found is None or found.issue_id != issue.id:
                raise JiraError(404, [f"Cannot find worklog with id: {worklog_id}."])
            return found

    def _check_time_tracking(self, issue: Issue) -> None:
        if not self.time_tracking_enabled or not self.projects[issue.project_key].time_tracking:
            # Jira's famously unhelpful answer when time tracking is off for the project.
            raise JiraError(400, [], {})

    def _check_may_change(self, user: User, worklog: Worklog, issue: Issue, verb: str) -> None:
        if self._worklogs.get(worklog.id) is not worklog:
            raise JiraError(404, [f"Cannot find worklog with id: {worklog.id}."])
        if user.admin:
            return
        project = self.projects[issue.project_key]
        own = worklog.author == user.account_id
        if own and project.edit_delete_allowed:
            return
        permission = f"{verb} {'own' if own else 'all'} worklogs"
        raise JiraError(
            403,
            [
                f"You do not have the '{permission}' permission for the project "
                f"'{project.name}' ({project.key})."
            ],
        )

    # ------------------------------------------------------------ worklogs, by the rules

    def _shift_remaining(self, issue: Issue, reduce_by: int) -> None:
        if issue.remaining_estimate_seconds is None:
            return
        issue.remaining_estimate_seconds = max(0, issue.remaining_estimate_seconds - reduce_by)

    def log_work(
        self,
        user: User,
        issue: Issue,
        started: datetime,
        seconds: int,
        comment: Comment,
        adjust: Adjustment,
        visibility: dict[str, Any] | None = None,
    ) -> Worklog:
        """POST worklog: author is always `user`; limits and estimate bookkeeping apply."""
        with self.lock:
            self._check_time_tracking(issue)
            limit = issue.worklog_limit
            if limit is not None and len(issue.worklog_ids) >= limit:
                raise JiraError(
                    413,
                    [
                        f"Adding a worklog would exceed the limit of {limit} worklogs "
                        f"for issue {issue.key}."
                    ],
                )
            worklog = self.add_worklog(issue.key, user.account_id, started, seconds, comment)
            worklog.visibility = visibility
            if adjust.mode == "new":
                issue.remaining_estimate_seconds = adjust.seconds
            elif adjust.mode == "manual":
                base = issue.remaining_estimate_seconds or 0
                issue.remaining_estimate_seconds = max(0, base - (adjust.seconds or 0))
            elif adjust.mode == "auto":
                self._shift_remaining(issue, seconds)
            return worklog

    def edit_work(
        self,
        user: User,
        issue: Issue,
        worklog: Worklog,
        *,
        started: datetime | None,
        seconds: int | None,
        comment: Comment,
        adjust: Adjustment,
        visibility: dict[str, Any] | None = None,
    ) -> Worklog:
        """PUT worklog. `comment` is `KEEP`-like when the request did not change it."""
        with self.lock:
            self._check_time_tracking(issue)
            self._check_may_change(user, worklog, issue, "Edit")
            before = worklog.time_spent_seconds
            self.update_worklog(
                worklog.id,
                started=started,
                seconds=seconds,
                comment=comment,
                update_author=user.account_id,
            )
            if visibility is not None:
                worklog.visibility = visibility
            if adjust.mode == "new":
                issue.remaining_estimate_seconds = adjust.seconds
            elif adjust.mode == "auto":
                self._shift_remaining(issue, worklog.time_spent_seconds - before)
            return worklog

    def remove_work(self, user: User, issue: Issue, worklog: Worklog, adjust: Adjustment) -> None:
        """DELETE worklog, giving the time back to the estimate as `adjust` says."""
        with self.lock:
            self._check_time_tracking(issue)
            self._check_may_change(user, worklog, issue, "Delete")
            self.delete_worklog(worklog.id)
            if adjust.mode == "new":
                issue.remaining_estimate_seconds = adjust.seconds
            elif adjust.mode == "manual":
                base = issue.remaining_estimate_seconds or 0
                issue.remaining_estimate_seconds = base + (adjust.seconds or 0)
            elif adjust.mode == "auto" and issue.remaining_estimate_seconds is not None:
                issue.remaining_estimate_seconds += worklog.time_spent_seconds

    # ------------------------------------------------------------ feeds

    def _page(self, changes: list[tuple[int, int]], since: int) -> FeedPage:
        cutoff = to_millis(self.now() - FEED_LAG)
        eligible = sorted(
            (c for c in changes if since <= c[1] <= cutoff), key=lambda c: (c[1], c[0])
        )
        page = eligible[:FEED_PAGE]
        until = page[-1][1] if page else since
        return FeedPage(page, since, until, len(eligible) <= FEED_PAGE)

    def updated_since(self, user: User, since: int) -> FeedPage:
        """Ids and times of worklogs changed at or after `since` (ms), older than a minute."""
        with self.lock:
            changes = [
                (w.id, to_millis(w.updated))
                for w in self._worklogs.values()
                if self.can_browse(user, self._issues_by_id[w.issue_id])
            ]
            return self._page(changes, since)

    def deleted_since(self, user: User, since: int) -> FeedPage:
        with self.lock:
            changes = [
                (c.worklog_id, c.at_millis)
                for c in self._deleted
                if self.can_browse(user, self._issues_by_id[c.issue_id])
            ]
            return self._page(changes, since)

    # ------------------------------------------------------------ search

    def _facts(self, issue: Issue) -> jql.IssueFacts:
        worklogs = tuple(
            jql.WorklogFacts(self._worklogs[w].author, self._worklogs[w].started)
            for w in issue.worklog_ids
        )
        return jql.IssueFacts(
            id=issue.id,
            key=issue.key,
            project_key=issue.project_key,
            summary=issue.summary,
            description=issue.description,
            text=f"{issue.summary}\n{issue.description}",
            status=issue.status,
            assignee=issue.assignee,
            created=issue.created,
            updated=issue.updated,
            worklogs=worklogs,
            issue_type=issue.issue_type,
        )

    def search(self, user: User, query: jql.Query) -> list[Issue]:
        """Issues `user` can browse that match `query`, in its order. Raises jql.JqlError."""
        with self.lock:

            def resolve_user(value: str) -> str | None:
                found = self.find_user(value)
                return found.account_id if found else None

            def resolve_project(value: str) -> str | None:
                for project in self.projects.values():
                    if value.lower() in (
                        project.key.lower(),
                        project.name.lower(),
                        str(project.id),
                    ):
                        return project.key if project.browsable or user.admin else None
                return None

            def resolve_issue(value: str) -> str | None:
                try:
                    issue = self.issue(value)
                except KeyError:
                    return None
                return issue.key if self.can_browse(user, issue) else None

            def resolve_status(value: str) -> str | None:
                known = {s.lower() for s in STATUSES} | {
                    i.status.lower() for i in self._issues.values()
                }
                return value.lower() if value.lower() in known else None

            env = jql.JqlEnv(
                current_user=user.account_id,
                zone=user.zone,
                now=self.now(),
                resolve_user=resolve_user,
                resolve_project=resolve_project,
                resolve_issue=resolve_issue,
                resolve_status=resolve_status,
            )
            predicate = jql.bind(query.where, env)
            facts = [
                self._facts(issue)
                for issue in self._issues.values()
                if self.can_browse(user, issue)
            ]
            matched = jql.order([f for f in facts if predicate(f)], query.order)
            return [self._issues_by_id[f.id] for f in matched]

    def picker(self, user: User, query: str) -> tuple[list[Issue], list[Issue]]:
        """Issue picker matches: (from the user's history, from all issues)."""
        terms = query.lower().split()
        with self.lock:

            def matches(issue: Issue) -> bool:
                if not terms:
                    return True
                if issue.key.lower().startswith(query.strip().lower()):
                    return True
                return all(term in issue.summary.lower() for term in terms)

            visible = [i for i in self._issues.values() if self.can_browse(user, i) and matches(i)]
            touched: dict[int, datetime] = {}
            for worklog in self._worklogs.values():
                if worklog.author == user.account_id:
                    seen = touched.get(worklog.issue_id)
                    if seen is None or worklog.started > seen:
                        touched[worklog.issue_id] = worklog.started
            history = sorted(
                (i for i in visible if i.id in touched or i.assignee == user.account_id),
                key=lambda i: touched.get(i.id, i.updated),
                reverse=True,
            )
            current = sorted(visible, key=lambda i: i.id, reverse=True)
            if terms:
                current = [i for i in current if i not in history]
            return history, current

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
