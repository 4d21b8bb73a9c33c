"""JQL syntax for the emulator's subset: the tree, the field vocabulary, tokens and the parser.

Clauses: `project`, `key`/`issuekey`/`id`, `summary`/`description`/`text` (`~`), `status`,
`assignee`, `worklogAuthor`, `worklogDate`, `created`, `updated`; joined with AND/OR/NOT and
parentheses; `ORDER BY field [ASC|DESC], ...`. Keywords are case-insensitive.
"""

from __future__ import annotations

from dataclasses import dataclass

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


EQ_OPS = frozenset({"=", "!="})
LIST_OPS = frozenset({"in", "not in"})
CMP_OPS = frozenset({">", ">=", "<", "<="})
TEXT_OPS = frozenset({"~", "!~"})
EMPTY_OPS = frozenset({"is", "is not"})

# jql name (lower case) -> (canonical name, allowed operators)
FIELDS: dict[str, tuple[str, frozenset[str]]] = {
    "project": ("project", EQ_OPS | LIST_OPS | EMPTY_OPS),
    "key": ("key", EQ_OPS | LIST_OPS),
    "issuekey": ("key", EQ_OPS | LIST_OPS),
    "issue": ("key", EQ_OPS | LIST_OPS),
    "id": ("key", EQ_OPS | LIST_OPS),
    "summary": ("summary", TEXT_OPS | EMPTY_OPS),
    "description": ("description", TEXT_OPS | EMPTY_OPS),
    "text": ("text", TEXT_OPS),
    "status": ("status", EQ_OPS | LIST_OPS),
    "statuscategory": ("statusCategory", EQ_OPS | LIST_OPS),
    "resolution": ("resolution", EQ_OPS | LIST_OPS | EMPTY_OPS),
    "issuetype": ("issuetype", EQ_OPS | LIST_OPS),
    "type": ("issuetype", EQ_OPS | LIST_OPS),
    "assignee": ("assignee", EQ_OPS | LIST_OPS | EMPTY_OPS),
    "worklogauthor": ("worklogAuthor", EQ_OPS | LIST_OPS | EMPTY_OPS),
    "worklogdate": ("worklogDate", EQ_OPS | CMP_OPS | LIST_OPS | EMPTY_OPS),
    "created": ("created", EQ_OPS | CMP_OPS),
    "createddate": ("created", EQ_OPS | CMP_OPS),
    "updated": ("updated", EQ_OPS | CMP_OPS),
    "updateddate": ("updated", EQ_OPS | CMP_OPS),
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
        if operator in LIST_OPS:
            return Clause(field, operator, self._list())
        if operator in EMPTY_OPS:
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
