"""`tuiws log` and `tuiws edit` ask before a doubtful write (issue 10's sanity checks): y/N on
a terminal, exit 2 with the question in a script unless `--yes`; over real HTTP."""

from __future__ import annotations

import sys
from datetime import date, timedelta

import pytest

from tuiws.cli import main
from tuiws.emulator import JiraEmulator
from tuiws.emulator.adf import plain_words
from tuiws.emulator.seed import MEETINGS

# Ten days ahead: near enough not to be asked about, and a day the seed leaves empty.
AHEAD = (date.today() + timedelta(days=10)).isoformat()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def writes(jira: JiraEmulator) -> list[str]:
    return [f"{r.method} {r.path}" for r in jira.requests if r.method != "GET"]


def on_day(jira: JiraEmulator, day: str) -> list[int]:
    return [
        w.time_spent_seconds
        for w in jira.state.worklogs_for(MEETINGS)
        if w.started.date().isoformat() == day
    ]


@pytest.fixture
def script(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answers typed at the y/N prompt, in order; the prompts shown are appended after."""
    answers: list[str] = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)

    def typed(prompt: str = "") -> str:
        answers.append(prompt)
        return answers.pop(0)

    monkeypatch.setattr("builtins.input", typed)
    return answers


LOG = ("log", MEETINGS, "1h", "--date", AHEAD, "--start", "09:00", "-m", "Review")


@pytest.mark.usefixtures("script")
def test_a_duplicate_is_refused_in_a_script_and_logged_with_yes(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *LOG)
    assert code == 0, err
    first = out.strip()
    jira.clear_log()
    code, out, err = run(capsys, *LOG)
    assert code == 2 and out == ""
    assert f"already has this worklog (worklog {first})" in err and "--yes" in err
    assert writes(jira) == []
    code, out, err = run(capsys, *LOG, "--yes")
    assert code == 0, err
    assert out.strip() != first and on_day(jira, AHEAD) == [3600, 3600]


@pytest.mark.parametrize("flavor", ["server"])
@pytest.mark.usefixtures("script")
def test_a_day_over_24_hours_and_a_date_far_ahead_are_asked(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    for start in ("01:00", "13:00"):
        code, _, err = run(capsys, "log", MEETINGS, "12h", "--date", AHEAD, "--start", start)
        assert code == 0, err  # 24 h is a full day, not more
    code, _, err = run(capsys, "log", MEETINGS, "1m", "--date", AHEAD, "--start", "23:59")
    assert code == 2 and "with this worklog, more than 24 h in one day" in err
    far = (date.today() + timedelta(days=40)).isoformat()
    code, _, err = run(capsys, "log", MEETINGS, "1h", "--date", far)
    assert code == 2 and "days ahead (more than 14)" in err
    assert on_day(jira, far) == [] and on_day(jira, AHEAD) == [43200, 43200]


def test_on_a_terminal_no_keeps_it_unlogged_and_yes_logs_it(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str], terminal: list[str]
) -> None:
    args = ("log", MEETINGS, "13h", "--date", AHEAD, "--start", "06:00")
    terminal.append("n")
    code, out, err = run(capsys, *args)
    assert code == 0 and out == ""
    assert "tuiws: 13:00 in one worklog is more than 12 h." in err
    assert terminal == ["Log it anyway? [y/N] "]
    assert "Nothing was logged." in err and on_day(jira, AHEAD) == []
    terminal[:] = ["y"]
    code, out, err = run(capsys, *args)
    assert code == 0 and out.strip().isdigit()
    assert on_day(jira, AHEAD) == [13 * 3600]


@pytest.mark.parametrize("flavor", ["cloud"])
@pytest.mark.usefixtures("script")
def test_an_edit_is_asked_about_what_it_changes_only(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, *LOG)
    made = out.strip()
    code, _, err = run(capsys, "edit", MEETINGS, made, "--duration", "13h")
    assert code == 2 and "more than 12 h" in err and "--yes to edit it anyway" in err
    assert on_day(jira, AHEAD) == [3600]
    code, _, err = run(capsys, "edit", MEETINGS, made, "--duration", "13h", "--yes")
    assert code == 0, err
    code, _, err = run(capsys, "edit", MEETINGS, made, "-m", "Long review")
    assert code == 0, err  # it was 13 h before: a comment's edit asks nothing
    comment = jira.state.worklog(made).comment
    assert "Long review" in (comment if isinstance(comment, str) else plain_words(comment or {}))


@pytest.mark.parametrize("flavor", ["cloud"])
@pytest.mark.usefixtures("script")
def test_a_rerun_after_a_lost_answer_is_its_result_not_a_duplicate_to_ask_about(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    jira.drop_next(1, method="POST")
    jira.fail_next(1, 500, method="GET", path_contains="/worklog")
    code, _, err = run(capsys, *LOG, "--yes")
    assert code == 3, err
    [_] = on_day(jira, AHEAD)
    code, out, err = run(capsys, *LOG)
    assert code == 0, err
    assert "was saved as worklog" in err and "already has this worklog" not in err
    assert out.strip().isdigit() and on_day(jira, AHEAD) == [3600]
