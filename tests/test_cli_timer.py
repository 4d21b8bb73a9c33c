"""`tuiws timer start|stop|status|cancel` against the emulator over HTTP."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tuiws.cli import main
from tuiws.cli.parser import build_parser
from tuiws.cli.timer_command import run_timer
from tuiws.config import load_config, resolve_profile
from tuiws.emulator import JiraEmulator
from tuiws.emulator.seed import MEETINGS, UNBROWSABLE
from tuiws.store.timer_store import TimerStore, timers_dir

STARTED_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$")
TUIWS = [sys.executable, "-m", "tuiws.entry"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def the_store() -> TimerStore:
    [path] = [p for p in timers_dir().iterdir() if p.suffix == ".json"]
    return TimerStore(path)


def move_start_back(**delta: float) -> datetime:
    """Pretend the timer was started `delta` ago (the clock of a real process moves on)."""
    store = the_store()
    timer = store.change(lambda t: t and replace(t, started=t.started - timedelta(**delta)))
    assert timer is not None
    return timer.started


def writes(jira: JiraEmulator) -> list[str]:
    return [f"{r.method} {r.path}" for r in jira.requests if r.method != "GET"]


def test_start_status_stop_log_writes_one_worklog_from_the_true_start(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "timer", "start", MEETINGS.lower(), "-m", "Planning")
    assert code == 0, err
    assert f"Started a timer on {MEETINGS}" in out
    started = move_start_back(minutes=90, seconds=10)

    code, out, err = run(capsys, "timer", "status", "--json")
    assert code == 0, err
    status = json.loads(out)
    assert set(status) == {"issueKey", "started", "elapsedSeconds", "paused", "comment"}
    assert status["issueKey"] == MEETINGS and status["comment"] == "Planning"
    assert STARTED_SHAPE.match(status["started"])
    assert 90 * 60 + 10 <= status["elapsedSeconds"] < 90 * 60 + 70
    assert status["paused"] is False

    code, out, _ = run(capsys, "timer", "status")
    assert out.startswith(f"{MEETINGS} running 1:30:") and out.rstrip().endswith(": Planning")

    code, out, err = run(capsys, "timer", "stop", "--log")
    assert code == 0, err
    worklog_id = out.strip()
    assert worklog_id.isdigit()
    [logged] = [w for w in jira.state.worklogs_for(MEETINGS) if str(w.id) == worklog_id]
    assert logged.time_spent_seconds == 90 * 60
    assert abs(logged.started - started) < timedelta(seconds=1)
    assert "the timer is stopped" in err
    assert run(capsys, "timer", "status", "--json")[1].strip() == "null"


def test_stop_with_a_message_replaces_the_comment(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "timer", "start", MEETINGS, "-m", "first")[0] == 0
    move_start_back(minutes=5)
    code, out, err = run(capsys, "timer", "stop", "--log", "-m", "Standup")
    assert code == 0, err
    code, listed, _ = run(capsys, "worklogs", MEETINGS, "--json")
    [entry] = [e for e in json.loads(listed) if e["id"] == out.strip()]
    assert entry["comment"] == "Standup" and entry["timeSpentSeconds"] == 300


@pytest.mark.parametrize("flavor", ["cloud"])
def test_discard_and_cancel_send_nothing(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    jira.clear_log()
    assert run(capsys, "timer", "start", MEETINGS)[0] == 0
    code, _, err = run(capsys, "timer", "stop", "--discard")
    assert code == 0 and "nothing was logged" in err
    assert run(capsys, "timer", "start", MEETINGS)[0] == 0
    code, _, err = run(capsys, "timer", "cancel")
    assert code == 0 and "Cancelled the timer on INT-1" in err
    assert jira.requests == []
    assert run(capsys, "timer", "status")[1].strip() == "No timer is running."


@pytest.mark.parametrize("flavor", ["cloud"])
@pytest.mark.parametrize("verb", [("stop", "--log"), ("stop", "--discard"), ("cancel",)])
def test_no_timer_is_bad_input(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str], verb: tuple[str, ...]
) -> None:
    code, _, err = run(capsys, "timer", *verb)
    assert code == 2 and "no timer is running" in err


@pytest.mark.parametrize("flavor", ["cloud"])
def test_starting_another_issue_in_the_shell_changes_nothing(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "timer", "start", MEETINGS)[0] == 0
    before = the_store().load()
    code, _, err = run(capsys, "timer", "start", "INT-2")
    assert code == 2 and f"a timer is running on {MEETINGS}" in err
    assert the_store().load() == before
    code, out, _ = run(capsys, "timer", "start", MEETINGS)  # the same issue: keeps its start
    assert code == 0 and "already running" in out and the_store().load() == before


@pytest.mark.parametrize("flavor", ["cloud"])
def test_stop_without_a_choice_and_no_terminal_keeps_it_running(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    assert run(capsys, "timer", "start", MEETINGS)[0] == 0
    code, _, err = run(capsys, "timer", "stop")
    assert code == 2 and "--log or --discard" in err
    assert the_store().load() is not None


@pytest.mark.parametrize("flavor", ["cloud"])
def test_an_overnight_timer_is_not_logged_without_asking(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    assert run(capsys, "timer", "start", MEETINGS)[0] == 0
    move_start_back(hours=13)
    jira.clear_log()
    code, _, err = run(capsys, "timer", "stop", "--log")
    assert code == 2 and "more than 12 h" in err
    assert jira.requests and writes(jira) == []  # it signed in, then wrote nothing
    assert the_store().load() is not None


def test_an_overnight_timer_logs_what_the_answer_says(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "timer", "start", MEETINGS)[0] == 0
    move_start_back(hours=14)
    asked: list[str] = []
    args = build_parser().parse_args(["timer", "stop", "--log"])
    profile = resolve_profile(load_config(), os.environ, None)

    def answer(prompt: str) -> str:
        asked.append(prompt)
        return "7h 30m"

    code = run_timer(args, profile, sys.stdout, sys.stderr, ask=answer)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert [w for w in writes(jira) if w.startswith("POST")], "one worklog was created"
    assert "more than 12 h" in asked[0]
    [logged] = [w for w in jira.state.worklogs_for(MEETINGS) if str(w.id) == out.strip()]
    assert logged.time_spent_seconds == 7 * 3600 + 30 * 60


@pytest.mark.parametrize("flavor", ["cloud"])
def test_a_failed_log_keeps_the_timer_running(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "timer", "start", UNBROWSABLE)[0] == 0
    move_start_back(minutes=30)
    before = the_store().load()
    code, _, err = run(capsys, "timer", "stop", "--log")
    assert code in (1, 2) and "The timer keeps running." in err
    assert the_store().load() == before


@pytest.mark.parametrize("flavor", ["cloud"])
def test_a_bad_issue_key_starts_nothing(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "timer", "start", "../etc")
    assert code == 2, err
    assert not timers_dir().exists() or not list(timers_dir().glob("*.json"))


@pytest.mark.parametrize("flavor", ["cloud"])
def test_a_timer_outlives_its_process_killed_with_sigkill(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Started by one process that is then killed (-9): a new process sees it from the same
    start, still running."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from tuiws.cli import main; main(sys.argv[1:]); "
            "print('started', flush=True); time.sleep(600)",
            "timer",
            "start",
            MEETINGS,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=os.environ.copy(),
    )
    assert holder.stdout is not None
    assert b"started" in holder.stdout.readline() + holder.stdout.readline()
    before = the_store().load()
    holder.send_signal(signal.SIGKILL)
    assert holder.wait(timeout=30) == -signal.SIGKILL
    done = subprocess.run(
        [*TUIWS, "timer", "status", "--json"], capture_output=True, timeout=60, text=True
    )
    assert done.returncode == 0, done.stderr
    status = json.loads(done.stdout)
    assert before is not None and status["issueKey"] == MEETINGS
    assert datetime.strptime(status["started"], "%Y-%m-%dT%H:%M:%S.%f%z") == before.started.replace(
        microsecond=before.started.microsecond // 1000 * 1000
    )
    assert status["elapsedSeconds"] >= 0
