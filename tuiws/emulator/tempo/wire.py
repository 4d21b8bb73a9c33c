"""Tempo's side of the wire: its error shape, what a handler gets, and how worklogs look."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import quote, urlencode

from ..calls import Reply
from ..models import User, Worklog
from ..state import EmulatorState
from .store import TempoStore

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_RE = re.compile(r"^\d{2}:\d{2}:\d{2}$")
MAX_LIMIT = 1000
DEFAULT_LIMIT = 50


class TempoError(Exception):
    """Tempo said no: `{"errors": [{"message": ...}]}` with `status`."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message
        self.headers = dict(headers or {})

    def reply(self) -> Reply:
        return Reply(self.status, {"errors": [{"message": self.message}]}, self.headers)


@dataclass
class TempoCall:
    """One Tempo request as a handler sees it."""

    state: EmulatorState
    store: TempoStore
    user: User
    method: str
    path: str  # below the Tempo base, e.g. /4/worklogs
    query: dict[str, list[str]]
    body: bytes
    base_url: str  # {emulator}/tempo
    jira_url: str  # {emulator}
    params: dict[str, str] = field(default_factory=dict)

    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def args(self, name: str) -> list[str]:
        return [v for v in self.query.get(name, []) if v != ""]

    def json(self) -> Any:
        if not self.body.strip():
            raise TempoError(400, "A request body is required.")
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError):
            raise TempoError(400, "The request body is not valid JSON.") from None

    def url(self, path: str, params: dict[str, Any] | None = None) -> str:
        shown = {k: v for k, v in (params or {}).items() if v is not None}
        tail = f"?{urlencode(shown, doseq=True)}" if shown else ""
        return f"{self.base_url}{path}{tail}"

    def page_args(self) -> tuple[int, int]:
        """(offset, limit): limit at most 1000, Tempo's ceiling."""
        offset = _int(self.arg("offset"), "offset", 0)
        limit = _int(self.arg("limit"), "limit", DEFAULT_LIMIT)
        if offset < 0 or limit < 1:
            raise TempoError(400, "offset must be 0 or more and limit 1 or more.")
        return offset, min(limit, MAX_LIMIT)


def _int(raw: str | None, name: str, default: int) -> int:
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise TempoError(400, f"Invalid value for '{name}': {raw!r} is not a number.") from None


def parse_date(raw: object, name: str) -> date:
    if not isinstance(raw, str) or not DATE_RE.match(raw):
        raise TempoError(400, f"{name} must be a date in the format yyyy-MM-dd, got {raw!r}.")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise TempoError(400, f"{name} is not a real date: {raw!r}.") from None


def parse_time(raw: object, name: str = "startTime") -> time:
    if not isinstance(raw, str) or not TIME_RE.match(raw):
        raise TempoError(400, f"{name} must be a time in the format HH:mm:ss, got {raw!r}.")
    try:
        return time.fromisoformat(raw)
    except ValueError:
        raise TempoError(400, f"{name} is not a real time: {raw!r}.") from None


def parse_moment(raw: str, name: str) -> datetime:
    """`updatedFrom`: a date (midnight UTC) or an ISO date-time (`Z` or an offset)."""
    if DATE_RE.match(raw):
        return datetime.combine(parse_date(raw, name), time(), tzinfo=UTC)
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise TempoError(400, f"{name} must be yyyy-MM-dd or yyyy-MM-ddTHH:mm:ssZ.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def author_zone(state: EmulatorState, worklog: Worklog) -> Any:
    author = state.find_user(worklog.author)
    return author.zone if author else UTC


def local_start(state: EmulatorState, worklog: Worklog) -> datetime:
    """Tempo's startDate/startTime: the start in the author's own zone."""
    return worklog.started.astimezone(author_zone(state, worklog))


def worklog_json(call: TempoCall, worklog: Worklog, *, core3: bool = False) -> dict[str, Any]:
    """v4: the issue by id and the author by account id only; core/3 adds the key and name."""
    state, store = call.state, call.store
    tempo_id = store.ids.own_id(worklog.id)
    extra = store.extra(worklog.id)
    issue = state.issue_of(worklog)
    local = local_start(state, worklog)
    api = "core/3" if core3 else "4"
    billable = extra.billable_seconds
    issue_json: dict[str, Any] = {
        "self": f"{call.jira_url}/rest/api/2/issue/{issue.id}",
        "id": issue.id,
    }
    author_json: dict[str, Any] = {
        "self": f"{call.jira_url}/rest/api/2/user?accountId={quote(worklog.author)}",
        "accountId": worklog.author,
    }
    if core3:
        issue_json["key"] = issue.key
        author = state.find_user(worklog.author)
        author_json["displayName"] = author.display_name if author else ""
    return {
        "self": f"{call.base_url}/{api}/worklogs/{tempo_id}",
        "tempoWorklogId": tempo_id,
        "jiraWorklogId": worklog.id,
        "issue": issue_json,
        "timeSpentSeconds": worklog.time_spent_seconds,
        "billableSeconds": worklog.time_spent_seconds if billable is None else billable,
        "startDate": local.date().isoformat(),
        "startTime": local.strftime("%H:%M:%S"),
        "startDateTimeUtc": utc_text(worklog.started),
        "description": state.comment_text(worklog),
        "createdAt": utc_text(worklog.created),
        "updatedAt": utc_text(worklog.updated),
        "author": author_json,
        "attributes": {
            "self": f"{call.base_url}/{api}/worklogs/{tempo_id}/work-attribute-values",
            "values": [{"key": k, "value": v} for k, v in extra.attributes.items()],
        },
    }


def page(call: TempoCall, items: list[dict[str, Any]], path: str) -> dict[str, Any]:
    """A Tempo page: `metadata {count, offset, limit, next?, previous?}` and `results`."""
    offset, limit = call.page_args()
    shown = items[offset : offset + limit]
    params = {k: v for k, v in call.query.items() if k not in ("offset", "limit")}
    metadata: dict[str, Any] = {"count": len(shown), "offset": offset, "limit": limit}
    if offset + limit < len(items):
        metadata["next"] = call.url(path, {**params, "offset": offset + limit, "limit": limit})
    if offset > 0:
        metadata["previous"] = call.url(
            path, {**params, "offset": max(0, offset - limit), "limit": limit}
        )
    return {
        "self": call.url(path, {**params, "offset": offset, "limit": limit}),
        "metadata": metadata,
        "results": shown,
    }
