"""Input that cannot hurt, over real HTTP: bad ids and keys cost no request, Jira text cannot
drive the terminal, and malformed answers, odd arguments and busy ports end in messages."""

from __future__ import annotations

import json
import socket
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.test_cli import run
from tuiws.cli import main
from tuiws.emulator import JiraEmulator
from tuiws.emulator.seed import MEETINGS

# Everything a terminal could act on; tabs and newlines are layout and allowed.
UNSAFE = frozenset(
    [chr(c) for c in range(0x20) if chr(c) not in "\t\n"]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
SUMMARY = "PWNED\x1b[2J login\rOVERWRITTEN\x1b]0;owned\x07 \u202eevil\u2066"
COMMENT = "paired\x1b[31m on it\x07\r\u202eREVERSED"
COLLEAGUE = "Eve\x1b[5m Blink\u202e"


def unsafe_in(text: str) -> set[str]:
    return {ch for ch in text if ch in UNSAFE}


def two_worklogs(jira: JiraEmulator) -> tuple[str, str]:
    me = jira.state.demo_user
    ident = me.account_id if jira.flavor == "cloud" else me.name
    at = datetime(2025, 3, 12, 9, tzinfo=ZoneInfo("Europe/Berlin"))
    first = jira.state.add_worklog(MEETINGS, ident, at, 3600)
    second = jira.state.add_worklog(MEETINGS, ident, at + timedelta(hours=2), 1800)
    return str(first.id), str(second.id)


@pytest.mark.parametrize(
    "argv",
    [
        ("edit", MEETINGS, "{first}/../{second}", "--duration", "2h"),
        ("delete", MEETINGS, "{first}/../{second}", "--yes"),
        ("edit", MEETINGS, "{first}\n", "--duration", "2h"),
        ("delete", MEETINGS, "{second}?x=1", "--yes"),
        ("worklogs", "../../../myself"),
        ("worklogs", "INT-1?a=b"),
        ("log", "INT-1?a=b", "1h"),
        ("log", "../../../myself", "1h"),
        ("delete", "../../../myself", "{second}", "--yes"),
        ("edit", "INT-1/worklog/{second}", "{second}", "--duration", "2h"),
    ],
)
def test_ids_and_keys_that_are_not_are_refused_before_any_request(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    first, second = two_worklogs(jira)
    before = jira.state.worklog(second).time_spent_seconds
    jira.clear_log()
    code, out, err = run(capsys, *(a.format(first=first, second=second) for a in argv))
    assert code == 2, err
    assert "Nothing was written" in err and ("not a worklog id" in err or "not an issue" in err)
    assert jira.requests == []
    assert jira.state.worklog(second).time_spent_seconds == before
    assert not unsafe_in(out + err) and "\n" not in err.splitlines()[0]


def test_a_newline_in_an_id_is_shown_escaped(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "edit", MEETINGS, "200060\n", "--duration", "2h")
    assert code == 2 and "'200060\\n' is not a worklog id" in err


def hostile_week(jira: JiraEmulator) -> str:
    """An issue with a hostile summary, my worklog on it today, a colleague's hostile comment."""
    state = jira.state
    issue = state.add_issue("INT", SUMMARY)
    colleague = state.add_user(COLLEAGUE, "eve@example.com", "eve", "Europe/Berlin")
    me = state.demo_user
    zone = ZoneInfo("Europe/Berlin")
    noon = datetime.combine(datetime.now(zone).date(), time(12), zone)
    mine = me.account_id if jira.flavor == "cloud" else me.name
    comment: Any = COMMENT
    if jira.flavor == "cloud":  # Cloud keeps comments as documents
        text = {"type": "text", "text": COMMENT}
        comment = {
            "type": "doc",
            "version": 1,
            "content": [{"type": "paragraph", "content": [text]}],
        }
    # A comment of mine, written by another tool, as hostile as a colleague's.
    state.add_worklog(issue.key, mine, noon, 3600, comment=comment)
    theirs = colleague.account_id if jira.flavor == "cloud" else colleague.name
    state.add_worklog(issue.key, str(theirs), noon - timedelta(hours=2), 1800, comment=comment)
    return issue.key


def test_jira_text_never_reaches_the_terminal_raw(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    key = hostile_week(jira)
    outputs: dict[str, str] = {}
    for fmt in ("table", "md", "csv"):
        code, out, err = run(capsys, "week", "--format", fmt)
        assert code == 0, err
        outputs[f"week {fmt}"] = out + err
        assert "PWNED[2J login" in out
        assert fmt == "table" or "loginOVERWRITTEN]0;owned evil" in out
    code, out, err = run(capsys, "worklogs", key)
    assert code == 0, err
    outputs["worklogs"] = out + err
    assert "Blink" in out and "REVERSED" in out
    code, out, err = run(capsys, "search", f"key = {key}")
    assert code == 0, err
    outputs["search"] = out + err
    assert "PWNED" in out
    for what, text in outputs.items():
        assert not unsafe_in(text), (what, unsafe_in(text))
    assert "\rOVERWRITTEN" not in "".join(outputs.values())


def test_json_output_parses_and_carries_no_raw_control_characters(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    key = hostile_week(jira)
    for argv in (("week", "--format", "json"), ("worklogs", key, "--json"), ("search", key)):
        code, out, err = run(capsys, *argv, *(["--json"] if argv[0] == "search" else []))
        assert code == 0, err
        assert not unsafe_in(out)
        json.loads(out)


def test_errors_echo_what_was_typed_escaped(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    jira.clear_log()
    code, _, err = run(capsys, "log", "INT-1\x1b[2J", "1h", "-m", "x")
    assert code == 2 and "\\x1b[2J" in err and not unsafe_in(err)
    code, _, err = run(capsys, "log", MEETINGS, "1h", "--adjust", "\u202eevil")
    assert code == 2 and "\\u202eevil" in err and not unsafe_in(err)
    code, _, err = run(capsys, "log", MEETINGS, "1h\x07", "--date", "2025-03-12")
    assert code == 2 and not unsafe_in(err)
    with pytest.raises(SystemExit) as exited:
        main(["week", "--format", "\x1b]0;title\x07"])
    assert exited.value.code == 2
    assert not unsafe_in(capsys.readouterr().err)
    assert jira.writes() == []


@pytest.mark.parametrize(
    "body",
    [
        {"errorMessages": 5},
        {"errorMessages": "one string", "errors": 3},
        {"errorMessages": [{"nested": True}, None, 7], "errors": {"started": ["a", "list"]}},
        {"errors": {"comment\x1b[2J": "bad\x07"}},
        ["not", "an", "object"],
        "just text",
    ],
)
@pytest.mark.parametrize("status", [400, 500])
def test_malformed_error_bodies_end_in_a_message(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str], body: object, status: int
) -> None:
    jira.fail_next(1, status, method="POST", path_contains="/worklog", body=body)
    code, _, err = run(capsys, "log", MEETINGS, "1h", "--date", "2025-03-12", "--yes")
    assert code == 1, err
    assert err.startswith("tuiws: Jira ") and "Traceback" not in err
    assert not unsafe_in(err)


@pytest.mark.parametrize(
    "argv",
    [
        ("log", MEETINGS, "1h", "--start", "10:99999999999999999999"),
        ("log", MEETINGS, "1h", "--start", "99999999999999999999:00"),
        ("log", MEETINGS, "1h", "--start", "٠٩:٣٠"),
        ("edit", MEETINGS, "10", "--start", "24:00"),
        ("log", MEETINGS, "1h", "--date", "-99999999999999999999"),
        ("log", MEETINGS, "99999999999999999999h"),
        ("log", MEETINGS, "1h", "--adjust", "new:99999999999999999999m"),
        ("sync", "--weeks", "99999999999999999999"),
    ],
)
def test_numbers_are_bounded_and_refused_with_a_message(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    jira.clear_log()
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's own refusal of a non-number
        code = int(str(exc.code))
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err and err.strip()
    assert jira.writes() == []


@pytest.mark.parametrize(
    "argv",
    [
        ("log", MEETINGS, "1h", "-m", "broken \udcff paste"),
        ("log", MEETINGS, "1h", "-m", "lone \ud800 surrogate"),
        ("search", "\udcfe"),
        ("week", "--user", "\udcff"),
        ("log", "\udcffINT-1", "1h"),
    ],
)
def test_arguments_that_are_not_text_are_refused_before_connecting(
    jira: JiraEmulator, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    jira.clear_log()
    code, _, err = run(capsys, *argv)
    assert code == 2, err
    assert "not text" in err and "Nothing was written" in err
    assert jira.requests == []


def test_emulator_on_a_busy_port_is_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run(capsys, "emulator", "--port", str(port))
    assert code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in err and "--port" in err
    assert "Traceback" not in err and "listening" not in out


def test_emulator_port_out_of_range_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["emulator", "--port", "99999999999999999999"])
    assert exited.value.code == 2
    assert "from 0 to 65535" in capsys.readouterr().err
