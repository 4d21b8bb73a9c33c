"""`tuiws week --copy-from -1` and `tuiws fill ISSUE --to-target` against the emulator over
HTTP, on Jira and on Tempo: the plan printed, sent only when asked, per-item status and exit
codes, and a re-run sending only what is not there yet."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from contextlib import nullcontext
from datetime import date, datetime, timedelta

import pytest

from tuiws.app.demo import demo_profile
from tuiws.cli import main
from tuiws.emulator import JiraEmulator
from tuiws.emulator.seed import ADMIN, MEETINGS
from tuiws.emulator.tempo import tempo_store

cli_main = importlib.import_module("tuiws.cli.main")  # the module (the package exports `main`)
ON_CLOUD = pytest.mark.parametrize("flavor", ["cloud"])

ITEM_KEYS = {
    "issue",
    "date",
    "started",
    "timeSpentSeconds",
    "comment",
    "status",
    "worklogId",
    "message",
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def far_monday(weeks: int = 10) -> date:
    """A Monday weeks ahead: nothing of the seed is there, so the test decides what is."""
    today = datetime.now().date()
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)


def posts(jira: JiraEmulator) -> int:
    return sum(1 for r in jira.writes() if r.method == "POST")


def in_week(jira: JiraEmulator, monday: date) -> list[tuple[str, int, str]]:
    """(issue key, seconds, worklog id) of the worklogs around that week (the seed has none)."""
    found = []
    for w in jira.state.all_worklogs():
        day = w.started.date()
        if monday - timedelta(days=1) <= day <= monday + timedelta(days=7):
            found.append((jira.state.issue_of(w).key, w.time_spent_seconds, str(w.id)))
    return sorted(found)


def log_source_week(capsys: pytest.CaptureFixture[str], monday: date) -> None:
    for issue, duration, day, start, message in (
        (MEETINGS, "1h", monday, "09:00", "Standup and planning"),
        (ADMIN, "2h 30m", monday + timedelta(days=2), "13:00", "Expenses"),
    ):
        code, _, err = run(
            capsys,
            "log",
            issue,
            duration,
            "--date",
            day.isoformat(),
            "--start",
            start,
            "-m",
            message,
            "--yes",  # far-future weeks keep the tests apart; the date question is not theirs
        )
        assert code == 0, err


@ON_CLOUD
def test_copy_from_last_week_dry_run_then_sent_then_nothing_left(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    target = far_monday()
    log_source_week(capsys, target - timedelta(weeks=1))
    before = posts(jira)

    code, out, err = run(
        capsys, "week", "--copy-from", "-1", "--date", target.isoformat(), "--dry-run", "--json"
    )
    assert code == 0, err
    plan = json.loads(out)
    assert [set(i) for i in plan] == [ITEM_KEYS, ITEM_KEYS]
    assert [(i["issue"], i["date"], i["timeSpentSeconds"], i["status"]) for i in plan] == [
        (MEETINGS, target.isoformat(), 3600, "pending"),
        (ADMIN, (target + timedelta(days=2)).isoformat(), 9000, "pending"),
    ]
    assert plan[0]["started"].startswith(f"{target.isoformat()}T09:00:00.000")
    assert plan[0]["comment"] == "Standup and planning" and plan[0]["worklogId"] is None
    assert "Dry run: nothing was sent." in err
    assert posts(jira) == before

    # No terminal to ask and no --yes: the plan is shown, nothing is sent.
    code, out, err = run(capsys, "week", "--copy-from", "-1", "--date", target.isoformat())
    assert code == 2 and "Add --yes to send" in err and "Nothing was sent." in err
    assert f"{MEETINGS}" in out and "pending" in out
    assert posts(jira) == before

    code, out, err = run(
        capsys, "week", "--copy-from", "-1", "--date", target.isoformat(), "--yes", "--json"
    )
    assert code == 0, err
    sent = json.loads(out)
    assert [i["status"] for i in sent] == ["sent", "sent"]
    ids = sorted(i["worklogId"] for i in sent)
    assert sorted(w for _, _, w in in_week(jira, target)) == ids
    assert sorted((k, s) for k, s, _ in in_week(jira, target)) == sorted(
        [(ADMIN, 9000), (MEETINGS, 3600)]
    )

    # Copying again proposes nothing: those worklogs are there now.
    code, out, err = run(capsys, "week", "--copy-from", "-1", "--date", target.isoformat(), "--yes")
    assert code == 0 and "Nothing to log" in err
    assert len(in_week(jira, target)) == 2


@ON_CLOUD
def test_a_failed_item_leaves_the_rest_sent_and_a_rerun_sends_only_it(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    target = far_monday(11)
    log_source_week(capsys, target - timedelta(weeks=1))
    # The second add is refused (400, nothing applied); the first goes through.
    jira.fail_next(1, 400, method="POST", path_contains="/worklog", after=1)

    code, out, err = run(
        capsys, "week", "--copy-from", "-1", "--date", target.isoformat(), "--yes", "--json"
    )
    assert code == 1, err
    first = json.loads(out)
    assert [i["status"] for i in first] == ["sent", "failed"]
    assert first[1]["message"] and first[1]["worklogId"] is None
    assert [k for k, _, _ in in_week(jira, target)] == [MEETINGS]

    before = posts(jira)
    code, out, err = run(
        capsys, "week", "--copy-from", "-1", "--date", target.isoformat(), "--yes", "--json"
    )
    assert code == 0, err
    again = json.loads(out)
    assert [(i["issue"], i["status"]) for i in again] == [(ADMIN, "sent")]
    assert posts(jira) == before + 1
    assert sorted(k for k, _, _ in in_week(jira, target)) == sorted([ADMIN, MEETINGS])


@ON_CLOUD
def test_fill_to_target_logs_the_days_gap_once(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    day = far_monday(12)
    code, _, err = run(
        capsys, "log", ADMIN, "3h", "--date", day.isoformat(), "--start", "08:00", "--yes"
    )
    assert code == 0, err

    code, out, err = run(capsys, "fill", MEETINGS, "--to-target", "--date", day.isoformat())
    assert code == 2 and "--yes" in err  # no terminal to ask
    code, out, err = run(
        capsys, "fill", MEETINGS, "--to-target", "--date", day.isoformat(), "--dry-run"
    )
    assert code == 0, err
    assert "11:00" in out and MEETINGS in out and "5:00" in out and "pending" in out

    code, out, err = run(
        capsys, "fill", MEETINGS, "--to-target", "--date", day.isoformat(), "--yes", "--json"
    )
    assert code == 0, err
    [item] = json.loads(out)
    assert item["timeSpentSeconds"] == 5 * 3600 and item["status"] == "sent"
    assert item["started"].startswith(f"{day.isoformat()}T11:00")
    assert (MEETINGS, 5 * 3600, item["worklogId"]) in in_week(jira, day)

    code, out, err = run(capsys, "fill", MEETINGS, "--to-target", "--date", day.isoformat())
    assert code == 0 and "Nothing to log" in err and json.loads(out or "[]") == []

    saturday = (day + timedelta(days=5)).isoformat()
    code, _, err = run(capsys, "fill", MEETINGS, "--to-target", "--date", saturday, "--yes")
    assert code == 0 and "Nothing to log" in err  # a weekend needs nothing


@ON_CLOUD
def test_fill_needs_to_target_and_copy_needs_an_earlier_week(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "fill", MEETINGS, "--yes")
    assert code == 2 and "--to-target" in err
    code, _, err = run(capsys, "week", "--copy-from", "1")
    assert code == 2 and "-1 for last week" in err
    code, _, err = run(capsys, "week", "--dry-run")
    assert code == 2 and "--copy-from" in err
    code, _, err = run(capsys, "week", "--copy-from", "-1", "--format", "csv")
    assert code == 2 and "--json" in err
    assert posts(jira) == 0


@pytest.fixture
def tempo(monkeypatch: pytest.MonkeyPatch) -> Iterator[JiraEmulator]:
    """`tuiws --demo tempo COMMAND` on one emulator kept across commands (the demo's own
    emulator lives for one command)."""
    with JiraEmulator("cloud") as emu:
        # Tempo's per-token limit (a real CLI would wait it out for seconds) is not tested here.
        tempo_store(emu.state).rate_limit = None
        profile = demo_profile(emu, worklogs="tempo")
        monkeypatch.setattr(cli_main, "profile_for", lambda args, demo: nullcontext(profile))
        yield emu


def test_tempo_copies_last_week_with_its_attributes_and_fills_to_its_schedule(
    tempo: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    target = far_monday()
    source = (target - timedelta(weeks=1)).isoformat()
    code, _, err = run(
        capsys, "--demo", "tempo", "log", MEETINGS, "1h", "--date", source, "--start", "09:00",
        "--attribute", "_Account_=INTERNAL", "--yes",
    )  # fmt: skip
    assert code == 0, err
    code, out, err = run(
        capsys, "--demo", "tempo", "week", "--copy-from", "-1", "--date", target.isoformat(),
        "--yes", "--json",
    )  # fmt: skip
    assert code == 0, err
    [copied] = json.loads(out)  # it carried its _Account_, which Tempo requires
    assert copied["status"] == "sent" and copied["date"] == target.isoformat()
    assert [(k, s) for k, s, _ in in_week(tempo, target)] == [(MEETINGS, 3600)]

    day = (target + timedelta(days=1)).isoformat()
    code, out, err = run(
        capsys, "--demo", "tempo", "fill", ADMIN, "--to-target", "--date", day, "--json",
        "--yes", "--attribute", "_Account_=INTERNAL",
    )  # fmt: skip
    assert code == 0, err
    [item] = json.loads(out)
    assert item["status"] == "sent" and item["timeSpentSeconds"] == 8 * 3600  # Tempo's schedule
    saturday = (target + timedelta(days=5)).isoformat()
    code, _, err = run(capsys, "--demo", "tempo", "fill", ADMIN, "--to-target", "--date", saturday)
    assert code == 0 and "Nothing to log" in err


@ON_CLOUD
def test_on_a_terminal_it_asks_before_sending(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio
    import io
    import os

    from tuiws.cli.context import Context
    from tuiws.cli.fill_commands import cmd_copy_week
    from tuiws.cli.parser import build_parser
    from tuiws.config import load_config, resolve_profile
    from tuiws.services.session import Session

    target = far_monday(13)
    log_source_week(capsys, target - timedelta(weeks=1))
    profile = resolve_profile(load_config(), os.environ, None)
    args = build_parser().parse_args(["week", "--copy-from", "-1", "--date", target.isoformat()])
    asked: list[str] = []

    def answering(reply: str) -> int:
        def ask(question: str) -> str:
            asked.append(question)
            return reply

        async def command(ctx: Context, session: Session) -> int:
            return await cmd_copy_week(ctx, session, ask=ask)

        ctx = Context(args, io.StringIO(), io.StringIO(), profile)
        code: int = asyncio.run(cli_main.with_session(ctx, command))
        return code

    assert answering("n") == 0 and in_week(jira, target) == []
    assert asked == ["Send 2 worklog(s), 3:30 in all? [y/N] "]
    assert answering("y") == 0 and len(in_week(jira, target)) == 2
