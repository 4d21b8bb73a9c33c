"""Jira's error answers mapped to the backend-neutral errors, with messages a user can act on.

Jira's ErrorCollection names fields by its own keys (`timeSpentSeconds`, `newEstimate`…);
`Invalid.fields` carries them in the domain's names instead (`DOMAIN_FIELD`).
"""

from __future__ import annotations

from typing import Any

import httpx

from tuiws.backends import errors as e
from tuiws.backends.http import ErrorMapping, Operation
from tuiws.domain.terminal_text import terminal_line

__all__ = ["DOMAIN_FIELD", "MAX_ERROR_CHARS", "MAX_ERROR_MESSAGES", "error_messages", "jira_errors"]

# An error body is the server's to choose: keep what a person can read, and no more.
MAX_ERROR_MESSAGES = 20
MAX_ERROR_CHARS = 500

_PERMISSION_FOR: dict[Operation, str] = {
    "read": "Browse projects",
    "add": "Browse projects and Work on issues",
    "update": "Edit own worklogs (Edit all worklogs for someone else's)",
    "delete": "Delete own worklogs (Delete all worklogs for someone else's)",
}

DOMAIN_FIELD = {
    "started": "started",
    "timeSpent": "duration",
    "timeSpentSeconds": "duration",
    "timeLogged": "duration",
    "comment": "comment",
    "newEstimate": "adjust",
    "reduceBy": "adjust",
    "increaseBy": "adjust",
    "adjustEstimate": "adjust",
}
"""Jira's 400 `errors` keys → the domain's field names."""


def error_messages(body: Any) -> tuple[list[str], dict[str, str]]:
    """Pull Jira's ErrorCollection (`errorMessages`, `errors`) out of any response body.

    Whatever the shape (`{"errorMessages": 5}`, a string, nested objects), the answer is a
    short list of printable lines: never an exception, never a terminal control character.
    """
    if not isinstance(body, dict):
        return [], {}
    raw_messages = body.get("errorMessages")
    if isinstance(raw_messages, str):
        raw_messages = [raw_messages]
    messages = [_printable(m) for m in _items(raw_messages) if m not in (None, "", [], {})][
        :MAX_ERROR_MESSAGES
    ]
    errors_raw = body.get("errors")
    errors: dict[str, str] = {}
    if isinstance(errors_raw, dict):
        for k, v in list(errors_raw.items())[:MAX_ERROR_MESSAGES]:
            errors[_printable(k)] = _printable(v)
    return messages, errors


def _items(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _printable(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = terminal_line(text)
    return text if len(text) <= MAX_ERROR_CHARS else text[: MAX_ERROR_CHARS - 1] + "…"


def jira_errors(base_url: str) -> ErrorMapping:
    """The mapping the transport uses for a Jira at `base_url`."""

    def error_for(resp: httpx.Response, what: str, op: Operation) -> e.BackendError:
        return _error_for(base_url, resp, what, op)

    return error_for


def _error_for(base_url: str, resp: httpx.Response, what: str, op: Operation) -> e.BackendError:
    try:
        body = resp.json()
    except ValueError:
        body = None
    messages, fields = error_messages(body)
    status = resp.status_code
    details = messages + [f"{k}: {v}" for k, v in fields.items()]
    if status == 400:
        return e.Invalid(
            _bad_request_message(what, op, messages, fields),
            fields={DOMAIN_FIELD.get(k, k): v for k, v in fields.items()},
            details=details,
        )
    if status == 401:
        return e.Unauthenticated(
            f"Jira at {base_url} did not accept the credentials. Check the email and "
            "API token (Cloud) or the personal access token (Server/DC), and that the "
            "token has not expired."
        )
    if status == 403:
        permission = _PERMISSION_FOR[op]
        return e.Forbidden(
            f"Jira refused access to {what}: this account needs the "
            f"'{permission}' permission in that project.",
            permission=permission,
            status=403,
            details=messages,
        )
    if status == 404:
        return e.NotFound(
            f"{what[0].upper()}{what[1:]} was not found, or this account may not browse it.",
            status=404,
            details=messages,
        )
    if status == 410:
        return e.Gone(
            f"Jira has removed the endpoint used for {what}.", status=410, details=messages
        )
    if status == 413:
        return e.LimitReached(
            f"{what[0].upper()}{what[1:]} has reached Jira's limit of worklogs per issue; "
            "log the time on another issue (or ask an admin to archive old worklogs).",
            status=413,
            details=messages,
        )
    if status >= 500:
        hint = ""
        text = " ".join(messages).lower()
        if op in ("add", "update") and ("date" in text or "pars" in text):
            hint = " Jira failed to read the start time (`started`)."
        return e.ServerFailed(
            f"Jira failed with an internal error ({status}) on {what}.{hint}",
            status=status,
            details=messages,
        )
    return e.BackendError(f"Jira answered {status} for {what}.", status=status, details=details)


def _bad_request_message(
    what: str, op: Operation, messages: list[str], fields: dict[str, str]
) -> str:
    if "comment" in fields:
        return (
            f"Jira refused the comment for {what}: Cloud wants an Atlassian Document, "
            "Server/DC a plain string. Check the profile's flavor."
        )
    if "started" in fields:
        return f"Jira refused the start time for {what}: {fields['started']}"
    if fields:
        name, text = next(iter(fields.items()))
        return f"Jira refused {name} for {what}: {text}"
    if messages:
        return f"Jira refused the request for {what}: {messages[0]}"
    if op in ("add", "update", "delete"):
        return (
            f"Jira refused the worklog for {what} without saying why. The usual cause is that "
            "time tracking is switched off for this project, or the issue cannot be edited."
        )
    return f"Jira refused the request for {what}."
