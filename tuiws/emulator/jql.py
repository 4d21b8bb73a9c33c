"""The small JQL subset the emulator understands: parse, bind to the instance, evaluate, sort.

Clauses: `project`, `key`/`issuekey`/`id`, `summary`/`description`/`text` (`~`), `status`,
`assignee`, `worklogAuthor`, `worklogDate`, `created`, `updated`; joined with AND/OR/NOT and
parentheses; `ORDER BY field [ASC|DESC], ...`. Keywords are case-insensitive.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TypeVar

OPERATORS_HINT = (
    "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', "
    "'IN', 'NOT IN', 'IS' and 'IS NOT'."
)


class JqlError(Exception):
    """The query cannot run; `str(error)` is the message Jira puts in `errorMessages`."""


# ---------------------------------------------------------------- syntax tree


@dataclass(frozen=True)
class Operand:
    text: str
    function: str | None = None  # lower-cased function name, e.g. "currentuser"
    args: tuple[str, ...] = ()


@dataclass(frozen=True)
class Clause:
    field: str
    operator: str  # "=", "!=", "~", "!~", ">", ">=", "<", "<=", "in", "not in", "is", "is not"
    values: tuple[Operand, ...]


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    inner: Node


Node = Clause | And | Or | Not


@dataclass(frozen=True)
class OrderKey:
    field: str
    descending: bool


@dataclass(frozen=True)
class Query:
    where: Node | None
    order: tuple[OrderKey, ...]


_EQ = frozenset({"=", "!="})
_LIST = frozenset({"in", "not in"})
_CMP = frozenset({">", ">=", "<", "<="})
_TEXT = frozenset({"~", "!~"})
_EMPTY = frozenset({"is", "is not"})

# jql name (lower case) -> (canonical name, allowed operators)
FIELDS: dict[str, tuple[str, frozenset[str]]] = {
    "project": ("project", _EQ | _LIST | _EMPTY),
    "key": ("key", _EQ | _LIST),
    "issuekey": ("key", _EQ | _LIST),
    "issue": ("key", _EQ | _LIST),
    "id": ("key", _EQ | _LIST),
    "summary": ("summary", _TEXT | _EMPTY),
    "description": ("description", _TEXT | _EMPTY),
    "text": ("text", _TEXT),
    "status": ("status", _EQ | _LIST),
    "statuscategory": ("statusCategory", _EQ | _LIST),
    "resolution": ("resolution", _EQ | _LIST | _EMPTY),
    "issuetype": ("issuetype", _EQ | _LIST),
    "type": ("issuetype", _EQ | _LIST),
    "assignee": ("assignee", _EQ | _LIST | _EMPTY),
    "worklogauthor": ("worklogAuthor", _EQ | _LIST | _EMPTY),
    "worklogdate": ("worklogDate", _EQ | _CMP | _LIST | _EMPTY),
    "created": ("created", _EQ | _CMP),
    "createddate": ("created", _EQ | _CMP),
    "updated": ("updated", _EQ | _CMP),
    "updateddate": ("updated", _EQ | _CMP),
}
ORDER_FIELDS: dict[str, str] = {
    "key": "key",
    "issuekey": "key",
    "id": "key",
    "created": "created",
    "updated": "updated",
    "summary": "summary",
    "status": "status",
    "project": "project",
    "assignee": "assignee",
    "priority": "priority",
    "rank": "key",
}
# status name (lower) -> (category key, category name); unknown statuses are "in progress"
STATUS_CATEGORIES = {
    "to do": ("new", "to do"),
    "in progress": ("indeterminate", "in progress"),
    "in review": ("indeterminate", "in progress"),
    "done": ("done", "done"),
}
ISSUE_TYPES = ("task", "bug", "story", "epic", "sub-task", "subtask")
_KEYWORDS = {"and", "or", "not", "in", "is", "empty", "null", "order", "by", "asc", "desc"}


def unknown_field(name: str) -> JqlError:
    return JqlError(f"Field '{name}' does not exist or you do not have permission to view it.")


# ---------------------------------------------------------------- tokens


@dataclass(frozen=True)
class _Token:
    kind: str  # word, string, op, lparen, rparen, comma, eof
    text: str
    position: int  # 1-based character


_WORD_STOP = set(" \t\r\n\"'(),=!~<>")


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
            continue
        if char in "(),":
            kind = {"(": "lparen", ")": "rparen", ",": "comma"}[char]
            out.append(_Token(kind, char, i + 1))
            i += 1
            continue
        if char in "\"'":
            end = i + 1
            chunks: list[str] = []
            while end < len(text) and text[end] != char:
                if text[end] == "\\" and end + 1 < len(text):
                    end += 1
                chunks.append(text[end])
                end += 1
            if end >= len(text):
                raise JqlError(
                    f"Error in the JQL Query: The quoted string '{text[i + 1 :]}' has not been "
                    f"completed. (line 1, character {i + 1})"
                )
            out.append(_Token("string", "".join(chunks), i + 1))
            i = end + 1
            continue
        two = text[i : i + 2]
        if two in ("!=", "!~", ">=", "<="):
            out.append(_Token("op", two, i + 1))
            i += 2
            continue
        if char in "=~<>":
            out.append(_Token("op", char, i + 1))
            i += 1
            continue
        if char == "!":
            raise JqlError(
                f"Error in the JQL Query: The character '!' is a reserved JQL character. "
                f"You must enclose it in a string. (line 1, character {i + 1})"
            )
        end = i
        while end < len(text) and text[end] not in _WORD_STOP:
            end += 1
        out.append(_Token("word", text[i:end], i + 1))
        i = end
    out.append(_Token("eof", "", len(text) + 1))
    return out


# ---------------------------------------------------------------- parser


class _Parser:
    def __init__(self, text: str) -> None:
        self._tokens = _tokens(text)
        self._index = 0

    def _peek(self) -> _Token:
        return self._tokens[self._index]

    def _next(self) -> _Token:
        token = self._tokens[self._index]
        if token.kind != "eof":
            self._index += 1
        return token

    def _is_word(self, *words: str) -> bool:
        token = self._peek()
        return token.kind == "word" and token.text.lower() in words

    @staticmethod
    def _shown(token: _Token) -> str:
        return "EOF" if token.kind == "eof" else token.text

    def _fail(self, expected: str, token: _Token) -> JqlError:
        return JqlError(
            f"Error in the JQL Query: Expecting {expected} but got '{self._shown(token)}'. "
            f"(line 1, character {token.position})"
        )

    def parse(self) -> Query:
        where: Node | None = None
        if self._peek().kind != "eof" and not self._is_word("order"):
            where = self._or()
        order: list[OrderKey] = []
        if self._is_word("order"):
            self._next()
            if not self._is_word("by"):
                raise self._fail("'BY'", self._peek())
            self._next()
            while True:
                token = self._next()
                if token.kind not in ("word", "string"):
                    raise self._fail("a field name", token)
                canonical = ORDER_FIELDS.get(token.text.lower())
                if canonical is None:
                    raise unknown_field(token.text)
                descending = False
                if self._is_word("asc", "desc"):
                    descending = self._next().text.lower() == "desc"
                order.append(OrderKey(canonical, descending))
                if self._peek().kind != "comma":
                    break
                self._next()
        token = self._peek()
        if token.kind != "eof":
            raise self._fail("either 'OR' or 'AND'", token)
        return Query(where, tuple(order))

    def _or(self) -> Node:
        parts = [self._and()]
        while self._is_word("or"):
            self._next()
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def _and(self) -> Node:
        parts = [self._not()]
        while self._is_word("and"):
            self._next()
            parts.append(self._not())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def _not(self) -> Node:
        if self._is_word("not"):
            self._next()
            return Not(self._not())
        if self._peek().kind == "lparen":
            self._next()
            inner = self._or()
            token = self._next()
            if token.kind != "rparen":
                raise self._fail("')'", token)
            return inner
        return self._clause()

    def _clause(self) -> Clause:
        token = self._next()
        if token.kind not in ("word", "string") or (
            token.kind == "word" and token.text.lower() in _KEYWORDS
        ):
            raise self._fail("a field name", token)
        known = FIELDS.get(token.text.lower())
        if known is None:
            raise unknown_field(token.text)
        field, allowed = known
        operator = self._operator()
        if operator not in allowed:
            raise JqlError(
                f"The operator '{operator.upper()}' is not supported by the '{token.text}' field."
            )
        if operator in _LIST:
            return Clause(field, operator, self._list())
        if operator in _EMPTY:
            if not self._is_word("empty", "null"):
                raise self._fail("EMPTY or NULL", self._peek())
            self._next()
            return Clause(field, operator, ())
        return Clause(field, operator, (self._operand(),))

    def _operator(self) -> str:
        token = self._next()
        if token.kind == "op":
            return token.text
        if token.kind == "word":
            word = token.text.lower()
            if word == "in":
                return "in"
            if word == "is":
                if self._is_word("not"):
                    self._next()
                    return "is not"
                return "is"
            if word == "not" and self._is_word("in"):
                self._next()
                return "not in"
        raise JqlError(
            f"Error in the JQL Query: Expecting operator but got '{self._shown(token)}'. "
            f"{OPERATORS_HINT} (line 1, character {token.position})"
        )

    def _list(self) -> tuple[Operand, ...]:
        token = self._next()
        if token.kind != "lparen":
            raise self._fail("'('", token)
        values = [self._operand()]
        while self._peek().kind == "comma":
            self._next()
            values.append(self._operand())
        token = self._next()
        if token.kind != "rparen":
            raise self._fail("')'", token)
        return tuple(values)

    def _operand(self) -> Operand:
        token = self._next()
        if token.kind == "string":
            return Operand(token.text)
        if token.kind != "word" or token.text.lower() in _KEYWORDS - {"empty", "null"}:
            raise self._fail("either a value, list or function", token)
        if self._peek().kind != "lparen":
            return Operand(token.text)
        self._next()
        args: list[str] = []
        while self._peek().kind not in ("rparen", "eof"):
            arg = self._next()
            if arg.kind in ("word", "string"):
                args.append(arg.text)
            elif arg.kind != "comma":
                raise self._fail("a function argument", arg)
        closing = self._next()
        if closing.kind != "rparen":
            raise self._fail("')'", closing)
        return Operand(token.text, token.text.lower(), tuple(args))


def parse(text: str) -> Query:
    """Parse JQL; raises JqlError with Jira-like wording for syntax errors and unknown fields."""
    return _Parser(text).parse()


# ---------------------------------------------------------------- binding and evaluation


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
        if operator in _EMPTY:
            return lambda f: (not f.done) != negate
        wanted = {v.text.lower() for v in clause.values}
        for operand in clause.values:
            if operand.text.lower() not in ("unresolved", "done"):
                raise JqlError(
                    f"The value '{operand.text}' does not exist for the field 'resolution'."
                )
        return lambda f: (("done" if f.done else "unresolved") in wanted) != negate

    if operator in _EMPTY:
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
        if operator in _LIST:
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
