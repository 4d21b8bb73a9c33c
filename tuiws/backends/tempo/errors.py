"""Tempo's error answers mapped to the backend-neutral errors, in words a user can act on.

Tempo says `{"errors": [{"message": ...}]}` (sometimes one object instead of a list); 401 and
403 may come as HTML. A 410 means the retired core/3 API: the message names the v4 URL.
"""

from __future__ import annotations

from typing import Any

import httpx

from tuiws.backends import errors as e
from tuiws.backends.http import ErrorMapping, Operation

__all__ = ["V4_URL", "error_messages", "tempo_errors"]

V4_URL = "https://api.tempo.io/4"

# Which domain field a refusal is about, by words Tempo uses in its message.
_FIELD_WORDS = (
    ("work attribute", "attributes"),
    ("timesheet", "date"),
    ("period", "date"),
    ("starttime", "started"),
    ("startdate", "date"),
    ("timespentseconds", "duration"),
    ("billableseconds", "billable"),
    ("description", "comment"),
    ("issue", "issue"),
    ("remainingestimate", "adjust"),
)


def error_messages(body: Any) -> list[str]:
    """The messages of a Tempo error body, whichever of its shapes it takes."""
    if not isinstance(body, dict):
        return []
    raw = body.get("errors")
    items = raw if isinstance(raw, list) else [raw] if raw else []
    if not items and body.get("message"):
        items = [body]
    out: list[str] = []
    for item in items:
        if isinstance(item, dict) and item.get("message"):
            out.append(str(item["message"]))
        elif isinstance(item, str):
            out.append(item)
    return out


def field_of(message: str) -> str:
    text = message.lower().replace(" ", "")
    spaced = message.lower()
    for words, name in _FIELD_WORDS:
        if words in spaced or words.replace(" ", "") in text:
            return name
    return "worklog"


def tempo_errors(base_url: str) -> ErrorMapping:
    """The mapping the transport uses for a Tempo at `base_url`."""

    def error_for(resp: httpx.Response, what: str, op: Operation) -> e.BackendError:
        return _error_for(base_url, resp, what, op)

    return error_for


def _error_for(base_url: str, resp: httpx.Response, what: str, op: Operation) -> e.BackendError:
    try:
        body = resp.json()
    except ValueError:
        body = None
    messages = error_messages(body)
    status = resp.status_code
    said = messages[0] if messages else ""
    if status == 400:
        fields: dict[str, str] = {}
        for message in messages:
            fields.setdefault(field_of(message), message)
        return e.Invalid(
            f"Tempo refused {what}: {said}" if said else f"Tempo refused {what}.",
            fields=fields,
            details=messages[1:],
        )
    if status == 401:
        return e.Unauthenticated(
            f"Tempo at {base_url} did not accept the token. Create one in Tempo › Settings › "
            "API integration (on the universal host api.tempo.io, or your region's) and set it "
            "as the profile's tempo token."
        )
    if status == 403:
        return e.Forbidden(
            f"Tempo refused access to {what}: {said or 'the token lacks a scope for it'}. "
            "A token's scopes are fixed when it is made: create one with this scope.",
            permission=said,
            status=403,
        )
    if status == 404:
        return e.NotFound(
            f"{what[0].upper()}{what[1:]} was not found in Tempo.", status=404, details=messages
        )
    if status == 410:
        return e.Gone(
            f"Tempo has retired the API at {base_url} (core/3 was switched off in 2025). "
            f"Set the profile's tempo url to {V4_URL}.",
            status=410,
            details=messages,
        )
    if status >= 500:
        return e.ServerFailed(
            f"Tempo failed with an internal error ({status}) on {what}.",
            status=status,
            details=messages,
        )
    return e.BackendError(f"Tempo answered {status} for {what}.", status=status, details=messages)
