"""Wire schemas to domain models: `started` parsed strictly, comments rendered for display."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tuiws.backends.jira.adf import adf_to_text
from tuiws.backends.jira.started import parse_started
from tuiws.backends.jira.wire import IssueBean, WireUser, WireWorklog
from tuiws.domain.models import Issue, User, Worklog
from tuiws.domain.started import StartedError


def to_user(wire: WireUser) -> User:
    return User(
        account_id=wire.account_id,
        name=wire.name,
        key=wire.key,
        display_name=wire.display_name,
        email=wire.email_address,
        time_zone=wire.time_zone,
    )


def _timestamp(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return parse_started(text)
    except StartedError:
        return None


def to_worklog(wire: WireWorklog, issue_key: str | None = None) -> Worklog:
    comment: Any = wire.comment
    adf = comment if isinstance(comment, dict) else None
    if adf is not None:
        text = adf_to_text(adf)
    elif isinstance(comment, str):
        text = comment
    else:
        text = ""
    return Worklog(
        id=str(wire.id),
        issue_id=str(wire.issue_id),
        issue_key=issue_key,
        author=to_user(wire.author),
        started=parse_started(wire.started),
        time_spent_seconds=wire.time_spent_seconds,
        comment_text=text,
        comment_adf=adf,
        created=_timestamp(wire.created),
        updated=_timestamp(wire.updated),
    )


def to_issue(bean: IssueBean) -> Issue:
    f = bean.fields
    tt = f.timetracking
    return Issue(
        id=str(bean.id),
        key=bean.key,
        summary=f.summary,
        status=f.status.name if f.status else None,
        project_key=f.project.key if f.project else bean.key.rsplit("-", 1)[0],
        original_estimate_seconds=tt.original_estimate_seconds if tt else None,
        remaining_estimate_seconds=tt.remaining_estimate_seconds if tt else None,
        time_spent_seconds=tt.time_spent_seconds if tt else None,
    )
