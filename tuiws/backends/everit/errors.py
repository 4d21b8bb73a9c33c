"""Everit Timetracker's error answers mapped to the backend-neutral errors, in sentences.

A 400 names its problems as `fieldErrors` (an `errorType` and the paths of Everit's fields)
and `additionalErrors` (the instance's rules: period locks, daily and periodic caps, the
license). `Invalid.fields` carries each under the domain's field name with a sentence; 479 is
a missing Timetracker permission; a `WORKLOG_NOT_FOUND` result is NotFound whatever the status.
"""

from __future__ import annotations

import contextlib
from typing import Any

import httpx
from pydantic import ValidationError

from tuiws.backends import errors as e
from tuiws.backends.everit.wire import AdditionalError, ErrorBody, FieldError, WorklogError
from tuiws.backends.http import ErrorMapping, Operation

__all__ = [
    "DOMAIN_FIELD",
    "NOT_FOUND",
    "PERMISSION_STATUS",
    "TIMETRACKER_PERMISSION",
    "additional_problem",
    "everit_errors",
    "field_problem",
    "not_found",
]

NOT_FOUND = "WORKLOG_NOT_FOUND"
PERMISSION_STATUS = 479
TIMETRACKER_PERMISSION = "a Timetracker permission (Everit › Global Settings › Permissions)"

DOMAIN_FIELD = {
    "workDate": "started",
    "workStartTime": "started",
    "x-timezone": "started",
    "durationInSeconds": "duration",
    "issueId": "issue",
    "description": "comment",
    "isBillable": "billable",
    "worklogTagIds": "tags",
    "worklogId": "worklog",
    "jiraWorklogId": "worklog",
    "startDate": "window",
    "endDate": "window",
    "users": "window",
}
"""Everit's field names → the domain's."""

_WHAT = {
    "workDate": "the work date",
    "workStartTime": "the start time",
    "x-timezone": "the time zone",
    "durationInSeconds": "the duration",
    "issueId": "the issue",
    "description": "the description",
    "isBillable": "the billable flag",
    "worklogTagIds": "the tags",
    "worklogId": "the worklog",
    "jiraWorklogId": "the worklog",
}

_FIELD_SENTENCE = {
    "Required": "Everit needs {what}.",
    "Invalid": "Everit refused {what} as invalid.",
    "InvalidByJira": "Jira refused {what}.",
    "InvalidFormat": "Everit could not read {what}.",
    "Exceed": "{What} is longer or larger than Everit allows.",
    "LoggablePeriod": "{What} is in a period Everit does not let you log into.",
    "MaxHoursPerDay": "This would take the day over Everit's maximum hours per day.",
    "TooManyPeriodicIssues": "Too many issues for one period in Everit.",
}
_SPECIFIC = {
    ("Invalid", "issueId"): "Everit refused the issue: it does not exist or you may not log "
    "work on it.",
    ("Invalid", "durationInSeconds"): "Everit needs at least one minute.",
    ("Invalid", "worklogTagIds"): "A tag is unknown to Everit or archived.",
    ("Invalid", "x-timezone"): "Everit does not know the profile's time zone; set `zone` to an "
    "IANA name such as Europe/Berlin.",
}


def _field_of(path: list[str]) -> str:
    """The Everit field a path names (`["partialWorklog", "worklogTagIds", "0"]`)."""
    named = [p for p in path if p in DOMAIN_FIELD]
    if named:
        return named[-1]
    plain = [p for p in path if not p.isdigit() and p != "partialWorklog"]
    return plain[-1] if plain else "request"


def field_problem(error: FieldError) -> list[tuple[str, str]]:
    """(domain field, sentence) for each path of one `fieldErrors` entry."""
    out: list[tuple[str, str]] = []
    for path in error.names or [[]]:
        name = _field_of(path)
        what = _WHAT.get(name, f"`{name}`")
        template = _SPECIFIC.get((error.error_type, name)) or _FIELD_SENTENCE.get(
            error.error_type, "Everit refused {what} (" + error.error_type + ")."
        )
        sentence = template.format(what=what, What=what[0].upper() + what[1:])
        out.append((DOMAIN_FIELD.get(name, name), sentence))
    return out


def _hours(seconds: Any) -> str:
    try:
        value = float(seconds) / 3600
    except (TypeError, ValueError):
        return "the allowed"
    return f"{value:g} h"


def _extra(extra: Any, key: str) -> Any:
    return extra.get(key) if isinstance(extra, dict) else None


def additional_problem(error: AdditionalError) -> tuple[str, str]:
    """(domain field, sentence) for one `additionalErrors` entry: the instance's rules."""
    kind, extra = error.error_type, error.extra
    if kind == "PeriodicLoggablePeriod":
        since = _extra(extra, "loggableFrom")
        where = f" Everit accepts worklogs from {since} on." if since else ""
        return "started", f"That day is in a closed period: it can no longer be changed.{where}"
    if kind == "PeriodicMaxHoursPerDay":
        cap = _extra(extra, "maxHoursPerDay")
        day = _extra(extra, "workDate")
        limit = f"{float(cap):g} h" if isinstance(cap, int | float) else "the maximum hours"
        on = f" on {day}" if day else ""
        return "duration", f"This would take the day{on} over Everit's limit of {limit} a day."
    if kind == "PeriodicLimit":
        period = str(_extra(extra, "period") or "period").lower()
        limit = _hours(_extra(extra, "limitInSeconds"))
        return "duration", f"This would go over Everit's limit of {limit} a {period}."
    if kind == "NoActiveLicense":
        return "backend", (
            "Everit Timetracker has no active license on this Jira site; ask a Jira "
            "administrator to renew it."
        )
    if kind == "JiraError":
        messages = _extra(extra, "messages")
        said = "; ".join(str(m) for m in messages) if isinstance(messages, list) else ""
        return "issue", f"Jira refused the worklog{': ' + said if said else '.'}"
    if kind in ("TooManyDataForTimesheet", "TooManyWorklogsToExport"):
        return "window", "Too many worklogs for one Everit report; choose a shorter period."
    if kind == "ManualUpgradeNeeded":
        return "backend", "Everit Timetracker needs an administrator to approve an upgrade."
    return "backend", f"Everit refused the request ({kind or 'no reason given'})."


def not_found(error: WorklogError | None, what: str) -> e.NotFound | None:
    """NotFound when Everit's answer says the worklog is missing (on a 200 or a 400)."""
    if error is None or error.result != NOT_FOUND:
        return None
    return e.NotFound(f"{what[0].upper()}{what[1:]} was not found in Everit.", status=404)


def everit_errors(base_url: str) -> ErrorMapping:
    """The mapping the transport uses for an Everit at `base_url`."""

    def error_for(resp: httpx.Response, what: str, op: Operation) -> e.BackendError:
        return _error_for(base_url, resp, what, op)

    return error_for


def _items(raw: dict[str, Any], key: str) -> list[Any]:
    found = raw.get(key)
    return found if isinstance(found, list) else []


def _body(resp: httpx.Response) -> ErrorBody:
    """What of the body can be read; a malformed part is skipped, not the whole answer."""
    try:
        raw = resp.json()
    except ValueError:
        return ErrorBody()
    if not isinstance(raw, dict):
        return ErrorBody()
    body = ErrorBody()
    for item in _items(raw, "fieldErrors"):
        with contextlib.suppress(ValidationError):
            body.field_errors.append(FieldError.model_validate(item))
    for item in _items(raw, "additionalErrors"):
        with contextlib.suppress(ValidationError):
            body.additional_errors.append(AdditionalError.model_validate(item))
    with contextlib.suppress(ValidationError):
        body.error = WorklogError.model_validate(raw.get("error"))
    return body


def _error_for(base_url: str, resp: httpx.Response, what: str, op: Operation) -> e.BackendError:
    status = resp.status_code
    body = _body(resp) if resp.content else ErrorBody()
    if (missing := not_found(body.error, what)) is not None:
        return missing
    if status == 400:
        return invalid(body, what)
    if status == 401:
        return e.Unauthenticated(
            f"Everit at {base_url} did not accept the API key. Create one in Everit "
            "Timetracker › Settings › API token and put it in the profile's [everit] section."
        )
    if status == PERMISSION_STATUS:
        return e.Forbidden(
            f"Everit refused {what}: this account lacks {TIMETRACKER_PERMISSION}; ask a "
            "Timetracker administrator to grant it.",
            permission=TIMETRACKER_PERMISSION,
            status=PERMISSION_STATUS,
        )
    if status == 403:
        return e.Forbidden(f"Everit refused access to {what}.", status=403)
    if status == 404:
        return e.NotFound(
            f"Everit has nothing at {resp.request.url.path}: check the profile's Everit URL.",
            status=404,
        )
    if status >= 500:
        return e.ServerFailed(
            f"Everit failed with an internal error ({status}) on {what}.", status=status
        )
    return e.BackendError(f"Everit answered {status} for {what}.", status=status)


def invalid(body: ErrorBody, what: str) -> e.Invalid:
    """Every problem of a 400, each under its domain field (the first sentence leads)."""
    problems = [p for f in body.field_errors for p in field_problem(f)]
    problems += [additional_problem(a) for a in body.additional_errors]
    fields: dict[str, str] = {}
    for name, sentence in problems:
        fields[name] = f"{fields[name]} {sentence}" if name in fields else sentence
    if problems:
        message = f"Everit refused {what}: {problems[0][1]}"
    else:
        message = f"Everit refused {what} without saying why."
    return e.Invalid(message, fields=fields, details=[s for _, s in problems[1:]])
