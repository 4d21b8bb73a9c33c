"""Typed errors for what Jira or the network can answer, with messages a user can act on."""

from __future__ import annotations

from typing import Any

from tuiws.domain.terminal_text import terminal_line

# An error body is the server's to choose: keep what a person can read, and no more.
MAX_ERROR_MESSAGES = 20
MAX_ERROR_CHARS = 500


class JiraError(Exception):
    """Base of every failure reported by Jira or by the way there. Messages never carry secrets."""

    status: int | None = None

    def __init__(
        self, message: str, *, status: int | None = None, details: list[str] | None = None
    ):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        self.details = details or []

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return self.message + "\n" + "\n".join(f"  - {d}" for d in self.details)


class BadRequestError(JiraError):
    """400: Jira refused the request body or parameters; `field_errors` says which field."""

    status = 400

    def __init__(
        self,
        message: str,
        *,
        field_errors: dict[str, str] | None = None,
        details: list[str] | None = None,
    ):
        super().__init__(message, status=400, details=details)
        self.field_errors = field_errors or {}


class AuthenticationError(JiraError):
    status = 401


class PermissionDeniedError(JiraError):
    status = 403


class NotFoundError(JiraError):
    status = 404


class GoneError(JiraError):
    status = 410


class WorklogLimitError(JiraError):
    status = 413


class RateLimitedError(JiraError):
    """429 (or 503) still answered after every allowed retry."""

    status = 429


class ServerError(JiraError):
    status = 500


class NetworkError(JiraError):
    """The request never got an answer: DNS, refused connection, TLS failure, timeout."""


class UnknownOutcomeError(NetworkError):
    """A write was sent but no answer came back: it may or may not have been applied."""


class TlsError(NetworkError):
    pass


class InvalidReferenceError(JiraError):
    """An issue key or worklog id that cannot go into a URL path: nothing was sent."""


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
