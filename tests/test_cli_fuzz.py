"""Ten thousand generated command lines through the CLI's parsers and draft validation,
against the emulator over real HTTP: no exception escapes, nothing invalid is sent.

Each example runs what `dispatch` runs (argparse, the checks made before connecting, the
command) on one signed-in session. An argument the CLI refuses must be refused before any
write (argparse's exit 2 or one of `BAD_INPUT_ERRORS`); Jira's own refusals (`BackendError`) are
allowed when Jira has its say on a well-formed request (no such issue: 404), never a 400 or 5xx
on a write, which would mean something invalid was sent.
"""

from __future__ import annotations

import argparse
import asyncio
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tuiws.app.demo import demo_profile
from tuiws.backends.errors import BackendError
from tuiws.cli.context import Context
from tuiws.cli.inputs import BAD_INPUT_ERRORS, check_arguments
from tuiws.cli.main import COMMANDS
from tuiws.cli.parser import build_parser
from tuiws.cli.terminal_output import safe_stream
from tuiws.emulator import JiraEmulator
from tuiws.emulator.seed import MEETINGS
from tuiws.factory import build_connection, connect
from tuiws.services.session import Session

# Any code point, lone surrogates included: that is what invalid UTF-8 decodes to.
ANY_TEXT = st.text(st.characters(blacklist_categories=()), max_size=14)
# Composed from small alphabets rather than `st.from_regex`: drawing from a regex took three
# quarters of this module's run time, more than the ten thousand commands themselves.
DIGITS = "0123456789"


def digits(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.text(DIGITS, min_size=min_size, max_size=max_size)


def joined(*parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(*parts).map("".join)


def maybe(part: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), part)


NUMBERS = joined(
    maybe(st.just("-")), digits(1, 24), maybe(joined(st.sampled_from(".,:"), digits(0, 24)))
)
HOSTILE = st.sampled_from(
    ["200060/../200061", "200060\n", "../../../myself", "INT-1?a=b", "INT-1#x", "", " ", "-1"]
)
ISSUES = st.one_of(
    st.sampled_from([MEETINGS, MEETINGS.lower(), f" {MEETINGS} ", "INT-99999", "10000"]),
    HOSTILE,
    joined(st.text("ABCINTabcxyzQ", min_size=1, max_size=4), st.just("-"), digits(1, 22)),
    ANY_TEXT,
)
DURATIONS = st.one_of(
    st.sampled_from(["1h", "30m", "1h 30m", "1.5h", "1,5h", "1:30", "2d", "1w", "0.1h", "0m"]),
    joined(
        digits(1, 24),
        maybe(joined(st.sampled_from(".,"), digits(1, 4))),
        maybe(st.sampled_from(" \t")),
        st.text("wdhmsWDHM", max_size=2),
        maybe(joined(st.just(" "), digits(1, 3), st.sampled_from("hm"))),
    ),
    NUMBERS,
    ANY_TEXT,
)
DATES = st.one_of(
    st.sampled_from(["today", "yesterday", "mon", "SUN", "-1", "-400", "2025-02-30"]),
    st.dates().map(lambda d: d.isoformat()),
    NUMBERS,
    ANY_TEXT,
)
STARTS = st.one_of(
    st.times().map(lambda t: t.strftime("%H:%M")),
    NUMBERS,
    st.sampled_from(["24:00", "9"]),
    ANY_TEXT,
)
ADJUSTS = st.one_of(
    st.sampled_from(["auto", "leave", "new:2h", "manual:1h", "new:", "manual:0m", "NEW:0m"]),
    st.tuples(st.sampled_from(["new", "manual"]), DURATIONS).map(":".join),
    ANY_TEXT,
)


def options(**choices: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    """Each option present or not, always as `--name=value` (a value may start with '-')."""
    parts: list[st.SearchStrategy[list[str]]] = [
        st.one_of(st.just([]), strategy.map(partial(_option, flag)))
        for flag, strategy in choices.items()
    ]
    return st.tuples(*parts).map(lambda found: [a for part in found for a in part])


def _option(flag: str, value: str) -> list[str]:
    return [f"{flag}={value}"]


@dataclass
class Rig:
    emulator: JiraEmulator
    loop: asyncio.AbstractEventLoop
    session: Session
    worklog_id: str
    parser: argparse.ArgumentParser = field(default_factory=build_parser)
    """Built once: argparse takes longer to build a parser than to run a command here."""
    runs: int = 0

    def run(self, argv: list[str]) -> None:
        """One command line, as `dispatch` would run it; the invariants checked after."""
        self.runs += 1
        self.emulator.clear_log()
        refused_early = False
        try:
            args = self.parser.parse_args(argv)
            check_arguments(args)
            out = safe_stream(io.StringIO())
            ctx = Context(args, out, out, demo_profile(self.emulator))
            self.loop.run_until_complete(COMMANDS[args.command](ctx, self.session))
        except SystemExit as exc:
            assert exc.code == 2, argv
            refused_early = True
        except BAD_INPUT_ERRORS:
            refused_early = True
        except BackendError:
            pass  # checked below: only the server's word on a well-formed request is allowed
        if refused_early:
            assert self.emulator.writes() == [], argv
        # 404/403: no such issue or worklog, not ours to change: Jira's say on a valid request.
        # 400 (a body Jira refuses) or 5xx (one it chokes on) would mean we sent something bad.
        invalid = [r for r in self.emulator.writes() if r.status == 400 or r.status >= 500]
        assert invalid == [], (argv, [(r.path, r.status, r.body) for r in invalid])


@pytest.fixture
def rig(jira: JiraEmulator) -> Iterator[Rig]:
    me = jira.state.demo_user
    ident = me.account_id if jira.flavor == "cloud" else me.name
    at = datetime(2025, 3, 12, 9, tzinfo=ZoneInfo("Europe/Berlin"))
    worklog = jira.state.add_worklog(MEETINGS, str(ident), at, 3600)
    loop = asyncio.new_event_loop()
    profile = demo_profile(jira)
    client = build_connection(profile)
    try:
        session = loop.run_until_complete(connect(client, profile))
        yield Rig(jira, loop, session, str(worklog.id))
    finally:
        loop.run_until_complete(client.aclose())
        loop.close()


FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


@pytest.mark.slow
@pytest.mark.parametrize("flavor", ["cloud", "server"])
def test_generated_log_commands(rig: Rig, flavor: str) -> None:
    @settings(FUZZ, max_examples=2000)
    @given(
        ISSUES,
        DURATIONS,
        options(**{"--date": DATES, "--start": STARTS, "-m": ANY_TEXT, "--adjust": ADJUSTS}),
    )
    def log(issue: str, duration: str, extra: list[str]) -> None:
        rig.run(["log", issue, duration, *extra])

    log()
    assert rig.runs >= 2000


@pytest.mark.slow
@pytest.mark.parametrize("flavor", ["cloud", "server"])
def test_generated_edit_commands(rig: Rig, flavor: str) -> None:
    ids = st.one_of(st.just(rig.worklog_id), HOSTILE, NUMBERS, ANY_TEXT)

    @settings(FUZZ, max_examples=1500)
    @given(
        st.one_of(st.just(MEETINGS), ISSUES),
        ids,
        options(
            **{
                "--duration": DURATIONS,
                "--date": DATES,
                "--start": STARTS,
                "-m": ANY_TEXT,
                "--adjust": ADJUSTS,
            }
        ),
    )
    def edit(issue: str, worklog_id: str, extra: list[str]) -> None:
        rig.run(["edit", issue, worklog_id, *extra])

    edit()
    assert rig.runs >= 1500


@pytest.mark.slow
@pytest.mark.parametrize("flavor", ["cloud", "server"])
def test_generated_read_and_delete_commands(rig: Rig, flavor: str) -> None:
    @settings(FUZZ, max_examples=1500)
    @given(
        st.one_of(
            st.tuples(st.just("worklogs"), ISSUES).map(list),
            st.tuples(st.just("delete"), ISSUES, st.one_of(HOSTILE, NUMBERS, ANY_TEXT)).map(
                lambda t: [*t, "--yes"]
            ),
            st.tuples(st.just("search"), ANY_TEXT).map(list),
        ),
        options(**{"--from": DATES, "--to": DATES}),
    )
    def read(argv: list[str], dates: list[str]) -> None:
        rig.run(argv + (dates if argv[0] == "worklogs" else []))

    read()
    assert rig.runs >= 1500
