"""Issue keys and worklog ids as URL path segments, checked before any path is built.

Callers other than the command line exist, so the client checks them too: an id such as
`200060/../200061` would otherwise reach another worklog, `TT-1?a=b` another endpoint.
"""

from __future__ import annotations

from tuiws.backends import errors as e
from tuiws.domain.references import InvalidReference, check_issue_reference, check_worklog_id

__all__ = ["issue_in_path", "worklog_path"]


def issue_in_path(key: str) -> str:
    """The key or id as a path segment, checked here too: callers other than the CLI exist."""
    try:
        return check_issue_reference(key)
    except InvalidReference as exc:
        raise e.BadReference(str(exc)) from None


def worklog_path(key: str, worklog_id: str) -> str:
    """`issue/KEY/worklog/ID`, both parts checked before they become a path."""
    try:
        checked = check_worklog_id(str(worklog_id))
    except InvalidReference as exc:
        raise e.BadReference(str(exc)) from None
    return f"issue/{issue_in_path(key)}/worklog/{checked}"
