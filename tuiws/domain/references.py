"""Which worklog ids and issue references may go into a URL path, checked before one is built.

An id such as `200060/../200061` would otherwise reach another worklog (the path is
normalised on the way), and `TT-1?a=b` or `../../../myself` another endpoint. Jira's
worklog ids are positive longs; an issue is named by its key (`PROJ-12`: a letter, then
letters, digits or underscores, a dash, a number) or by its numeric id.
"""

from __future__ import annotations

import re

from tuiws.domain.terminal_text import shown

__all__ = [
    "InvalidReference",
    "MAX_ID_DIGITS",
    "MAX_PROJECT_KEY_CHARS",
    "check_issue_reference",
    "check_worklog_id",
]

MAX_ID_DIGITS = 19
"""Jira's ids are Java longs: at most 19 digits (9223372036854775807)."""
MAX_PROJECT_KEY_CHARS = 255
"""Jira's limit for a project key (the default pattern allows far fewer)."""
_LONG_MAX = 2**63 - 1

_DIGITS = re.compile(rf"[0-9]{{1,{MAX_ID_DIGITS}}}")
_KEY = re.compile(
    rf"[A-Za-z][A-Za-z0-9_]{{0,{MAX_PROJECT_KEY_CHARS - 1}}}-[0-9]{{1,{MAX_ID_DIGITS}}}"
)


class InvalidReference(ValueError):
    """An id or key that cannot name a Jira object; nothing was sent."""


def _is_long(text: str) -> bool:
    # fullmatch, not match: `$` would accept a trailing newline.
    return _DIGITS.fullmatch(text) is not None and 0 < int(text) <= _LONG_MAX


def check_worklog_id(text: str) -> str:
    """`text` when it is a worklog id (digits only, a positive long), else `InvalidReference`."""
    if not _is_long(text):
        raise InvalidReference(
            f"{shown(text)} is not a worklog id: use the number `tuiws worklogs` shows "
            "(digits only, e.g. 10042)"
        )
    return text


def check_issue_reference(text: str) -> str:
    """`text` when it is an issue key (`PROJ-12`) or a numeric issue id, else
    `InvalidReference`. Case is kept: Jira accepts either in a path."""
    key = _KEY.fullmatch(text)
    if (key is not None and _is_long(text.rsplit("-", 1)[1])) or _is_long(text):
        return text
    raise InvalidReference(
        f"{shown(text)} is not an issue key such as PLAT-12 (nor a numeric issue id)"
    )
