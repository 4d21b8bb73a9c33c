"""The command line against the emulator over HTTP: output shapes, exit codes, no secrets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tuiws.cli import main
from tuiws.emulator import JiraEmulator
from tuiws.emulator.seed import MEETINGS, UNBROWSABLE
from tuiws.entry import split_demo

STARTED_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_log_list_edit_delete_round_trip(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys,
        "log",
        MEETINGS.lower(),
        "1h30m",
        "--date",
        "2025-03-12",
        "--start",
        "09:15",
        "-m",
        "Planning",
        "--adjust",
        "leave",
        "--yes",  # a day this far back is asked about (issue 10's sanity checks)
    )
    assert code == 0, err
    worklog_id = out.strip()
    assert worklog_id.isdigit()
    assert "Logged 1:30 on" in err  # as the grid and `tuiws worklogs` write it

    code, out, _ = run(
        capsys, "worklogs", MEETINGS, "--from", "2025-03-12", "--to", "2025-03-12", "--json"
    )
    assert code == 0
    [entry] = json.loads(out)
    assert entry == {
        "id": worklog_id,
        "issueKey": MEETINGS,
        "started": "2025-03-12T09:15:00.000+0100",  # Berlin's winter offset for that date
        "timeSpentSeconds": 5400,
        "comment": "Planning",
        "author": entry["author"],
    }
    assert set(entry["author"]) == {
        "accountId" if jira.flavor == "cloud" else "name",
        "displayName",
    }

    code, out, err = run(
        capsys, "edit", MEETINGS, worklog_id, "--duration", "2h", "--adjust", "leave"
    )
    assert code == 0, err
    assert ": 2:00 from" in out

    code, out, err = run(capsys, "delete", MEETINGS, worklog_id, "--yes", "--adjust", "leave")
    assert code == 0, err
    assert not [w for w in jira.state.worklogs_for(MEETINGS) if str(w.id) == worklog_id]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("log", MEETINGS, "1"), "no unit"),
        (("log", MEETINGS, "1h", "--date", "someday"), "--date"),
        (("log", MEETINGS, "1h", "--start", "25:00"), "--start"),
        (("log", MEETINGS, "1h", "--adjust", "new"), "adjust"),
        (("log", "not a key", "1h"), "issue"),
        (("edit", MEETINGS, "1"), "say what to change"),
        (("edit", MEETINGS, "1", "--adjust", "manual:1h", "--duration", "1h"), "update"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    jira.clear_log()
    code, _, err = run(capsys, *args)
    assert code == 2
    assert message in err and "Nothing was written" in err
    assert jira.writes() == []


@pytest.mark.parametrize(
    ("start", "shown"), [("0930", "09:30"), ("9", "09:00"), ("", "12:00"), ("9:05", "09:05")]
)
def test_log_reads_the_start_as_the_editor_does(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str], start: str, shown: str
) -> None:
    # --yes: a day this far back is asked about (issue 10's sanity checks)
    args = ["log", MEETINGS, "1h", "--yes", "--date", "2025-03-12", "--start", start]
    args += ["--adjust", "leave"]
    code, out, err = run(capsys, *args)
    assert code == 0, err
    logged = [w for w in jira.state.worklogs_for(MEETINGS) if str(w.id) == out.strip()]
    assert len(logged) == 1
    assert f"Wed 2025-03-12 {shown}" in err


def test_server_failures_exit_1_with_a_message(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "log", UNBROWSABLE, "1h")
    assert code == 1 and "may not browse" in err


def test_bad_token_exits_1_and_never_shows_the_token(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "wrong-token-0123456789-SECRET"
    monkeypatch.setenv("TUIWS_TOKEN", secret)
    code, out, err = run(capsys, "week")
    assert code == 1 and "did not accept the credentials" in err
    assert secret not in out + err
    code, out, err = run(capsys, "doctor")
    assert code == 1 and "✗ sign-in" in out and secret not in out + err


def test_week_formats(jira: JiraEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "week", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"user", "zone", "weekStart", "days", "rows", "dayTotals", "totalSeconds"}
    assert doc["zone"] == "Europe/Berlin" and len(doc["days"]) == 7
    assert doc["rows"], "the demo user has worklogs this week"
    for row in doc["rows"]:
        assert set(row) == {"issueKey", "summary", "seconds", "totalSeconds"}
        assert len(row["seconds"]) == 7 and sum(row["seconds"]) == row["totalSeconds"]
    assert doc["dayTotals"] == [sum(r["seconds"][i] for r in doc["rows"]) for i in range(7)]
    assert doc["totalSeconds"] == sum(doc["dayTotals"])

    code, out, _ = run(capsys, "week", "--format", "csv")
    lines = out.strip().splitlines()
    assert lines[0].startswith("Issue,Summary,") and lines[-1].startswith("Total,")
    assert len(lines) == len(doc["rows"]) + 2

    code, out, _ = run(capsys, "week", "--format", "md")
    assert out.startswith("| Issue | Summary |")

    code, out, _ = run(capsys, "week")
    assert "Europe/Berlin" in out and doc["rows"][0]["issueKey"] in out


def test_search_text_and_jql(jira: JiraEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "Meetings", "--json")
    assert code == 0 and MEETINGS in [i["key"] for i in json.loads(out)]
    code, out, _ = run(capsys, "search", "project = INT ORDER BY key", "--json")
    keys = [i["key"] for i in json.loads(out)]
    assert keys and all(k.startswith("INT-") for k in keys)
    code, _, err = run(capsys, "search", "nosuchfield = 3")
    assert code == 1 and "nosuchfield" in err


def test_doctor_all_good(jira: JiraEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "doctor")
    assert code == 0, out
    assert "✓ flavor" in out and jira.flavor in out and "Europe/Berlin" in out


@pytest.mark.parametrize("flavor", ["cloud"])
def test_unconfigured_points_to_the_demo(
    flavor: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in ("TUIWS_URL", "TUIWS_TOKEN", "TUIWS_EMAIL", "TUIWS_PROFILE", "TUIWS_FLAVOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TUIWS_CONFIG_DIR", str(tmp_path))
    code, _, err = run(capsys, "week")
    assert code == 2 and "tuiws --demo" in err


@pytest.mark.parametrize("flavor", ["cloud", "server"])
def test_demo_tour_runs(flavor: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--demo", flavor, "tour")
    assert code == 0, err
    assert "Deleted worklog" in out and "Total" in out


def test_split_demo() -> None:
    assert split_demo(["--demo", "server", "week"]) == (["week"], "server")
    assert split_demo(["--demo", "week"]) == (["week"], "cloud")
    assert split_demo(["week"]) == (["week"], None)


@pytest.mark.parametrize("flavor", ["cloud"])
def test_locate(
    flavor: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("TUIWS_CONFIG_DIR", str(tmp_path))
    code, out, _ = run(capsys, "locate", "config")
    assert code == 0 and out.strip() == str(tmp_path / "config.toml")
