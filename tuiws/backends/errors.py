"""What a worklog API or the way to it can answer, in the product's terms.

Every adapter maps its own answers onto these (`Invalid` names fields in the domain's
vocabulary: issue, started, duration, comment, adjust), so the services and the UI catch one
set of errors whatever the backend. Messages are for users and never carry secrets.
"""

from __future__ import annotations

__all__ = [
    "BackendError",
    "BadReference",
    "FeedUnavailable",
    "Forbidden",
    "Gone",
    "Invalid",
    "LimitReached",
    "NotFound",
    "RateLimited",
    "ServerFailed",
    "TlsFailed",
    "Unauthenticated",
    "Unavailable",
    "UnknownOutcome",
    "Unreachable",
]


class BackendError(Exception):
    """Base of every failure reported by a backend or by the way there."""

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


class BadReference(BackendError):
    """An issue key or worklog id that cannot go into a request: nothing was sent."""


class Invalid(BackendError):
    """The backend refused what was sent; `fields` says which field (domain names) and why."""

    status = 400

    def __init__(
        self,
        message: str,
        *,
        fields: dict[str, str] | None = None,
        details: list[str] | None = None,
    ):
        super().__init__(message, status=400, details=details)
        self.fields = fields or {}


class Unauthenticated(BackendError):
    """The credentials were not accepted."""

    status = 401


class Forbidden(BackendError):
    """Signed in, but this account lacks `permission` for what was asked."""

    status = 403

    def __init__(
        self,
        message: str,
        *,
        permission: str = "",
        status: int | None = None,
        details: list[str] | None = None,
    ):
        super().__init__(message, status=status, details=details)
        self.permission = permission


class NotFound(BackendError):
    """The thing asked for does not exist, or this account may not see it."""

    status = 404


class Gone(BackendError):
    """The backend removed the endpoint used for this."""

    status = 410


class LimitReached(BackendError):
    """A limit of the backend's (e.g. worklogs per issue) is reached."""

    status = 413


class RateLimited(BackendError):
    """Still refused for load (429, 503) after every allowed retry."""

    status = 429


class Unavailable(BackendError):
    """No usable answer came: the backend failed, or could not be reached."""


class ServerFailed(Unavailable):
    """The backend answered with an internal error (5xx)."""

    status = 500


class Unreachable(Unavailable):
    """The request never got an answer: DNS, refused connection, TLS failure, timeout."""


class UnknownOutcome(Unreachable):
    """A write was sent but its answer was lost: it may or may not have been applied."""


class TlsFailed(Unreachable):
    """A secure connection could not be made (certificate checks are never switched off)."""


class FeedUnavailable(BackendError):
    """This backend's change feed cannot carry an incremental sync (missing or thin)."""
