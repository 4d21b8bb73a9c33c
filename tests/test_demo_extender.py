"""`tuiws --demo extender`: the Server emulator with the Worklog extender, in the app and CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.ui.app_harness import screen_lines, until
from tuiws.app.demo import DEMOS
from tuiws.app.demo_launch import make_demo_app
from tuiws.cli import main
from tuiws.entry import DEMO_NAMES, split_demo


def test_the_fast_path_knows_every_demo() -> None:
    assert tuple(DEMOS) == DEMO_NAMES
    assert split_demo(["--demo", "extender"]) == ([], "extender")
    assert split_demo(["--demo", "extender", "week"]) == (["week"], "extender")
    assert DEMOS["extender"] == ("server", "extender")


def test_the_cli_demo_reads_through_the_extender(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--demo", "extender", "week", "--format", "json"]) == 0
    week = json.loads(capsys.readouterr().out)
    assert week["rows"] and week["totalSeconds"] > 0
    assert main(["--demo", "extender", "doctor"]) == 0
    report = capsys.readouterr().out
    assert "Worklog extender" in report and "not a Jira administrator" in report


async def test_the_app_demo_opens_on_the_extender(tmp_path: Path) -> None:
    app = make_demo_app("extender", data_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.session is not None, timeout=20)
        assert app.session is not None
        assert app.session.capabilities.name == "extender"
        await until(pilot, lambda: any("extender" in line for line in screen_lines(app)))
