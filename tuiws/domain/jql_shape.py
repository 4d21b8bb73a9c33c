"""Whether typed JQL is finished enough to send: the search sends none that cannot parse yet
and says what is missing instead (`project = INT AND proj` needs an operator after `proj`).

A shape check, not a parser: Jira stays the judge of fields and values; this only catches
what every half-typed query has — an open quote or bracket, a clause without its operator or
value, a dangling AND/OR/NOT, an ORDER BY without a field.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>"(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?)
      | (?P<op>!=|!~|>=|<=|=|~|<|>)
      | (?P<paren>[(),])
      | (?P<word>[^\s"'()=!~<>,]+)
    )""",
    re.VERBOSE,
)
_JOINERS = {"and", "or"}
_WORD_OPERATORS = {"in", "is", "was", "changed"}
"""Operators spelled as words (`not in`, `is not` and `was not in` start with these or NOT)."""


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind is not None:
            out.append((kind, match.group(kind)))
    return out


def jql_missing(text: str) -> str | None:
    """What the JQL in `text` still lacks before Jira could parse it, or None when its shape
    is complete."""
    tokens = _tokens(text)
    depth = 0
    for kind, value in tokens:
        if kind == "string" and (len(value) < 2 or value[-1] != value[0]):
            return "a closing quote"
        if value == "(":
            depth += 1
        elif value == ")":
            depth -= 1
            if depth < 0:
                return "a '(' before this ')'"
    if depth > 0:
        return "a closing ')'"
    words = [v.lower() if k == "word" else None for k, v in tokens]
    order = next(
        (n for n in range(len(words) - 1) if words[n] == "order" and words[n + 1] == "by"), None
    )
    if order is not None:
        if order + 2 >= len(tokens):
            return "a field after ORDER BY"
        tokens = tokens[:order]
        if not tokens:
            return None  # ORDER BY alone sorts every issue
    return _clauses_missing(tokens)


def _clauses_missing(tokens: list[tuple[str, str]]) -> str | None:
    clause: list[tuple[str, str]] = []
    joiner = ""
    depth = 0
    for kind, value in [*tokens, ("end", "")]:
        lowered = value.lower()
        at_top = depth == 0
        if kind == "paren":
            depth += {"(": 1, ")": -1}.get(value, 0)
        if kind == "end" or (kind == "word" and at_top and lowered in _JOINERS):
            problem = _clause_missing(clause, joiner)
            if problem:
                return problem
            clause, joiner = [], value.upper()
            continue
        clause.append((kind, value))
    return None


def _clause_missing(clause: list[tuple[str, str]], joiner: str) -> str | None:
    while clause and clause[0][0] == "word" and clause[0][1].lower() == "not":
        clause = clause[1:]
    if not clause:
        return f"a condition after {joiner}" if joiner else "a condition"
    if clause[0][1] == "(" and clause[-1][1] == ")":
        return (
            jql_missing(" ".join(v for _, v in clause[1:-1]))
            if len(clause) > 2
            else ("a condition inside ( )")
        )
    operator = next(
        (
            n
            for n, (kind, value) in enumerate(clause)
            if kind == "op" or (kind == "word" and n and value.lower() in _WORD_OPERATORS)
        ),
        None,
    )
    if operator is None:
        return f"an operator after '{' '.join(v for _, v in clause)}' (=, ~, in, is …)"
    rest = [
        (k, v)
        for k, v in clause[operator + 1 :]
        if not (k == "word" and v.lower() in {"not", "in"})
    ]
    if not rest:
        return f"a value after '{clause[operator][1]}'"
    return None
