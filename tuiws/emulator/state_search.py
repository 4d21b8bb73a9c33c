"""JQL search and the issue picker over the issues a person may browse."""

from __future__ import annotations

from datetime import datetime

from . import jql
from .models import Issue, User
from .state_core import STATUSES
from .state_worklogs import WorklogState


class SearchState(WorklogState):
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
