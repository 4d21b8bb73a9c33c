"""Whatever a server puts in an error body, the messages drawn from it are short printable
lines and reading them never raises."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.test_terminal_text import UNSAFE
from tuiws.backends.jira.errors import MAX_ERROR_CHARS, MAX_ERROR_MESSAGES, error_messages

JSON: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(
    st.one_of(
        JSON,
        st.fixed_dictionaries({"errorMessages": JSON, "errors": JSON}),
        st.fixed_dictionaries({"errorMessages": st.lists(JSON, max_size=40)}),
    )
)
def test_any_body_gives_short_printable_messages(body: Any) -> None:
    messages, fields = error_messages(body)
    lines = [*messages, *fields, *fields.values()]
    assert len(messages) <= MAX_ERROR_MESSAGES and len(fields) <= MAX_ERROR_MESSAGES
    for line in lines:
        assert isinstance(line, str) and len(line) <= MAX_ERROR_CHARS
        assert not any(ch in UNSAFE or ch in "\n\t" for ch in line)


def test_jira_shapes_read_as_before() -> None:
    body = {"errorMessages": ["Issue does not exist"], "errors": {"started": "bad date"}}
    assert error_messages(body) == (["Issue does not exist"], {"started": "bad date"})
    assert error_messages({"errorMessages": 5}) == ([], {})
    assert error_messages({"errorMessages": "one"}) == (["one"], {})
