"""`tuiws team` against the emulator over HTTP: every format, the JSON shape, choosing a team."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tuiws.cli import main
from tuiws.emulator import JiraEmulator
from tuiws.emulator.seed import DEMO_GROUP, TEAM

DAY = "2025-03-05"  # a quiet week: only what the test logs


def configure(tmp_path: Path, text: str) -> None:
    folder = tmp_path / "config"
    folder.mkdir(exist_ok=True)
    (folder / "config.toml").write_text(text, encoding="utf-8")


def ident(emu: JiraEmulator, username: str) -> str:
    user = emu.state.user_by(username)
    return user.account_id if emu.flavor == "cloud" else user.name


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def arrange(emu: JiraEmulator) -> list[str]:
    """Jordan on Monday (Tuesday in UTC), Sam on Saturday; returns their idents."""
    state = emu.state
    monday = datetime(2025, 3, 3, 22, tzinfo=ZoneInfo("America/Los_Angeles"))
    state.add_worklog("INT-1", "jkim", monday, 5400, created=monday + timedelta(hours=2))
    saturday = datetime(2025, 3, 8, 10, tzinfo=UTC)
    state.add_worklog("INT-1", "sokafor", saturday, 900, created=saturday)
    return [ident(emu, "jkim"), ident(emu, "sokafor")]


def test_every_format(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    people = arrange(jira)
    members = ",".join(people)

    code, out, err = run(capsys, "team", "--members", members, "--date", DAY, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert list(data) == ["team", "weekStart", "days", "rows", "dayTotals", "totalSeconds"]
    assert data["weekStart"] == "2025-03-03" and len(data["days"]) == 7
    kim, sam = data["rows"]
    key = "accountId" if jira.flavor == "cloud" else "name"
    assert kim["user"] == {
        key: people[0],
        "displayName": "Jordan Kim",
        "zone": "America/Los_Angeles",
    }
    assert list(kim) == ["user", "seconds", "totalSeconds", "flags", "locked"]
    assert kim["seconds"] == [5400, 0, 0, 0, 0, 0, 0] and kim["totalSeconds"] == 5400
    assert len(kim["flags"]) == 7 and "under" in kim["flags"][0]
    assert sam["flags"][5] == ["weekend"]
    assert data["dayTotals"][0] == 5400 and data["totalSeconds"] == 6300

    code, out, _ = run(capsys, "team", "--members", members, "--date", DAY, "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:4] == ["Person", "Account", "Zone", "2025-03-03"] and rows[0][-1] == "Flags"
    # Decimal hours: a spreadsheet reads them as numbers.
    assert rows[1][:4] == ["Jordan Kim", people[0], "America/Los_Angeles", "1.50"]
    assert rows[1][-2] == "1.50" and rows[1][-1].startswith("2025-03-03 under")
    assert rows[-1][0] == "Total" and rows[-1][-2] == "1.75"

    code, out, _ = run(capsys, "team", "--members", members, "--date", DAY, "--format", "md")
    assert code == 0
    assert out.startswith("| Person | Account | Zone | 2025-03-03 |")
    assert "| 1:30 ▾ |" in out and "0:15 ◦" in out
    assert "Flags: ▾ under" in out

    code, out, _ = run(capsys, "team", "--members", members, "--date", DAY)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Team ad hoc · week of 2025-03-03")
    assert any(line.startswith("Jordan Kim") and "1:30▾" in line for line in lines)
    assert lines[-1].startswith("Flags:")


def test_team_from_config(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    people = arrange(jira)
    configure(
        tmp_path,
        f'[teams.core]\nmembers = ["{people[0]}"]\n\n'
        f'[teams.everyone]\ngroup = "{DEMO_GROUP}"\n\n'
        "[ui]\ndaily_ceiling_hours = 1\nlate_after_hours = 1\n",
    )
    code, _, err = run(capsys, "team", "--date", DAY)
    assert code == 2 and "Several teams are configured (core, everyone)" in err

    code, out, err = run(capsys, "team", "--team", "everyone", "--date", DAY, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["team"] == "everyone" and len(data["rows"]) == len(TEAM)
    kim = next(r for r in data["rows"] if r["user"]["displayName"] == "Jordan Kim")
    assert "over" in kim["flags"][0]  # the configured 1 h ceiling
    assert "late" in kim["flags"][0]  # entered 2 h after its start, over the configured 1 h

    code, _, err = run(capsys, "team", "--team", "nope")
    assert code == 2 and "No team named 'nope'" in err and "core, everyone" in err


@pytest.mark.parametrize("flavor", ["cloud"])
def test_without_teams_it_says_how_to_define_one(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "team")
    assert code == 2 and out == ""
    assert "[teams.NAME]" in err and "--members" in err and "Nothing was written" in err


@pytest.mark.parametrize("flavor", ["server"])
def test_unknown_group_or_member_is_bad_input(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    configure(tmp_path, '[teams.ghosts]\ngroup = "ghosts"\n')
    code, _, err = run(capsys, "team")
    assert code == 2 and "no group 'ghosts'" in err
    code, _, err = run(capsys, "team", "--members", "jkim,nobody-here")
    assert code == 2 and "'nobody-here'" in err


def test_demo_default_team(flavor: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--demo", flavor, "team", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["team"] == DEMO_GROUP
    assert {r["user"]["displayName"] for r in data["rows"]} == {p.display_name for p in TEAM}
    assert data["totalSeconds"] > 0
