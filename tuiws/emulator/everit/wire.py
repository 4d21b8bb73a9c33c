"""Everit's side of the wire: its 400 body (`fieldErrors`, `additionalErrors`), what a
handler gets (with the `x-timezone` zone), and how a worklog looks in that zone."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from ..calls import Reply
from ..models import User, Worklog
from ..state import EmulatorState
from .store import EveritStore

Path = list[str]


class EveritError(Exception):
    """Everit said no. A 400 carries every field and rule problem at once."""

    def __init__(
        self,
        status: int = 400,
        field_errors: list[tuple[str, list[Path]]] | None = None,
        additional: list[tuple[str, Any]] | None = None,
        body: Any = None,
    ) -> None:
        super().__init__(f"{status}: {field_errors or additional or body}")
        self.status = status
        self.field_errors = list(field_errors or [])
        self.additional = list(additional or [])
        self.body = body

    def reply(self) -> Reply:
        if self.body is not None:
            return Reply(self.status, self.body)
        return Reply(
            self.status,
            {
                "fieldErrors": [{"errorType": k, "paths": p} for k, p in self.field_errors],
                "additionalErrors": [{"errorType": k, "extra": x} for k, x in self.additional],
            },
        )


def not_found(worklog_id: int | None) -> dict[str, Any]:
    return {"error": {"message": None, "result": "WORKLOG_NOT_FOUND", "worklogId": worklog_id}}


@dataclass
class EveritCall:
    state: EmulatorState
    store: EveritStore
    user: User
    zone: tzinfo  # from x-timezone, UTC when absent
    method: str
    query: dict[str, list[str]]
    body: bytes
    problems: list[tuple[str, list[Path]]] = field(default_factory=list)

    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def json(self) -> dict[str, Any]:
        try:
            data = json.loads(self.body) if self.body.strip() else None
        except (ValueError, UnicodeDecodeError):
            data = None
        if not isinstance(data, dict):
            raise EveritError(400, [("InvalidFormat", [["body"]])])
        return data

    def problem(self, kind: str, *path: str) -> None:
        self.problems.append((kind, [list(path)]))

    def raise_problems(self) -> None:
        if self.problems:
            raise EveritError(400, self.problems)

    def local(self, worklog: Worklog) -> datetime:
        return worklog.started.astimezone(self.zone)


def worklog_json(call: EveritCall, worklog: Worklog) -> dict[str, Any]:
    """A worklog as Everit answers it: its day and start time in the request's zone."""
    extra = call.store.extra(worklog.id)
    local = call.local(worklog)
    return {
        "description": call.state.comment_text(worklog),
        "durationInSeconds": worklog.time_spent_seconds,
        "isBillable": extra.is_billable,
        "issueId": worklog.issue_id,
        "jiraWorklogId": worklog.id,
        "workDate": local.date().isoformat(),
        "worklogId": call.store.ids.own_id(worklog.id),
        "worklogTagIds": list(extra.tag_ids),
        "workStartTime": local.strftime("%H:%M"),
    }
