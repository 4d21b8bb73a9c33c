"""Tempo core/3 (the seed's API, retired by real Tempo in 2025): issue keys instead of ids,
`updatedFrom` only on its own, and the same worklogs underneath."""

from __future__ import annotations

from ..calls import Reply
from . import writes
from .reads import Filter, select
from .wire import TempoCall, TempoError, page, parse_date, parse_moment, worklog_json


def _listing(call: TempoCall, wanted: Filter) -> Reply:
    with call.state.lock:
        found = [worklog_json(call, w, core3=True) for w in select(call, wanted)]
    return Reply(200, page(call, found, call.path))


def _dated(call: TempoCall, wanted: Filter) -> Filter:
    if call.arg("from"):
        wanted.start = parse_date(call.arg("from"), "from")
    if call.arg("to"):
        wanted.end = parse_date(call.arg("to"), "to")
    return wanted


def worklogs(call: TempoCall) -> Reply:
    filters = [name for name in ("project", "issue", "from", "to") if call.args(name)]
    updated = call.arg("updatedFrom")
    if updated and filters:
        raise TempoError(
            400,
            "updatedFrom cannot be combined with other filters "
            f"({', '.join(filters)}): send it on its own.",
        )
    wanted = Filter(
        project_keys={k.upper() for k in call.args("project")},
        issue_keys={k.upper() for k in call.args("issue")},
    )
    if updated:
        wanted.updated_from = parse_moment(updated, "updatedFrom")
    return _listing(call, _dated(call, wanted))


def user_worklogs(call: TempoCall) -> Reply:
    return _listing(call, _dated(call, Filter(authors={call.params["account"]})))


def get_worklog(call: TempoCall) -> Reply:
    with call.state.lock:
        return Reply(200, worklog_json(call, writes.find(call, call.params["id"]), core3=True))


def by_jira_id(call: TempoCall) -> Reply:
    raw = call.params["jira"]
    with call.state.lock:
        own = call.store.ids.own_id(int(raw)) if raw.isdigit() else None
        if own is None:
            raise TempoError(404, f"Worklog with Jira id {raw} not found.")
        return Reply(200, worklog_json(call, writes.find(call, str(own)), core3=True))


def create_worklog(call: TempoCall) -> Reply:
    with call.state.lock:
        draft = writes.read_draft(call, core3=True, creating=True)
        return Reply(200, worklog_json(call, writes.create(call, draft), core3=True))


def update_worklog(call: TempoCall) -> Reply:
    with call.state.lock:
        worklog = writes.find(call, call.params["id"])
        draft = writes.read_draft(call, core3=True, creating=False)
        writes.replace(call, worklog, draft)
        return Reply(200, worklog_json(call, worklog, core3=True))


def delete_worklog(call: TempoCall) -> Reply:
    with call.state.lock:
        writes.remove(call, writes.find(call, call.params["id"]))
    return Reply(204)
