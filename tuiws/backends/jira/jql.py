"""The JQL tuiws writes: quoting, and the searches for worklogs in a window of days."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

__all__ = [
    "AUTHORS_PER_SEARCH",
    "authors_window",
    "ids_in",
    "jql_string",
    "looks_like_jql",
    "own_latest",
    "text_search",
    "window",
]

AUTHORS_PER_SEARCH = 50
"""Authors in one JQL `worklogAuthor in (...)`: keeps the query well inside URL limits."""

_JQL_HINT = re.compile(
    r"(!=|!~|>=|<=|[=~<>]|\border\s+by\b|\b(?:not\s+)?in\s*\(|\bis\s+(?:not\s+)?empty\b)",
    re.IGNORECASE,
)


def looks_like_jql(text: str) -> bool:
    return bool(_JQL_HINT.search(text))


def jql_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def text_search(text: str) -> str:
    return f"text ~ {jql_string(text)} ORDER BY updated DESC"


def window(first_day: date) -> str:
    """Every visible issue with a worklog on `first_day` or later."""
    return f'worklogDate >= "{first_day.isoformat()}" ORDER BY key ASC'


def authors_window(authors: Sequence[str], first_day: date, last_day: date | None) -> str:
    """Issues with worklogs by `authors` (JQL author terms, already quoted) on those days.

    JQL compares worklogDate in the searcher's zone: the caller's days must be wide enough.
    """
    who = (
        f"worklogAuthor = {authors[0]}"
        if len(authors) == 1
        else (f"worklogAuthor in ({', '.join(authors)})")
    )
    days = f'worklogDate >= "{first_day.isoformat()}"'
    if last_day is not None:
        days += f' AND worklogDate <= "{last_day.isoformat()}"'
    return f"{who} AND {days} ORDER BY key ASC"


def ids_in(ids: Sequence[str]) -> str:
    return f"id in ({', '.join(ids)})"


def own_latest() -> str:
    return "worklogAuthor = currentUser() ORDER BY updated DESC"
