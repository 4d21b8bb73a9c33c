"""A day's column header keeps its marks in the narrow (80-column) grid: `▸` for today and
`⊘` for a locked day both fit, with the day's name and number still there."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from tuiws.app.widgets.week_grid import day_header
from tuiws.domain.week_view import LOCKED


@given(day=st.dates(), width=st.sampled_from([6, 8]), today=st.booleans(), locked=st.booleans())
def test_every_header_fits_its_column_with_its_marks(
    day: date, width: int, today: bool, locked: bool
) -> None:
    text = day_header(day, width, today=today, locked=locked)
    assert cell_len(text) <= width, text
    assert text.startswith("▸") == today and text.endswith(LOCKED) == locked
    assert day.strftime("%a")[:2] in text and day.strftime("%d") in text


def test_today_locked_in_a_narrow_grid_drops_only_the_space() -> None:
    wednesday = date(2026, 12, 2)
    assert day_header(wednesday, 6, today=True, locked=True) == f"▸We02{LOCKED}"
    assert day_header(wednesday, 6, today=True, locked=False) == "▸We 02"
    assert day_header(wednesday, 6, today=False, locked=True) == f"We 02{LOCKED}"
    assert day_header(wednesday, 8, today=True, locked=True) == f"▸Wed 02{LOCKED}"
