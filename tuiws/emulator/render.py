"""JSON bodies the way Jira shapes them, for a given viewer, API version and flavor."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, tzinfo
from typing import Any
from urllib.parse import quote

from . import adf
from .jiratime import format_duration, format_timestamp
from .models import Flavor, Issue, User, Worklog
from .state import EmulatorState

EMBEDDED_WORKLOGS = 20
ISSUE_EXPAND = "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations"
ALL_FIELDS = (
    "summary",
    "status",
    "project",
    "issuetype",
    "priority",
    "assignee",
    "reporter",
    "created",
    "updated",
    "description",
    "labels",
    "timetracking",
    "timeoriginalestimate",
    "timeestimate",
    "timespent",
    "aggregatetimeoriginalestimate",
    "aggregatetimeestimate",
    "aggregatetimespent",
    "worklog",
)
_STATUS = {
    "to do": ("10000", 2, "new", "blue-gray", "To Do"),
    "in progress": ("3", 4, "indeterminate", "yellow", "In Progress"),
    "in review": ("10001", 4, "indeterminate", "yellow", "In Progress"),
    "done": ("10002", 3, "done", "green", "Done"),
}


@dataclass(frozen=True)
class View:
    """Who is looking, through which API version, at which instance."""

    base_url: str
    version: int
    flavor: Flavor
    viewer: User | None

    @property
    def zone(self) -> tzinfo:
        return self.viewer.zone if self.viewer else UTC

    def api(self, path: str) -> str:
        return f"{self.base_url}/rest/api/{self.version}/{path}"


@dataclass(frozen=True)
class FieldSelection:
    """The `fields` parameter: which issue fields to include."""

    names: frozenset[str]
    everything: bool = False
    excluded: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, values: list[str], default: str) -> FieldSelection:
        raw = [part.strip() for value in values for part in value.split(",") if part.strip()]
        if not raw:
            raw = [default]
        names: set[str] = set()
        excluded: set[str] = set()
        everything = False
        for item in raw:
            if item in ("*all", "*navigable"):
                everything = True
            elif item.startswith("-"):
                excluded.add(item[1:])
            else:
                names.add(item)
        return cls(frozenset(names), everything, frozenset(excluded))

    def wants(self, name: str) -> bool:
        if name in self.excluded:
            return False
        return self.everything or name in self.names

    @property
    def id_only(self) -> bool:
        return not self.everything and self.names <= {"id"}


def user_json(view: View, user: User | None, *, full: bool = False) -> dict[str, Any] | None:
    if user is None:
        return None
    avatar = f"{view.base_url}/secure/useravatar?ownerId={quote(user.key)}&avatarId=10122"
    out: dict[str, Any] = {}
    if view.flavor == "cloud":
        out["self"] = view.api(f"user?accountId={quote(user.account_id)}")
        out["accountId"] = user.account_id
        out["accountType"] = "atlassian"
    else:
        out["self"] = view.api(f"user?username={quote(user.name)}")
        out["name"] = user.name
        out["key"] = user.key
    out["emailAddress"] = user.email
    out["avatarUrls"] = {
        size: f"{avatar}&size={size}" for size in ("48x48", "24x24", "16x16", "32x32")
    }
    out["displayName"] = user.display_name
    out["active"] = user.active
    out["timeZone"] = user.time_zone
    if full:
        out["locale"] = user.locale
        out["groups"] = {"size": 1, "items": []}
        out["applicationRoles"] = {"size": 1, "items": []}
        out["expand"] = "groups,applicationRoles"
        if view.flavor == "server":
            out["deleted"] = False
    return out


def comment_json(view: View, state: EmulatorState, comment: str | dict[str, Any] | None) -> Any:
    """v3 speaks ADF; v2 speaks strings (a Cloud ADF comment is flattened to wiki-ish text).

    None: the field is left out (v2, no comment).
    """
    if view.version >= 3:
        if isinstance(comment, dict):
            return comment
        return adf.from_text(comment or "")
    if isinstance(comment, dict):

        def mention(attrs: dict[str, Any]) -> str:
            if state.flavor == "server":
                found = state.find_user(str(attrs.get("id", "")))
                if found is not None:
                    return f"[~{found.name}]"
            return adf.default_mention(attrs)

        return adf.to_text(comment, mention=mention)
    return comment  # v2 leaves out a worklog's missing comment


def worklog_json(
    view: View, state: EmulatorState, worklog: Worklog, *, properties: bool = False
) -> dict[str, Any]:
    """`properties`: the request asked `expand=properties` (Jira leaves them out otherwise)."""
    out: dict[str, Any] = {
        "self": view.api(f"issue/{worklog.issue_id}/worklog/{worklog.id}"),
        "author": user_json(view, state.find_user(worklog.author)),
        "updateAuthor": user_json(view, state.find_user(worklog.update_author)),
    }
    comment = comment_json(view, state, worklog.comment)
    if comment is not None:
        out["comment"] = comment
    out.update(
        {
            "created": format_timestamp(worklog.created, view.zone),
            "updated": format_timestamp(worklog.updated, view.zone),
            "started": format_timestamp(worklog.started, view.zone),
            "timeSpent": format_duration(worklog.time_spent_seconds, state.calendar),
            "timeSpentSeconds": worklog.time_spent_seconds,
            "id": str(worklog.id),
            "issueId": str(worklog.issue_id),
        }
    )
    if worklog.visibility:
        out["visibility"] = worklog.visibility
    if properties:
        out["properties"] = [{"key": k, "value": v} for k, v in worklog.properties.items()]
    return out


def worklog_page(
    view: View,
    state: EmulatorState,
    worklogs: list[Worklog],
    start_at: int,
    max_results: int,
    *,
    properties: bool = False,
) -> dict[str, Any]:
    chosen = worklogs[start_at : start_at + max_results]
    return {
        "startAt": start_at,
        "maxResults": max_results,
        "total": len(worklogs),
        "worklogs": [worklog_json(view, state, w, properties=properties) for w in chosen],
    }


def _status_json(view: View, name: str) -> dict[str, Any]:
    status_id, cat_id, cat_key, colour, cat_name = _STATUS.get(
        name.lower(), ("10003", 4, "indeterminate", "yellow", "In Progress")
    )
    return {
        "self": view.api(f"status/{status_id}"),
        "description": "",
        "iconUrl": f"{view.base_url}/images/icons/statuses/generic.png",
        "name": name,
        "id": status_id,
        "statusCategory": {
            "self": view.api(f"statuscategory/{cat_id}"),
            "id": cat_id,
            "key": cat_key,
            "colorName": colour,
            "name": cat_name,
        },
    }


def _timetracking(issue: Issue, spent: int, state: EmulatorState) -> dict[str, Any]:
    calendar = state.calendar
    out: dict[str, Any] = {}
    if issue.original_estimate_seconds is not None:
        out["originalEstimate"] = format_duration(issue.original_estimate_seconds, calendar)
    if issue.remaining_estimate_seconds is not None:
        out["remainingEstimate"] = format_duration(issue.remaining_estimate_seconds, calendar)
    if spent:
        out["timeSpent"] = format_duration(spent, calendar)
    if issue.original_estimate_seconds is not None:
        out["originalEstimateSeconds"] = issue.original_estimate_seconds
    if issue.remaining_estimate_seconds is not None:
        out["remainingEstimateSeconds"] = issue.remaining_estimate_seconds
    if spent:
        out["timeSpentSeconds"] = spent
    return out


def project_json(view: View, state: EmulatorState, key: str) -> dict[str, Any]:
    project = state.projects[key]
    return {
        "self": view.api(f"project/{project.id}"),
        "id": str(project.id),
        "key": project.key,
        "name": project.name,
        "projectTypeKey": "software",
        "simplified": False,
    }


def issue_json(
    view: View, state: EmulatorState, issue: Issue, selection: FieldSelection
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "expand": ISSUE_EXPAND,
        "id": str(issue.id),
        "self": view.api(f"issue/{issue.id}"),
        "key": issue.key,
    }
    spent = state.time_spent(issue)
    tracking = state.projects[issue.project_key].time_tracking and state.time_tracking_enabled
    fields: dict[str, Any] = {}
    for name in ALL_FIELDS:
        if not selection.wants(name):
            continue
        if name == "summary":
            fields[name] = issue.summary
        elif name == "status":
            fields[name] = _status_json(view, issue.status)
        elif name == "project":
            fields[name] = project_json(view, state, issue.project_key)
        elif name == "issuetype":
            fields[name] = {"id": "10001", "name": issue.issue_type, "subtask": False}
        elif name == "priority":
            fields[name] = {"id": "3", "name": issue.priority}
        elif name in ("assignee", "reporter"):
            ident = issue.assignee if name == "assignee" else issue.reporter
            fields[name] = user_json(view, state.find_user(ident) if ident else None)
        elif name in ("created", "updated"):
            moment = issue.created if name == "created" else issue.updated
            fields[name] = format_timestamp(moment, view.zone)
        elif name == "description":
            text = issue.description
            fields[name] = adf.from_text(text) if view.version >= 3 else (text or None)
        elif name == "labels":
            fields[name] = []
        elif name == "timetracking":
            fields[name] = _timetracking(issue, spent, state) if tracking else {}
        elif name in ("timeoriginalestimate", "aggregatetimeoriginalestimate"):
            fields[name] = issue.original_estimate_seconds
        elif name in ("timeestimate", "aggregatetimeestimate"):
            fields[name] = issue.remaining_estimate_seconds
        elif name in ("timespent", "aggregatetimespent"):
            fields[name] = spent or None
        elif name == "worklog":
            page = worklog_page(view, state, state.worklogs_for(issue.key), 0, EMBEDDED_WORKLOGS)
            page["maxResults"] = EMBEDDED_WORKLOGS
            fields[name] = page
    out["fields"] = fields
    return out


def suggested_issue(issue: Issue, terms: list[str]) -> dict[str, Any]:
    """One issue-picker row, with matching words wrapped in <b> like Jira does."""
    summary_html = html.escape(issue.summary)
    for term in terms:
        escaped = html.escape(term)
        lowered = summary_html.lower()
        at = lowered.find(escaped.lower())
        if at >= 0 and escaped:
            found = summary_html[at : at + len(escaped)]
            summary_html = summary_html[:at] + f"<b>{found}</b>" + summary_html[at + len(escaped) :]
    return {
        "id": issue.id,
        "key": issue.key,
        "keyHtml": issue.key,
        "img": "/images/icons/issuetypes/task.svg",
        "summary": summary_html,
        "summaryText": issue.summary,
    }


def errors(messages: list[str], field_errors: dict[str, str] | None = None) -> dict[str, Any]:
    return {"errorMessages": messages, "errors": field_errors or {}}
