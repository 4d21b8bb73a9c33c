"""One reader of typed worklogs for the editor, the CLI and the tour (`domain.draft_input`)."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiws.domain.draft_input import DraftInput, adjust_from, parse_start, read_draft
from tuiws.domain.models import AdjustEstimate, TimeTracking
from tuiws.domain.started import zoned

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 3, 11)  # a Wednesday


@given(st.integers(0, 23), st.integers(0, 59))
def test_every_written_form_of_a_time_reads_the_same(hour: int, minute: int) -> None:
    expected = time(hour, minute)
    for text in (f"{hour:02d}:{minute:02d}", f"{hour}:{minute:02d}", f"{hour:02d}{minute:02d}"):
        assert parse_start(f" {text} ") == expected, text
    if minute == 0:
        assert parse_start(str(hour)) == expected


@given(st.text(max_size=6))
def test_anything_else_is_refused_with_the_shape_to_type(text: str) -> None:
    try:
        parsed = parse_start(text)
    except ValueError as exc:
        assert "HH:MM" in str(exc)
        return
    # What was accepted is a time of day written with ASCII digits and at most one colon.
    key = text.strip()
    assert key == "" or set(key) <= set("0123456789:")
    assert parsed == time(12, 0) if not key else parsed.hour < 24


def test_a_blank_start_is_midday() -> None:
    assert parse_start("") == parse_start("   ") == time(12, 0)


def test_read_draft_builds_the_draft_in_the_zone_of_its_own_date() -> None:
    draft, problems = read_draft(
        DraftInput(issue=" plat-12 ", day="mon", start="0930", duration="1h30m", comment="x"),
        zone=BERLIN,
        today=TODAY,
        tracking=TimeTracking(),
    )
    assert problems == {}
    assert draft.issue_key == "PLAT-12"
    assert draft.started == zoned(date(2026, 3, 9), time(9, 30), BERLIN)
    assert draft.time_spent_seconds == 5400 and draft.comment == "x"
    assert draft.adjust == AdjustEstimate()


def test_read_draft_names_every_field_it_cannot_read_at_once() -> None:
    draft, problems = read_draft(
        DraftInput(issue="PLAT-1", day="someday", start="25:00", duration="lots"),
        zone=BERLIN,
        today=TODAY,
        tracking=TimeTracking(),
        fallback_day=date(2026, 3, 2),
    )
    assert set(problems) == {"date", "start", "duration"}
    # Stand-ins keep the draft checkable for the other fields.
    assert draft.started == zoned(date(2026, 3, 2), time(12, 0), BERLIN)
    assert draft.time_spent_seconds == 3600


@pytest.mark.parametrize(
    ("mode", "value", "expected"),
    [
        ("auto", "", AdjustEstimate()),
        ("leave", "2h", AdjustEstimate(mode="leave")),
        ("new", " 2h ", AdjustEstimate(mode="new", value="2h")),
        ("manual", "", AdjustEstimate(mode="manual")),
        ("bogus", "", AdjustEstimate()),
    ],
)
def test_adjust_from_keeps_a_value_only_where_it_means_something(
    mode: str, value: str, expected: AdjustEstimate
) -> None:
    assert adjust_from(mode, value) == expected
