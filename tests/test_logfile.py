"""The log file: where `tuiws locate log` says, rotated, 0600, verbose with --debug, and never a
token; and `tuiws locate` naming what tuiws really uses."""

from __future__ import annotations

import logging
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tuiws import logfile
from tuiws.app import launch
from tuiws.cli import main
from tuiws.config import Secret
from tuiws.emulator import DEMO, JiraEmulator
from tuiws.entry import main as entry_main

TOKEN = "ATATT3xFfGF0-a-token-that-must-not-be-logged=1234ABCD"


@pytest.fixture(autouse=True)
def _fresh_log() -> Iterator[None]:
    yield
    logfile.stop_log()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_token_in_a_record_never_reaches_the_file(tmp_path: Path) -> None:
    path = logfile.start_log(directory=tmp_path)
    assert path == tmp_path / "tuiws.log"
    logfile.redact(Secret(TOKEN, source="test"))
    log = logging.getLogger("tuiws.test")
    log.info("signing in with %s", TOKEN)
    log.warning(f"header Basic user:{TOKEN}")
    try:
        raise RuntimeError(f"refused {TOKEN}")
    except RuntimeError:
        log.exception("the request failed")
    logging.getLogger("httpx").warning("a library's record: %r", {"token": TOKEN})
    text = path.read_text()
    assert TOKEN not in text
    assert text.count(logfile.MASK) == 4
    assert "signing in with ****" in text and "RuntimeError: refused ****" in text
    assert mode(path) == 0o600


def test_a_lazy_token_is_not_read_to_be_redacted(tmp_path: Path) -> None:
    reads: list[bool] = []

    def load() -> str:
        reads.append(True)
        return TOKEN

    secret = Secret.lazy(load, source="token_command (pass)")
    path = logfile.start_log(directory=tmp_path)
    assert path is not None
    logfile.redact(secret)
    logging.getLogger("tuiws").info("before the token is read")
    assert reads == []  # redacting never runs a token command
    secret.reveal()
    logging.getLogger("tuiws").info("after: %s", TOKEN)
    assert TOKEN not in path.read_text() and reads == [True]


def test_the_log_rotates_and_every_file_is_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logfile, "MAX_BYTES", 300)
    path = logfile.start_log(directory=tmp_path)
    assert path is not None
    for n in range(40):
        logging.getLogger("tuiws").info("record %d %s", n, "x" * 40)
    rotated = sorted(tmp_path.glob("tuiws.log*"))
    assert [p.name for p in rotated] == ["tuiws.log", "tuiws.log.1", "tuiws.log.2", "tuiws.log.3"]
    assert {mode(p) for p in rotated} == {0o600}


def test_an_unwritable_log_folder_is_no_reason_to_fail(tmp_path: Path) -> None:
    (tmp_path / "log").write_text("a file where the folder should be")
    assert logfile.start_log(directory=tmp_path / "log") is None


def test_debug_makes_the_log_verbose_and_keeps_tokens_out(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUIWS_LOG_DIR", str(tmp_path / "quiet"))
    assert main(["--demo", "server", "week"]) == 0
    quiet = (tmp_path / "quiet" / "tuiws.log").read_text()
    assert "started: week" in quiet and "HTTP Request" not in quiet

    monkeypatch.setenv("TUIWS_LOG_DIR", str(tmp_path / "loud"))
    assert main(["--debug", "--demo", "server", "week"]) == 0
    loud = (tmp_path / "loud" / "tuiws.log").read_text()
    assert "HTTP Request: GET" in loud and "/rest/api/2/myself" in loud
    assert DEMO.pat not in loud


@pytest.mark.parametrize("flavor", ["cloud"])
def test_locate_names_the_config_file_the_log_file_and_the_cache_in_use(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["sync", "--weeks", "0"]) == 0
    capsys.readouterr()

    assert main(["locate", "cache"]) == 0
    cache = Path(capsys.readouterr().out.strip())
    assert [p.suffix for p in cache.iterdir()] == [".sqlite3"]  # where sync put its cache

    assert main(["locate", "log"]) == 0
    log = Path(capsys.readouterr().out.strip())
    assert log.is_file() and "started: locate" in log.read_text()

    assert main(["locate", "config"]) == 0
    assert Path(capsys.readouterr().out.strip()) == tmp_path / "config" / "config.toml"


def test_debug_keeps_tuiws_on_the_apps_fast_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    opened: list[str | None] = []

    def run_configured_app(profile: str | None) -> int:
        opened.append(profile)
        return 0

    monkeypatch.setattr(launch, "run_configured_app", run_configured_app)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert entry_main(["--debug", "--profile", "work"]) == 0
    assert opened == ["work"]
    assert logging.getLogger("httpx").level == logging.DEBUG
    assert "started: app" in (tmp_path / "log" / "tuiws.log").read_text()
