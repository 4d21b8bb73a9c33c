"""Choosing worklogs the way Tempo's listings filter them (by the author's local dates)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from ..models import Worklog
from .wire import TempoCall, local_start


@dataclass
class Filter:
    authors: set[str] = field(default_factory=set)  # account ids
    issue_ids: set[int] = field(default_factory=set)
    issue_keys: set[str] = field(default_factory=set)
    project_ids: set[int] = field(default_factory=set)
    project_keys: set[str] = field(default_factory=set)
    start: date | None = None
    end: date | None = None  # inclusive
    updated_from: datetime | None = None


def select(call: TempoCall, wanted: Filter) -> list[Worklog]:
    """Worklogs the token's user may see that match, by start date and time, then id."""
    state = call.state
    found: list[tuple[datetime, int, Worklog]] = []
    for worklog in state.all_worklogs():
        issue = state.issue_of(worklog)
        if not state.can_browse(call.user, issue):
            continue
        if wanted.authors and worklog.author not in wanted.authors:
            continue
        if wanted.issue_ids and issue.id not in wanted.issue_ids:
            continue
        if wanted.issue_keys and issue.key not in wanted.issue_keys:
            continue
        project = state.project_of(issue)
        if wanted.project_ids and project.id not in wanted.project_ids:
            continue
        if wanted.project_keys and project.key not in wanted.project_keys:
            continue
        local = local_start(state, worklog)
        if wanted.start and local.date() < wanted.start:
            continue
        if wanted.end and local.date() > wanted.end:
            continue
        if wanted.updated_from and worklog.updated < wanted.updated_from:
            continue
        found.append((local.replace(tzinfo=None), worklog.id, worklog))
    found.sort(key=lambda item: (item[0], item[1]))
    return [item[2] for item in found]


def sync_ids(call: TempoCall) -> None:
    """Give every Jira worklog its Tempo id in Jira-id order, so ids never depend on which
    listing happened to show a worklog first."""
    for worklog in call.state.all_worklogs():
        call.store.ids.own_id(worklog.id)
