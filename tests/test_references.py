"""Worklog ids and issue references: only what names a Jira object may become a URL path."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiws.domain.references import (
    MAX_ID_DIGITS,
    InvalidReference,
    check_issue_reference,
    check_worklog_id,
)

# What may appear in a path segment without changing which resource it names.
PATH_SAFE = re.compile(r"[A-Za-z0-9_-]+")
HOSTILE = [
    "200060/../200061",
    "200060\n",
    "../../../myself",
    "TT-1?a=b",
    "TT-1#x",
    "TT-1/worklog/5",
    "TT-1%2F..",
    " 200060",
    "200060 ",
    "",
    "0",
    "-1",
    "1e3",
    "١٢٣",  # Arabic-Indic digits: str.isdigit() says yes, Jira says no
    "9" * 20,
    str(2**63),
    "TT-1\x1b[2J",
    "TT‮-1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_worklog_ids_are_refused_with_the_input_escaped(text: str) -> None:
    with pytest.raises(InvalidReference) as info:
        check_worklog_id(text)
    message = str(info.value)
    assert "not a worklog id" in message
    assert not any(ch in message for ch in "\n\r\x1b\u202e")


@pytest.mark.parametrize("text", [t for t in HOSTILE if t != "١٢٣"])
def test_hostile_issue_references_are_refused(text: str) -> None:
    with pytest.raises(InvalidReference, match="not an issue key"):
        check_issue_reference(text)


@pytest.mark.parametrize("text", ["TT-1", "tt-1", "PLAT_OPS-12", "A1-99", "10001", str(2**63 - 1)])
def test_keys_and_numeric_ids_pass_unchanged(text: str) -> None:
    assert check_issue_reference(text) == text


@given(st.integers(min_value=1, max_value=2**63 - 1))
def test_every_positive_long_is_a_worklog_id(number: int) -> None:
    assert check_worklog_id(str(number)) == str(number)


@given(st.text(max_size=40))
def test_whatever_passes_is_safe_in_a_path(text: str) -> None:
    for check in (check_worklog_id, check_issue_reference):
        try:
            checked = check(text)
        except InvalidReference as exc:
            assert "\n" not in str(exc) and "\x1b" not in str(exc)
            continue
        assert checked == text
        assert PATH_SAFE.fullmatch(checked), checked
        assert len(checked) <= 255 + 1 + MAX_ID_DIGITS


@given(
    st.from_regex(r"[A-Z][A-Z0-9_]{0,9}", fullmatch=True),
    st.integers(min_value=1, max_value=10**9),
    st.sampled_from(["/..", "?", "#", "\n", "%2e", " ", "/", "\\"]),
    st.text(max_size=5),
)
def test_a_key_with_anything_path_like_after_it_is_refused(
    project: str, number: int, junk: str, tail: str
) -> None:
    key = f"{project}-{number}"
    assert check_issue_reference(key) == key
    with pytest.raises(InvalidReference):
        check_issue_reference(key + junk + tail)
