"""`tuiws --demo tempo team`: a colleague's locked days (the demo's early submitter, this week)
marked `⊘` in the table and the Markdown, with the legend's line, and the JSON rows' additive
`"locked"` list beside the keys scripts already read."""

from __future__ import annotations

import json

import pytest

from tests.test_cli_team import run
from tuiws.emulator.seed import TEAM

SUBMITTED = "submitted for approval"
OLIVER = "Oliver Hughes"  # the demo's EARLY_SUBMITTER


def test_json_rows_say_which_days_are_locked_and_keep_their_keys(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "--demo", "tempo", "team", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert list(data) == ["team", "weekStart", "days", "rows", "dayTotals", "totalSeconds"]
    assert len(data["rows"]) == len(TEAM)
    for row in data["rows"]:
        assert list(row) == ["user", "seconds", "totalSeconds", "flags", "locked"]
        assert len(row["locked"]) == 7
        if row["user"]["displayName"] == OLIVER:
            assert row["locked"] == [SUBMITTED] * 7
        else:
            assert row["locked"] == [None] * 7, row["user"]["displayName"]


def test_the_table_and_markdown_mark_the_locked_days_and_say_why(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "--demo", "tempo", "team")
    assert code == 0, err
    lines = out.splitlines()
    oliver = next(line for line in lines if line.startswith(OLIVER))
    assert oliver.count("⊘") == 7
    others = [line for line in lines[2:-3] if not line.startswith(OLIVER)]
    assert others and not any("⊘" in line for line in others)
    assert lines[-2].startswith("Flags:")
    assert lines[-1] == (
        f"⊘ locked: the timesheet is {SUBMITTED} in Tempo, so worklogs there cannot change"
    )

    code, out, err = run(capsys, "--demo", "tempo", "team", "--format", "md")
    assert code == 0, err
    row = next(line for line in out.splitlines() if line.startswith(f"| {OLIVER} |"))
    assert row.count("⊘") == 7
    assert out.rstrip().endswith("so worklogs there cannot change")


def test_jira_has_no_lock_mark(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--demo", "cloud", "team")
    assert code == 0, err
    assert "⊘" not in out and out.splitlines()[-1].startswith("Flags:")
