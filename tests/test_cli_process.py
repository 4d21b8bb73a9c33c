"""The real `tuiws` process where the process itself matters: bytes that are not UTF-8 on the
command line, and a reader that goes away (`tuiws week | head -1`)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tuiws.emulator import JiraEmulator
from tuiws.emulator.seed import MEETINGS

TUIWS = [sys.executable, "-m", "tuiws.entry"]


def test_invalid_utf8_in_a_comment_is_refused_before_anything_is_sent(
    jira: JiraEmulator,
) -> None:
    jira.clear_log()
    # The shell hands over bytes; Python decodes \xff\xfe to lone surrogates.
    done = subprocess.run(
        [*TUIWS, "log", MEETINGS, "1h", "-m", b"caf\xff\xfe"],
        capture_output=True,
        timeout=60,
    )
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, err
    assert "not text" in err and "Traceback" not in err
    assert jira.requests == []


@pytest.mark.parametrize("flavor", ["cloud"])
@pytest.mark.parametrize("argv", [("week", "--format", "csv"), ("locate", "config")])
def test_a_reader_that_goes_away_ends_the_command_quietly(
    jira: JiraEmulator, argv: tuple[str, ...]
) -> None:
    process = subprocess.Popen([*TUIWS, *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `head -1` exiting before tuiws writes
    err = process.stderr.read().decode("utf-8", "replace")
    code = process.wait(timeout=60)
    assert err == ""
    assert code == 141
