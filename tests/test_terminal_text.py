"""Text made harmless for a terminal: control and bidi-override characters never get through."""

from __future__ import annotations

import json
from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from tuiws.domain.models import Issue, User, Worklog
from tuiws.domain.terminal_text import (
    json_escape_unsafe,
    shown,
    terminal_line,
    terminal_text,
)

UNSAFE = (
    [chr(c) for c in range(0x20) if chr(c) not in "\t\n"]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
HOSTILE = "Fix \x1b[31mlogin\x1b[0m\x07 bug\rOWNED \u202eevil\u2066x\u2069 \x9b2J"


def test_known_attacks_are_removed_and_the_words_stay() -> None:
    cleaned = terminal_text(HOSTILE)
    assert cleaned == "Fix [31mlogin[0m bugOWNED evilx 2J"
    assert terminal_text("line one\n\tline two") == "line one\n\tline two"
    assert terminal_line("line one\n\tline two\r") == "line one  line two"


@given(st.text(alphabet=st.sampled_from(UNSAFE) | st.characters(), max_size=60))
def test_nothing_unsafe_survives(text: str) -> None:
    for cleaned in (terminal_text(text), terminal_line(text)):
        assert not any(ch in cleaned for ch in UNSAFE)
    assert "\n" not in terminal_line(text) and "\t" not in terminal_line(text)


@given(st.text(alphabet=st.characters(blacklist_categories=["Cc", "Cs"]), max_size=60))
def test_ordinary_text_is_left_alone(text: str) -> None:
    plain = "".join(ch for ch in text if ch not in UNSAFE)
    assert terminal_text(plain) == plain


@given(st.text(max_size=40))
def test_shown_escapes_what_it_quotes(text: str) -> None:
    quoted = shown(text)
    assert not any(ch in quoted for ch in [*UNSAFE, "\n", "\t"])
    assert quoted.startswith("'") and quoted.endswith("'")


def test_shown_names_the_characters() -> None:
    assert shown("200060\n") == "'200060\\n'"
    assert shown("a\x1bb\u202ec") == "'a\\x1bb\\u202ec'"


@given(st.recursive(st.text(), lambda inner: st.lists(inner, max_size=3), max_leaves=6))
def test_json_escapes_keep_the_data(value: object) -> None:
    document = json_escape_unsafe(json.dumps(value, ensure_ascii=False))
    assert json.loads(document) == value
    assert not any(ch in document for ch in UNSAFE)


def test_jira_text_is_cleaned_as_it_enters_the_domain() -> None:
    """Every screen draws these fields: they are clean whatever the backend sent."""
    user = User(account_id="a1", display_name="Dana\x1b]0;pwned\x07 Reyes\u202e")
    issue = Issue(id="1", key="TT-1", summary=HOSTILE, status="Done\r")
    worklog = Worklog(
        id="5",
        issue_id="1",
        author=user,
        started=datetime.fromisoformat("2026-11-23T09:00:00+01:00"),
        time_spent_seconds=60,
        comment_text="first\r\nsecond\x1b[2J",
    )
    assert user.display_name == "Dana]0;pwned Reyes"
    assert issue.summary == terminal_text(HOSTILE) and issue.status == "Done"
    assert worklog.comment_text == "first\nsecond[2J"
