"""`tuiws --demo tempo`: the commands against the emulator's Tempo, with Tempo's own fields in
`--json`; and `worklog_json` adding a backend's fields only where a worklog has them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tuiws.cli import main
from tuiws.domain.models import User, Worklog
from tuiws.domain.render import worklog_json
from tuiws.emulator.seed import MEETINGS
from tuiws.entry import split_demo


def test_demo_tempo_is_a_demo_name() -> None:
    assert split_demo(["--demo", "tempo", "week"]) == (["week"], "tempo")


def test_worklogs_json_of_the_tempo_demo_carries_tempo_fields(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["--demo", "tempo", "worklogs", MEETINGS, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    listed = json.loads(out)
    assert listed, "the demo user's meetings are in Tempo"
    for item in listed:
        assert item["tempoWorklogId"] == item["id"]
        assert item["attributes"]["_Account_"] == "INTERNAL"
        assert isinstance(item["billableSeconds"], int)
        assert item["author"]["displayName"]


def test_a_plain_jira_worklog_keeps_the_documented_shape() -> None:
    worklog = Worklog(
        id="1",
        issue_id="10",
        issue_key="INT-1",
        author=User(account_id="a", display_name="A"),
        started=datetime(2026, 5, 27, 9, tzinfo=UTC),
        time_spent_seconds=60,
    )
    shape = worklog_json(worklog, ZoneInfo("UTC"))
    assert set(shape) == {"id", "issueKey", "started", "timeSpentSeconds", "comment", "author"}


async def test_the_tempo_demo_app_session_keeps_its_worklogs_in_tempo() -> None:
    from tuiws.app.demo_launch import DemoConnection
    from tuiws.backends.backoff import BackoffRelay

    connection = DemoConnection(BackoffRelay(), "tempo")
    try:
        session = await connection.open_demo()
        assert session.capabilities.name == "tempo"
        assert session.capabilities.work_attributes and not session.capabilities.move_on_edit
        assert connection.emulator is not None and connection.emulator.flavor == "cloud"
    finally:
        await connection.close()


def test_log_on_tempo_asks_for_the_required_attribute_then_takes_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["--demo", "tempo", "log", MEETINGS, "1h", "--date", "today"])
    _, err = capsys.readouterr()
    assert code == 2 and "Account (_Account_) is required" in err
    assert "Nothing was written" in err
    code = main(["--demo", "tempo", "log", MEETINGS, "1h", "--attribute", "_Account_=INTERNAL"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.strip().isdigit() and f"on {MEETINGS}" in err


def test_an_attribute_option_without_a_value_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["--demo", "tempo", "log", MEETINGS, "1h", "--attribute", "_Account_"])
    _, err = capsys.readouterr()
    assert code == 2 and "write KEY=VALUE" in err
