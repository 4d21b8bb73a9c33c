"""Every `tuiws timer` command on a second backend (issue 12): Everit Timetracker on the
emulator, reached through the TUIWS_* environment as a user would, with the JSON shape the
README documents; a stop whose answer is lost is read back, never logged twice."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tuiws.cli import main
from tuiws.emulator import DEMO, JiraEmulator
from tuiws.emulator.everit import BASE_PATH
from tuiws.emulator.seed import MEETINGS
from tuiws.store.timer_store import TimerStore, timers_dir

STARTED_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$")


@pytest.fixture
def everit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[JiraEmulator]:
    """Jira for the issues, Everit for the worklogs, both on one emulator."""
    with JiraEmulator("cloud") as emu:
        for name in ("TUIWS_PROFILE", "TUIWS_TZ"):
            monkeypatch.delenv(name, raising=False)
        for name, value in {
            "TUIWS_CONFIG_DIR": str(tmp_path / "config"),
            "TUIWS_DATA_DIR": str(tmp_path / "data"),
            "TUIWS_URL": emu.url,
            "TUIWS_FLAVOR": "cloud",
            "TUIWS_EMAIL": DEMO.email,
            "TUIWS_TOKEN": DEMO.api_token,
            "TUIWS_WORKLOGS": "everit",
            "TUIWS_EVERIT_URL": emu.url + BASE_PATH,
            "TUIWS_EVERIT_TOKEN": DEMO.everit_api_key,
        }.items():
            monkeypatch.setenv(name, value)
        yield emu


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def move_start_back(**delta: float) -> datetime:
    [path] = [p for p in timers_dir().iterdir() if p.suffix == ".json"]
    timer = TimerStore(path).change(
        lambda t: t and replace(t, started=t.started - timedelta(**delta))
    )
    assert timer is not None
    return timer.started


def everit_writes(emu: JiraEmulator) -> list[str]:
    """Writes to Everit's worklogs (its details report is a POST too, but reads)."""
    return [r.method for r in emu.requests if r.path.startswith(BASE_PATH + "/worklog")]


def test_start_status_stop_log_on_everit_writes_one_worklog_at_the_minute(
    everit: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "timer", "start", MEETINGS, "-m", "Planning")
    assert code == 0 and f"Started a timer on {MEETINGS}" in out, err
    started = move_start_back(minutes=45, seconds=20)
    code, out, err = run(capsys, "timer", "status", "--json")
    assert code == 0, err
    status = json.loads(out)
    assert set(status) == {"issueKey", "started", "elapsedSeconds", "paused", "comment"}
    assert status["issueKey"] == MEETINGS and status["comment"] == "Planning"
    assert STARTED_SHAPE.match(status["started"]) and status["paused"] is False
    assert 45 * 60 + 20 <= status["elapsedSeconds"] < 45 * 60 + 80
    code, out, _ = run(capsys, "timer", "status")
    assert out.startswith(f"{MEETINGS} running 0:45:")

    everit.clear_log()
    # The answer is lost after Everit applied it: read back, found, not sent again.
    everit.drop_next(1, method="POST", path_contains=BASE_PATH)
    code, out, err = run(capsys, "timer", "stop", "--log")
    assert code == 0, err
    made = out.strip()
    assert made.isdigit() and "the timer is stopped" in err
    assert everit_writes(everit) == ["POST"]
    code, listed, _ = run(capsys, "worklogs", MEETINGS, "--json")
    [entry] = [e for e in json.loads(listed) if e["id"] == made]
    assert entry["timeSpentSeconds"] == 45 * 60 and entry["comment"] == "Planning"
    stored = datetime.strptime(entry["started"], "%Y-%m-%dT%H:%M:%S.%f%z")
    assert stored == started.replace(second=0, microsecond=0)
    assert run(capsys, "timer", "status", "--json")[1].strip() == "null"


def test_discard_and_cancel_on_everit_send_nothing(
    everit: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    everit.clear_log()
    assert run(capsys, "timer", "start", MEETINGS)[0] == 0
    code, _, err = run(capsys, "timer", "stop", "--discard")
    assert code == 0 and "nothing was logged" in err
    assert run(capsys, "timer", "start", MEETINGS)[0] == 0
    code, _, err = run(capsys, "timer", "cancel")
    assert code == 0 and f"Cancelled the timer on {MEETINGS}" in err
    assert everit.requests == []
    assert run(capsys, "timer", "status")[1].strip() == "No timer is running."
    assert run(capsys, "timer", "status", "--json")[1].strip() == "null"
