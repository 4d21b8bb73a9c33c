"""`tuiws sync` against the emulator over HTTP: progress on stderr, a summary on stdout."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from tuiws.cli import main
from tuiws.emulator import DEMO, JiraEmulator


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_sync_fills_then_follows_the_feeds(
    jira: JiraEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "sync")
    assert code == 0, err
    [summary] = out.splitlines()
    assert summary.startswith("synced · initial fill (6 weeks back) · ")
    assert "sync · window search · 0 worklogs" in err.splitlines()
    [path] = (tmp_path / "data" / "cache").glob("*.sqlite3")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    code, out, err = run(capsys, "sync", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["mode"] == "incremental" and report["deleted"] == 0
    assert err.splitlines()[-1].startswith("sync · deleted feed page 1 · ")
    for secret in (DEMO.api_token, DEMO.pat):
        assert secret not in out + err

    code, out, _ = run(capsys, "sync", "--full", "--weeks", "1")
    assert code == 0 and "initial fill (1 week back)" in out


def test_bad_weeks_exit_2(jira: JiraEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "sync", "--weeks", "99")
    assert code == 2 and out == "" and "--weeks 99" in err


def test_jira_failure_exits_1(jira: JiraEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    jira.fail_next(1, 500, path_contains="/search")
    code, out, err = run(capsys, "sync")
    assert code == 1 and out == "" and "internal error (500)" in err


def test_unreadable_cache_exits_1_with_advice(
    jira: JiraEmulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("TUIWS_PROFILE", "work")
    folder = tmp_path / "data" / "cache"
    folder.mkdir(parents=True)
    (folder / "work.sqlite3").write_bytes(b"not a database" * 200)
    code, out, err = run(capsys, "sync")
    assert code == 1 and out == ""
    assert "cannot be read" in err and "delete it" in err


@pytest.mark.parametrize("flavor", ["cloud", "server"])
def test_demo_sync(flavor: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--demo", flavor, "sync")
    assert code == 0, err
    assert out.startswith("synced · initial fill (6 weeks back) · ")
    assert "sync · window stored · " in err
