"""`tuiws --demo everit`: the commands and the app's session against the emulator's Everit,
with Everit's own fields (ids, billable, tags) in `--json`."""

from __future__ import annotations

import json

import pytest

from tuiws.cli import main
from tuiws.emulator.seed import MEETINGS
from tuiws.entry import split_demo


def test_demo_everit_is_a_demo_name() -> None:
    assert split_demo(["--demo", "everit", "week"]) == (["week"], "everit")


def test_worklogs_json_of_the_everit_demo_carries_everits_fields(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["--demo", "everit", "worklogs", MEETINGS, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    listed = json.loads(out)
    assert listed, "the demo user's meetings are in Everit"
    for item in listed:
        assert item["worklogId"] == item["id"] and item["jiraWorklogId"] != item["id"]
        assert item["tags"] == ["Meeting"] and item["billableSeconds"] == 0
        assert item["author"]["displayName"]


def test_the_week_of_the_everit_demo_is_read_from_everit(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["--demo", "everit", "week", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    week = json.loads(out)
    assert week["zone"] == "Europe/Berlin" and week["rows"]


async def test_the_everit_demo_app_session_keeps_its_worklogs_in_everit() -> None:
    from tuiws.app.demo_launch import DemoConnection
    from tuiws.backends.backoff import BackoffRelay

    connection = DemoConnection(BackoffRelay(), "everit")
    try:
        session = await connection.open_demo()
        assert session.capabilities.name == "everit"
        assert session.capabilities.move_on_edit and session.capabilities.tags
        assert connection.emulator is not None and connection.emulator.flavor == "cloud"
    finally:
        await connection.close()
