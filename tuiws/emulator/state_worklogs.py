"""Worklogs: direct changes for tests and seeds, Jira's rules for HTTP writes, and the feeds."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from .jiratime import to_millis
from .models import Change, Comment, Issue, JiraError, User, Worklog
from .state_catalog import CatalogState
from .state_core import FEED_LAG, FEED_PAGE, KEEP, Adjustment, FeedPage


class WorklogState(CatalogState):
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
