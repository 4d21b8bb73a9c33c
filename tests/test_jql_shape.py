"""The shape check that keeps half-typed JQL from being sent (issue 11: 11–17 of 22 requests
for one typed query were answered 400)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiws.domain.jql_shape import jql_missing

fields = st.sampled_from(["project", "worklogAuthor", "status", "summary", "worklogDate"])
operators = st.sampled_from(["=", "!=", "~", ">=", "<=", "<", ">"])
values = st.one_of(
    st.sampled_from(["INT", "currentUser()", "EMPTY", "10"]),
    st.text(alphabet="abc xyz-", min_size=0, max_size=8).map(lambda t: f'"{t}"'),
)
clauses = st.one_of(
    st.tuples(fields, operators, values).map(" ".join),
    st.tuples(fields, st.lists(values, min_size=1, max_size=3)).map(
        lambda fv: f"{fv[0]} in ({', '.join(fv[1])})"
    ),
    fields.map(lambda f: f"{f} is not EMPTY"),
)
queries = st.lists(st.tuples(st.sampled_from(["AND", "OR"]), clauses), min_size=0, max_size=3)


def build(first: str, rest: list[tuple[str, str]]) -> str:
    return " ".join([first, *(f"{joiner} {clause}" for joiner, clause in rest)])


@given(clauses, queries, st.booleans())
def test_finished_jql_passes(first: str, rest: list[tuple[str, str]], ordered: bool) -> None:
    text = build(first, rest) + (" ORDER BY key ASC" if ordered else "")
    assert jql_missing(text) is None


@given(clauses, queries)
def test_every_unfinished_ending_is_named(first: str, rest: list[tuple[str, str]]) -> None:
    text = build(first, rest)
    assert jql_missing(text + " AND") == "a condition after AND"
    assert jql_missing(text + " OR proj") is not None
    assert jql_missing(text + " ORDER BY") == "a field after ORDER BY"
    assert jql_missing(f"({text}") == "a closing ')'"


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("worklogAuthor =", "a value after '='"),
        ("project = INT AND proj", "an operator after 'proj' (=, ~, in, is …)"),
        ('summary ~ "half', "a closing quote"),
        ("project in (INT, OPS", "a closing ')'"),
        ("assignee is", "a value after 'is'"),
        ("NOT", "a condition"),
    ],
)
def test_what_is_missing(text: str, missing: str) -> None:
    assert jql_missing(text) == missing
