"""One notation for durations everywhere (grid, cell view, search, CLI), the configured decimal
format (`1.50`, aligned) in the shell too, CSV that spreadsheets read as numbers, and
`tuiws worklogs` in the order the work was done (issue 11, section 2)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiws.cli import main
from tuiws.domain.render import cell_formatter, decimal_hours
from tuiws.emulator import JiraEmulator
from tuiws.emulator.seed import MEETINGS

DAY = "2025-03-05"  # a quiet week: only what the test logs


@given(st.integers(min_value=-(10**7), max_value=10**7))
def test_decimal_hours_have_two_places_and_read_back(seconds: int) -> None:
    text = decimal_hours(seconds)
    whole, _, places = text.lstrip("-").partition(".")
    assert whole.isdigit() and len(places) == 2
    assert abs(Decimal(text) - Decimal(seconds) / 3600) <= Decimal("0.005") or (
        seconds and abs(Decimal(text)) == Decimal("0.01")
    )
    assert (Decimal(text) == 0) == (seconds == 0)


@pytest.mark.parametrize(
    ("seconds", "hm", "decimal"),
    [(0, "0:00", "0.00"), (5400, "1:30", "1.50"), (900, "0:15", "0.25"), (71100, "19:45", "19.75")],
)
def test_one_notation_per_style(seconds: int, hm: str, decimal: str) -> None:
    assert cell_formatter("hm")(seconds) == hm
    assert cell_formatter("decimal")(seconds) == decimal


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def configure(tmp_path: Path, text: str) -> None:
    folder = tmp_path / "config"
    folder.mkdir(exist_ok=True)
    (folder / "config.toml").write_text(text, encoding="utf-8")


def log(capsys: pytest.CaptureFixture[str], duration: str, start: str) -> str:
    # --yes: a day this far back is asked about (issue 10's sanity checks)
    code, out, err = run(
        capsys, "log", MEETINGS, duration, "--date", DAY, "--start", start, "--yes"
    )
    assert code == 0, err
    return out.split()[0]


@pytest.mark.parametrize("flavor", ["cloud"])
def test_the_shell_shows_durations_as_the_grid_does(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    later = log(capsys, "1h 30m", "15:00")
    earlier = log(capsys, "45m", "08:00")
    code, out, _ = run(capsys, "worklogs", MEETINGS, "--from", DAY, "--to", DAY)
    assert code == 0
    lines = [line for line in out.splitlines()[1:] if line.strip()]
    assert [line.split()[0] for line in lines] == [earlier, later]  # by start, not by id
    assert " 0:45 " in lines[0] and " 1:30 " in lines[1]
    code, out, _ = run(capsys, "worklogs", MEETINGS, "--from", DAY, "--to", DAY, "--json")
    assert [str(w["id"]) for w in json.loads(out)] == [earlier, later]

    configure(tmp_path, '[ui]\nduration_format = "decimal"\n')
    code, out, _ = run(capsys, "worklogs", MEETINGS, "--from", DAY, "--to", DAY)
    assert " 0.75 " in out and " 1.50 " in out
    code, out, _ = run(capsys, "week", "--date", DAY)
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith(MEETINGS))
    assert row.split()[-1] == "2.25"


@pytest.mark.parametrize("flavor", ["cloud"])
def test_csv_carries_numbers(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    log(capsys, "1h 30m", "09:00")
    code, out, _ = run(capsys, "week", "--date", DAY, "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    for row in rows[1:]:
        for cell in row[2:]:
            float(cell)  # every duration a number
    meetings = next(r for r in rows if r[0] == MEETINGS)
    assert meetings[-1] == "1.50"


def test_the_tour_writes_durations_as_its_worklog_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--demo", "cloud", "tour")
    assert code == 0
    assert "(logged 1:30 on" in out and "now 2:00." in out
