"""Server/DC wiki markup shown as text (issue 11: comments showed `[~pnatarajan]` raw)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiws.domain.wiki_text import wiki_to_text


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("Paired with [~pnatarajan] on it", "Paired with @Priya Natarajan on it"),
        ("asked [~someone]", "asked @someone"),
        ("see [the runbook|https://wiki.example/run]", "see the runbook"),
        ("see [https://wiki.example/run]", "see https://wiki.example/run"),
        ("*done* and _soon_", "done and soon"),
        ("2*3*4 and snake_case_name stay", "2*3*4 and snake_case_name stay"),
        ("h2. Notes\n{code:python}x = 1{code}", "Notes\nx = 1"),
        ("{{tuiws sync}} ran", "tuiws sync ran"),
    ],
)
def test_markup_reads_as_text(markup: str, text: str) -> None:
    assert wiki_to_text(markup, {"pnatarajan": "Priya Natarajan"}) == text


BLOCK_PREFIXES = ("h1.", "h2.", "h3.", "h4.", "h5.", "h6.", "bq.")


@given(st.text(alphabet=st.characters(blacklist_characters="[]{}*_")))
def test_text_without_markup_is_left_alone(text: str) -> None:
    if not any(line.startswith(BLOCK_PREFIXES) for line in text.splitlines()):
        assert wiki_to_text(text) == text
