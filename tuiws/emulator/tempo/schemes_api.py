"""Tempo's settings a timesheet needs: work attributes, the global configuration, each
person's schedule (required seconds a day, holidays) and timesheet approvals."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ..calls import Reply
from .store import LOCKING, WorkAttribute
from .wire import TempoCall, TempoError, local_start, page, parse_date

MAX_SCHEDULE_DAYS = 366


def _attribute_json(call: TempoCall, attribute: WorkAttribute, api: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "self": f"{call.base_url}/{api}/work-attributes/{attribute.key}",
        "key": attribute.key,
        "name": attribute.name,
        "type": attribute.type,
        "required": attribute.required,
    }
    if attribute.values:
        out["values"] = list(attribute.values)
        out["names"] = dict(attribute.names)
    return out


def work_attributes(call: TempoCall) -> Reply:
    api = "core/3" if call.path.startswith("/core/3") else "4"
    found = [_attribute_json(call, a, api) for a in call.store.attributes]
    return Reply(200, page(call, found, call.path))


def global_configuration(call: TempoCall) -> Reply:
    return Reply(
        200,
        {
            "self": call.url(call.path),
            "allowLoggingOnClosedAccounts": False,
            "approvalPeriod": "WEEKLY",
            "approvalWeekStart": "MONDAY",
            "weekStart": "MONDAY",
            "numberOfDaysAllowedIntoFuture": 30,
            "maxHoursPerDayPerUser": 24,
            "remainingEstimateOptional": True,
            "startAndEndTimesEnabled": True,
        },
    )


def _range(call: TempoCall) -> tuple[Any, Any]:
    start = parse_date(call.arg("from"), "from")
    end = parse_date(call.arg("to"), "to")
    if start > end:
        raise TempoError(400, "'from' must not be after 'to'.")
    if (end - start).days >= MAX_SCHEDULE_DAYS:
        raise TempoError(400, f"At most {MAX_SCHEDULE_DAYS} days at a time.")
    return start, end


def user_schedule(call: TempoCall) -> Reply:
    """`/4/user-schedule` (the token's user) or `/4/user-schedule/{accountId}`."""
    account = call.params.get("account", call.user.account_id)
    if call.state.find_user(account) is None:
        raise TempoError(404, f"No user with accountId '{account}'.")
    start, end = _range(call)
    days: list[dict[str, Any]] = []
    day = start
    with call.state.lock:
        while day <= end:
            seconds, kind, holiday = call.store.required_seconds(account, day)
            entry: dict[str, Any] = {
                "date": day.isoformat(),
                "requiredSeconds": seconds,
                "type": kind,
            }
            if holiday is not None:
                entry["holiday"] = {"name": holiday, "durationSeconds": seconds}
            days.append(entry)
            day += timedelta(days=1)
    body = {
        "self": call.url(call.path, {"from": call.arg("from"), "to": call.arg("to")}),
        "metadata": {"count": len(days)},
        "results": days,
    }
    return Reply(200, body)


def timesheet_approval(call: TempoCall) -> Reply:
    """The weekly approval period holding `from` for one person, with its status."""
    account = call.params["account"]
    person = call.state.find_user(account)
    if person is None:
        raise TempoError(404, f"No user with accountId '{account}'.")
    start, _end = _range(call)
    with call.state.lock:
        first, last, status = call.store.approval(account, start)
        required = 0
        day = first
        while day <= last:
            required += call.store.required_seconds(account, day)[0]
            day += timedelta(days=1)
        spent = sum(
            w.time_spent_seconds
            for w in call.state.all_worklogs()
            if w.author == account and first <= local_start(call.state, w).date() <= last
        )
    period = {"from": first.isoformat(), "to": last.isoformat()}
    body: dict[str, Any] = {
        "self": call.url(call.path, period),
        "period": period,
        "requiredSeconds": required,
        "timeSpentSeconds": spent,
        "status": {"key": status, "requiredSecondsAtSubmit": required if status in LOCKING else 0},
        "user": {"accountId": account},
        "worklogs": {"self": call.url(f"/4/worklogs/user/{account}", period)},
    }
    return Reply(200, body)
