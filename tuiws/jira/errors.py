"""Typed errors for what Jira or the network can answer, with messages a user can act on."""

from __future__ import annotations

from typing import Any


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


def error_messages(body: Any) -> tuple[list[str], dict[str, str]]:
    """Pull Jira's ErrorCollection (`errorMessages`, `errors`) out of any response body."""
    if not isinstance(body, dict):
        return [], {}
    messages = [str(m) for m in body.get("errorMessages") or [] if m]
    errors_raw = body.get("errors") or {}
    errors = {str(k): str(v) for k, v in errors_raw.items()} if isinstance(errors_raw, dict) else {}
    return messages, errors
