"""`tuiws log` when the site cannot be reached at sign-in (issue 10, the offline queue): the
worklog is kept in the journal as queued, the command says so and exits 3, and the next run
that reaches the server sends it exactly once (read back first), or reports it refused."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tuiws.cli import main
from tuiws.emulator import JiraEmulator
from tuiws.emulator.seed import MEETINGS

DAY = "2025-03-12"
OFFLINE_LOG = ("log", MEETINGS, "47m", "--date", DAY, "--start", "09:15", "-m", "Offline")


@pytest.fixture
def quick_give_up(jira: JiraEmulator, tmp_path: Path) -> None:
    """A profile (on the emulator) that stops retrying a refused connection within a second."""
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "config.toml").write_text(
        'default_profile = "work"\n[profiles.work]\n'
        f'url = "{jira.url}"\nflavor = "{jira.flavor}"\nzone = "Europe/Berlin"\n'
        "retry_budget_seconds = 0.5\n",
        encoding="utf-8",
    )


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def offline_worklogs(emu: JiraEmulator) -> list[str]:
    return [
        str(w.id)
        for w in emu.state.worklogs_for(MEETINGS)
        if w.time_spent_seconds == 47 * 60 and w.started.date().isoformat() == DAY
    ]


@pytest.mark.usefixtures("quick_give_up")
def test_log_at_a_failed_sign_in_is_queued_and_the_next_run_sends_it_once(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    jira.stop()
    code, out, err = run(capsys, *OFFLINE_LOG)
    assert code == 3, err  # not settled: queued in the journal
    assert "Cannot reach" in err
    assert "queued: will be sent by the next tuiws run or `tuiws queue`" in err
    assert "47m on MEET-1 (Wed 2025-03-12 09:15 Europe/Berlin)".replace("MEET-1", MEETINGS) in err
    assert out == ""
    jira.start()
    assert jira.writes() == []
    code, out, err = run(capsys, "queue")
    assert code == 0 and MEETINGS in out and "add 47m from 2025-03-12" in out
    # The next run that gets through sends it first, read back, then does its own write.
    code, out, err = run(capsys, "log", MEETINGS, "20m", "--date", DAY, "--start", "11:00", "--yes")
    assert code == 0, err
    assert "A queued save (log 47m on" in err and "was sent as worklog" in err
    [made] = offline_worklogs(jira)
    assert f"as worklog {made}" in err and out.strip() != made
    code, _, err = run(capsys, "queue", "retry")
    assert code == 0 and "The queue is empty." in err and "A queued save" not in err
    assert offline_worklogs(jira) == [made]
    assert [r.method for r in jira.writes()].count("POST") == 2


@pytest.mark.parametrize("flavor", ["cloud"])
@pytest.mark.usefixtures("quick_give_up")
def test_bad_input_is_refused_offline_and_nothing_is_queued(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    jira.stop()
    code, _, err = run(capsys, "log", "not a key", "47m")
    assert code == 2 and "Nothing was written." in err
    code, _, err = run(capsys, "log", MEETINGS, "47 parsecs")
    assert code == 2 and "Nothing was written." in err
    jira.start()
    code, _, err = run(capsys, "queue")
    assert code == 0 and "The queue is empty." in err


@pytest.mark.parametrize("flavor", ["server"])
@pytest.mark.usefixtures("quick_give_up")
def test_a_queued_log_the_server_refuses_is_reported_refused_by_the_next_run(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    jira.stop()
    code, _, err = run(capsys, "log", "NOPE-999", "47m", "--date", DAY)
    assert code == 3 and "queued" in err
    jira.start()
    code, _, err = run(capsys, "queue", "retry")
    assert "A queued save (log 47m on NOPE-999" in err and "was refused" in err
    assert code == 0 and "The queue is empty." in err
    assert all(r.status >= 400 for r in jira.writes())  # nothing written


@pytest.mark.parametrize("flavor", ["cloud"])
@pytest.mark.usefixtures("quick_give_up")
def test_the_queue_is_listed_and_dropped_with_the_server_still_out_of_reach(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    jira.stop()
    code, _, err = run(capsys, *OFFLINE_LOG)
    assert code == 3, err
    code, out, err = run(capsys, "queue")  # no sign-in: the journal alone answers
    assert code == 0, err
    [line] = out.splitlines()
    operation = line.split()[0]
    assert f"{MEETINGS}  add 47m from 2025-03-12" in line
    assert "Cannot reach" not in err
    code, out, err = run(capsys, "queue", "drop", operation)
    assert code == 0 and f"Dropped {operation}; it was never sent." in out
    code, out, err = run(capsys, "queue")
    assert code == 0 and out == "" and "The queue is empty." in err
    jira.start()
    code, _, err = run(capsys, "queue", "retry")
    assert code == 0 and jira.writes() == []  # the dropped save is never sent


# -- `tuiws edit` and `delete` at a failed sign-in: queued against the cached worklog ---------


# Within the window a sync pulls (DAY is long before it).
RECENT = datetime.now(ZoneInfo("Europe/Berlin")).date() - timedelta(days=3)


def synced_worklog(jira: JiraEmulator, capsys: pytest.CaptureFixture[str]) -> str:
    """A worklog of mine made online, then the local cache synced so it holds it."""
    at = ("--date", RECENT.isoformat(), "--start", "10:00", "--yes")
    code, out, err = run(capsys, "log", MEETINGS, "1h", *at)
    assert code == 0, err
    code, _, err = run(capsys, "sync")
    assert code == 0, err
    return out.strip()


@pytest.mark.usefixtures("quick_give_up")
def test_edit_at_a_failed_sign_in_is_queued_and_sent_onto_the_unchanged_worklog(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    made = synced_worklog(jira, capsys)
    jira.stop()
    code, out, err = run(capsys, "edit", MEETINGS, made, "--duration", "2h", "-m", "Offline")
    assert code == 3, err
    assert f"the edit of worklog {made} on {MEETINGS} (2h from {RECENT:%a %Y-%m-%d} 10:00" in err
    assert "queued: will be sent by the next tuiws run or `tuiws queue`" in err and out == ""
    jira.start()
    jira.clear_log()
    code, _, err = run(capsys, "queue", "retry")
    assert code == 0 and f"A queued save (edit worklog {made}: 2h on {MEETINGS}" in err, err
    worklog = jira.state.worklog(made)
    assert worklog.time_spent_seconds == 7200
    assert [r.method for r in jira.writes()] == ["PUT"]


@pytest.mark.parametrize("flavor", ["cloud"])
@pytest.mark.usefixtures("quick_give_up")
def test_a_queued_edit_of_a_worklog_changed_since_the_sync_is_refused_unsent(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    """The cache's copy was old: sending the edit would have undone the server's change."""
    made = synced_worklog(jira, capsys)
    jira.stop()
    code, _, err = run(capsys, "edit", MEETINGS, made, "-m", "Offline")
    assert code == 3, err
    jira.start()
    jira.state.update_worklog(made, seconds=3 * 3600)  # changed in the browser meanwhile
    jira.clear_log()
    code, _, err = run(capsys, "queue", "retry")
    assert "was refused: the worklog changed on the server after this change was queued" in err
    assert "(its time is now 3h)" in err and code == 0
    assert jira.writes() == [] and jira.state.worklog(made).time_spent_seconds == 3 * 3600


@pytest.mark.parametrize("flavor", ["server"])
@pytest.mark.usefixtures("quick_give_up")
def test_delete_at_a_failed_sign_in_is_queued_once_confirmed_and_sent(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    made = synced_worklog(jira, capsys)
    jira.stop()
    code, _, err = run(capsys, "delete", MEETINGS, made)  # no terminal to ask: refused
    assert code == 2 and "without --yes" in err
    code, _, err = run(capsys, "delete", MEETINGS, made, "--yes")
    assert code == 3 and f"the delete of worklog {made} on {MEETINGS}: 1h from" in err, err
    jira.start()
    code, _, err = run(capsys, "queue", "retry")
    assert code == 0 and f"A queued save (delete worklog {made}" in err, err
    assert made not in {str(w.id) for w in jira.state.worklogs_for(MEETINGS)}


@pytest.mark.parametrize("flavor", ["cloud"])
@pytest.mark.usefixtures("quick_give_up")
def test_a_worklog_the_cache_does_not_hold_cannot_be_changed_offline(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    jira.stop()
    for command in (("edit", MEETINGS, "12345", "--duration", "2h"), ("delete", MEETINGS, "1")):
        code, _, err = run(capsys, *command)
        assert code == 1, err
        assert "the local cache does not hold worklog" in err and "cannot be queued" in err
    code, out, err = run(capsys, "queue")
    assert code == 0 and out == "" and "The queue is empty." in err
