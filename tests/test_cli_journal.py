"""The command line and the write journal, both flavors over real HTTP: issue 10's case 2 (a
killed `tuiws log`, then the same command again), case 5's exit 3 and what the next run says,
`tuiws sync` settling unfinished writes, the queue and undo."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tuiws.cli import main
from tuiws.emulator import JiraEmulator
from tuiws.emulator.seed import MEETINGS

DAY = "2025-03-12"
# --yes: a day this far back is asked about (issue 10's sanity checks), not what these test.
LOG = ("log", MEETINGS, "1h", "--date", DAY, "--start", "09:15", "-m", "Planning", "--yes")
TUIWS = str(Path(sys.executable).parent / "tuiws")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def logged(emu: JiraEmulator, seconds: int = 3600) -> list[str]:
    """The ids of worklogs of `seconds` on the test's day (the seed has none there)."""
    return [
        str(w.id)
        for w in emu.state.worklogs_for(MEETINGS)
        if w.time_spent_seconds == seconds and w.started.date().isoformat() == DAY
    ]


def test_exit_3_when_the_outcome_is_unknown_and_the_next_run_says_what_it_found(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    jira.drop_next(1, method="POST")
    jira.fail_next(1, 500, method="GET", path_contains="/worklog")
    code, out, err = run(capsys, *LOG)
    assert code == 3, err
    assert "may have been saved" in err and "the next run checks" in err
    assert out == ""
    [made] = logged(jira)
    # The same command again: the journal's entry is read back first; nothing is sent twice.
    code, out, err = run(capsys, *LOG)
    assert code == 0, err
    assert f"was saved as worklog {made}" in err
    assert out.strip() == made
    assert logged(jira) == [made]


@pytest.mark.parametrize("verb", ["edit", "delete"])
def test_exit_3_for_an_edit_or_delete_then_sync_settles_it(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str], verb: str
) -> None:
    code, out, _ = run(capsys, *LOG)
    worklog_id = out.strip()
    method = "PUT" if verb == "edit" else "DELETE"
    jira.drop_next(1, method=method)
    # The read before the write passes; the read-back gets 429s past the retry wait budget.
    jira.fail_next(50, 429, retry_after=90, method="GET", path_contains="/worklog", after=1)
    args: tuple[str, ...] = ("edit", MEETINGS, worklog_id, "--duration", "2h")
    if verb == "delete":
        args = ("delete", MEETINGS, worklog_id, "--yes")
    code, _, err = run(capsys, *args)
    assert code == 3, err
    assert "may have been saved" in err
    jira.clear_faults()
    code, _, err = run(capsys, "sync")
    assert code == 0, err
    assert "went through" in err
    code, _, err = run(capsys, "sync")
    assert "went through" not in err  # settled once


def test_the_readme_documents_the_exit_codes() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    for line in ("0 done", "1 failed", "2 bad input", "3 unknown"):
        assert line in readme, line


def _kill_when(proc: subprocess.Popen[str], applied: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 20
    while not applied():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the write never reached the emulator"
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


@pytest.mark.xdist_group("killed")
@pytest.mark.parametrize("verb", ["log", "edit", "delete"])
def test_a_killed_run_then_the_same_command_writes_once(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str], verb: str
) -> None:
    """SIGKILL between send and answer (the emulator applied it and answers late), re-run."""
    target = ""
    args: tuple[str, ...] = LOG
    if verb != "log":
        code, out, _ = run(capsys, *LOG)
        target = out.strip()
        args = ("edit", MEETINGS, target, "--duration", "2h")
        if verb == "delete":
            args = ("delete", MEETINGS, target, "--yes")
    method = {"log": "POST", "edit": "PUT", "delete": "DELETE"}[verb]
    jira.delay_next(1, 15.0, method=method)
    proc = subprocess.Popen(
        [TUIWS, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )

    def applied() -> bool:
        if verb == "log":
            return len(logged(jira)) == 1
        ids = {str(w.id) for w in jira.state.worklogs_for(MEETINGS)}
        if verb == "delete":
            return target not in ids
        return jira.state.worklog(target).time_spent_seconds == 7200

    _kill_when(proc, applied)
    jira.clear_faults()
    code, out, err = run(capsys, *args)
    assert code == 0, err
    assert "An earlier save whose answer was lost" in err
    if verb == "log":
        [made] = logged(jira)
        assert out.strip() == made
        # The killed run's POST is still unanswered (so not yet in the log): the re-run sent none.
        assert [r for r in jira.writes() if r.method == "POST"] == []
    elif verb == "edit":
        assert jira.state.worklog(target).time_spent_seconds == 7200
        assert logged(jira, 7200) == [target]
    else:
        assert logged(jira) == []


def test_undo_asks_unless_yes_then_undoes_once(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, *LOG)
    made = out.strip()
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, _, err = run(capsys, "undo")
    assert code == 2 and f"delete worklog {made}" in err and "--yes" in err
    assert logged(jira) == [made]
    code, out, _ = run(capsys, "undo", "--yes")
    assert code == 0 and out.startswith(f"Undone: delete worklog {made}")
    assert logged(jira) == []
    code, out, _ = run(capsys, "undo", "--yes")  # the undo undone: logged again
    assert code == 0 and "log again" in out
    assert len(logged(jira)) == 1
    code, _, err = run(capsys, "undo", "--yes")
    assert code == 0 and "Nothing to undo." in err


def test_queue_lists_and_refuses_an_unknown_drop(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "queue")
    assert code == 0 and out == "" and "The queue is empty." in err
    code, _, err = run(capsys, "queue", "drop", "no-such-op")
    assert code == 2 and "no queued save no-such-op" in err
    code, _, err = run(capsys, "queue", "retry")
    assert code == 0
