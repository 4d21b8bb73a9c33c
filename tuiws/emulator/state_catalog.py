"""Projects and issues, and who may browse them (Jira answers 404, never 403, when not)."""

from __future__ import annotations

from datetime import datetime

from .models import Issue, Project, User, not_found_issue
from .state_people import PeopleState


class CatalogState(PeopleState):
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
