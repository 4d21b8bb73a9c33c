"""JQL evaluation: bind a parsed query to the instance's vocabulary, test issues, sort them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TypeVar

from .jql_syntax import (
    EMPTY_OPS,
    ISSUE_TYPES,
    LIST_OPS,
    STATUS_CATEGORIES,
    And,
    Clause,
    JqlError,
    Node,
    Not,
    Operand,
    OrderKey,
)


@dataclass(frozen=True)
class WorklogFacts:
    author: str  # account id
    started: datetime


@dataclass(frozen=True)
class IssueFacts:
    id: int
    key: str
    project_key: str
    summary: str
    description: str
    text: str
    status: str
    assignee: str | None
    created: datetime
    updated: datetime
    worklogs: tuple[WorklogFacts, ...]
    issue_type: str = "Task"

    @property
    def done(self) -> bool:
        return self.status.lower() == "done"


@dataclass(frozen=True)
class JqlEnv:
    """What a query is bound against: the searcher and the instance's vocabulary."""

    current_user: str  # account id of the searcher
    zone: tzinfo  # the searcher's profile zone: dates are compared there
    now: datetime
    resolve_user: Callable[[str], str | None]
    resolve_project: Callable[[str], str | None]
    resolve_issue: Callable[[str], str | None]
    resolve_status: Callable[[str], str | None]


Predicate = Callable[[IssueFacts], bool]

_DATE_RE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$")
_PERIOD_RE = re.compile(r"^([+-]?)\s*((?:\d+\s*[wdhm]\s*)+)$", re.IGNORECASE)
_PERIOD_PART = re.compile(r"(\d+)\s*([wdhm])", re.IGNORECASE)
_PERIOD_UNITS = {"w": 7 * 86400, "d": 86400, "h": 3600, "m": 60}


def _period(text: str) -> timedelta | None:
    match = _PERIOD_RE.match(text.strip())
    if match is None:
        return None
    seconds = sum(
        int(n) * _PERIOD_UNITS[unit.lower()] for n, unit in _PERIOD_PART.findall(match.group(2))
    )
    return timedelta(seconds=-seconds if match.group(1) == "-" else seconds)


def _shift(start: datetime, arg: tuple[str, ...], default_unit: str) -> datetime:
    if not arg:
        return start
    raw = arg[0].strip()
    if re.fullmatch(r"[+-]?\d+", raw):
        raw = raw + default_unit
    delta = _period(raw)
    if delta is None:
        raise JqlError(f"Invalid argument '{arg[0]}' for the date function.")
    return start + delta


def _date_function(operand: Operand, env: JqlEnv) -> datetime:
    now = env.now.astimezone(env.zone)
    today = datetime.combine(now.date(), time(), tzinfo=env.zone)
    name = operand.function or ""
    if name == "now":
        return now
    if name in ("startofday", "endofday"):
        start = _shift(today, operand.args, "d")
        return start if name == "startofday" else start + timedelta(days=1, milliseconds=-1)
    if name in ("startofweek", "endofweek"):
        monday = today - timedelta(days=today.weekday())
        start = _shift(monday, operand.args, "w")
        return start if name == "startofweek" else start + timedelta(days=7, milliseconds=-1)
    if name in ("startofmonth", "endofmonth"):
        first = today.replace(day=1)
        months = int(operand.args[0].rstrip("Mm")) if operand.args else 0
        year, month = divmod(first.month - 1 + months, 12)
        start = first.replace(year=first.year + year, month=month + 1)
        if name == "startofmonth":
            return start
        year2, month2 = divmod(start.month, 12)
        following = start.replace(year=start.year + year2, month=month2 + 1)
        return following - timedelta(milliseconds=1)
    raise JqlError(f"Unable to find JQL function '{operand.text}({', '.join(operand.args)})'.")


def _moment(operand: Operand, field: str, env: JqlEnv) -> datetime:
    if operand.function:
        return _date_function(operand, env)
    text = operand.text.strip()
    match = _DATE_RE.match(text)
    if match:
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
        hour = int(match.group(4) or 0)
        minute = int(match.group(5) or 0)
        try:
            return datetime(year, month, day, hour, minute, tzinfo=env.zone)
        except ValueError:
            pass
    delta = _period(text)
    if delta is not None:
        return env.now.astimezone(env.zone) + delta
    raise JqlError(
        f"Date value '{operand.text}' for field '{field}' is invalid. Valid formats include: "
        "'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', "
        "or a period format e.g. '-5d', '4w 2d'."
    )


_Moment = TypeVar("_Moment", date, datetime)


def _compare(left: _Moment, operator: str, right: _Moment) -> bool:
    if operator == "=":
        return left == right
    if operator == "!=":
        return left != right
    if operator == ">":
        return left > right
    if operator == ">=":
        return left >= right
    if operator == "<":
        return left < right
    return left <= right


def _resolve_all(
    clause: Clause, resolve: Callable[[str], str | None], env: JqlEnv, label: str
) -> frozenset[str]:
    out: set[str] = set()
    for operand in clause.values:
        if operand.function == "currentuser" and clause.field in ("assignee", "worklogAuthor"):
            out.add(env.current_user)
            continue
        if operand.function:
            raise JqlError(
                f"Unable to find JQL function '{operand.text}({', '.join(operand.args)})'."
            )
        found = resolve(operand.text)
        if found is None:
            if label == "key":
                raise JqlError(
                    f"An issue with key '{operand.text}' does not exist for field 'key'."
                )
            raise JqlError(f"The value '{operand.text}' does not exist for the field '{label}'.")
        out.add(found)
    return frozenset(out)


def _text_terms(value: str) -> list[str]:
    return [term.strip("*?").lower() for term in value.split() if term.strip("*?")]


def _bind_clause(clause: Clause, env: JqlEnv) -> Predicate:
    field, operator = clause.field, clause.operator
    negate = operator in ("!=", "not in", "!~", "is not")

    if field == "resolution":
        # Only "Done" resolves an issue here (as "Done"); everything else is Unresolved/EMPTY.
        if operator in EMPTY_OPS:
            return lambda f: (not f.done) != negate
        wanted = {v.text.lower() for v in clause.values}
        for operand in clause.values:
            if operand.text.lower() not in ("unresolved", "done"):
                raise JqlError(
                    f"The value '{operand.text}' does not exist for the field 'resolution'."
                )
        return lambda f: (("done" if f.done else "unresolved") in wanted) != negate

    if operator in EMPTY_OPS:
        if field == "assignee":
            return lambda f: (f.assignee is None) != negate
        if field == "worklogAuthor" or field == "worklogDate":
            return lambda f: (not f.worklogs) != negate
        if field in ("summary", "description"):
            return lambda f: (not getattr(f, field)) != negate
        return lambda f: negate  # project is never empty

    if field in ("summary", "description", "text"):
        terms = _text_terms(clause.values[0].text)

        def text_match(f: IssueFacts) -> bool:
            haystack = getattr(f, field).lower()
            return all(term in haystack for term in terms) != negate

        return text_match

    if field == "worklogDate":
        if operator in LIST_OPS:
            days = {
                _moment(v, "worklogDate", env).astimezone(env.zone).date() for v in clause.values
            }
            return lambda f: any(
                (w.started.astimezone(env.zone).date() in days) != negate for w in f.worklogs
            )
        day = _moment(clause.values[0], "worklogDate", env).astimezone(env.zone).date()
        return lambda f: any(
            _compare(w.started.astimezone(env.zone).date(), operator, day) for w in f.worklogs
        )

    if field in ("created", "updated"):
        moment = _moment(clause.values[0], field, env)
        return lambda f: _compare(getattr(f, field), operator, moment)

    if field == "project":
        keys = _resolve_all(clause, env.resolve_project, env, "project")
        return lambda f: (f.project_key in keys) != negate
    if field == "key":
        issue_keys = _resolve_all(clause, env.resolve_issue, env, "key")
        return lambda f: (f.key in issue_keys) != negate
    if field == "statusCategory":
        categories: set[str] = set()
        for operand in clause.values:
            value = operand.text.lower()
            found = [key for key, name in STATUS_CATEGORIES.values() if value in (key, name)]
            if not found:
                raise JqlError(
                    f"The value '{operand.text}' does not exist for the field 'statusCategory'."
                )
            categories.update(found)
        return lambda f: (
            (STATUS_CATEGORIES.get(f.status.lower(), ("indeterminate", ""))[0] in categories)
            != negate
        )
    if field == "issuetype":
        types: set[str] = set()
        for operand in clause.values:
            if operand.text.lower() not in ISSUE_TYPES:
                raise JqlError(
                    f"The value '{operand.text}' does not exist for the field 'issuetype'."
                )
            types.add(operand.text.lower())
        return lambda f: (f.issue_type.lower() in types) != negate
    if field == "status":
        statuses = _resolve_all(clause, env.resolve_status, env, "status")
        return lambda f: (f.status.lower() in statuses) != negate
    if field == "assignee":
        people = _resolve_all(clause, env.resolve_user, env, "assignee")
        return lambda f: f.assignee is not None and ((f.assignee in people) != negate)
    # worklogAuthor: an issue matches when any of its worklogs satisfies the clause
    authors = _resolve_all(clause, env.resolve_user, env, "worklogAuthor")
    return lambda f: any((w.author in authors) != negate for w in f.worklogs)


def bind(node: Node | None, env: JqlEnv) -> Predicate:
    """Resolve values against the instance (raising JqlError for unknown ones) into a test."""
    if node is None:
        return lambda f: True
    if isinstance(node, Clause):
        return _bind_clause(node, env)
    if isinstance(node, Not):
        inner = bind(node.inner, env)
        return lambda f: not inner(f)
    parts = [bind(part, env) for part in node.parts]
    if isinstance(node, And):
        return lambda f: all(part(f) for part in parts)
    return lambda f: any(part(f) for part in parts)


def _key_number(key: str) -> str:
    project, _, number = key.rpartition("-")
    return f"{project}\x00{int(number) if number.isdigit() else 0:012d}"


def _sort_value(facts: IssueFacts, field: str) -> tuple[int, str | float]:
    if field == "key":
        return (0, _key_number(facts.key))
    if field == "created":
        return (0, facts.created.timestamp())
    if field == "updated":
        return (0, facts.updated.timestamp())
    if field == "summary":
        return (0, facts.summary.lower())
    if field == "status":
        return (0, facts.status.lower())
    if field == "project":
        return (0, facts.project_key)
    if field == "priority":
        return (0, "")
    # assignee: unassigned sorts last
    return (0, facts.assignee) if facts.assignee else (1, "")


def order(issues: list[IssueFacts], keys: tuple[OrderKey, ...]) -> list[IssueFacts]:
    """Sort by ORDER BY keys; without any, newest issue first (Jira's `created DESC`)."""
    ordered = sorted(issues, key=lambda f: f.id, reverse=True)
    for key in reversed(keys):
        ordered.sort(key=_sorter(key.field), reverse=key.descending)
    return ordered


def _sorter(field: str) -> Callable[[IssueFacts], tuple[int, str | float]]:
    return lambda facts: _sort_value(facts, field)
