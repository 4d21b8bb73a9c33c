"""`tuiws timer start|stop|status|cancel`: the running timer from the shell.

The timer lives on disk (`tuiws.store.timer_store`), so the app and the shell share it and
only `stop --log` talks to Jira: it logs through the services' one write path (the same as
`tuiws log`), prints the new worklog id, and only then forgets the timer. Any failure leaves
the timer running, so no time is lost. Exit codes are the command line's: 0 done, 2 nothing
to do or nothing written, 1 Jira or the network failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from tuiws.backends.errors import BackendError
from tuiws.cli.args import SafeArgumentParser
from tuiws.config import ConfigError, ResolvedProfile, load_config
from tuiws.domain.durations import DurationError, parse_duration, show_duration
from tuiws.domain.models import WorklogDraft
from tuiws.domain.rounding import RoundMode
from tuiws.domain.started import format_instant
from tuiws.domain.terminal_text import shown, terminal_text
from tuiws.domain.timer import OVERNIGHT, Timer, running_time
from tuiws.factory import build_connection, connect
from tuiws.services.timer import NoTimer, StoppedTimer, TimerService
from tuiws.services.worklogs import WorklogService
from tuiws.store.timer_store import TimerStore, TimerStoreError

__all__ = ["add_timer_parser", "run_timer", "timer_json"]

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2

Ask = Callable[[str], str]


def add_timer_parser(sub: argparse._SubParsersAction[SafeArgumentParser]) -> None:
    tm = sub.add_parser("timer", help="a running timer that outlives the terminal")
    verbs = tm.add_subparsers(dest="timer_command", metavar="start|stop|status|cancel")
    verbs.required = True
    st = verbs.add_parser("start", help="start timing an issue")
    st.add_argument("issue")
    st.add_argument("-m", "--message", help="comment for the worklog it will propose")
    sp = verbs.add_parser("stop", help="stop the timer: log it (prints the worklog id) or not")
    what = sp.add_mutually_exclusive_group()
    what.add_argument("--log", action="store_true", help="log the time without asking")
    what.add_argument("--discard", action="store_true", help="log nothing")
    sp.add_argument("-m", "--message", help="comment (replaces the one given at start)")
    ss = verbs.add_parser("status", help="the running timer: issue, start, elapsed")
    ss.add_argument("--json", action="store_true")
    verbs.add_parser("cancel", help="throw the timer away without logging")


def run_timer(
    args: argparse.Namespace,
    profile: ResolvedProfile,
    out: TextIO,
    err: TextIO,
    *,
    demo: bool = False,
    ask: Ask | None = None,
    timers: TimerService | None = None,
) -> int:
    timers = timers or timer_service(profile, demo=demo)
    zone = _zone(profile)
    try:
        verb = args.timer_command
        if verb == "start":
            return _start(args, timers, zone, out, err)
        if verb == "status":
            return _status(args, timers, zone, out)
        if verb == "cancel":
            dropped = timers.cancel()
            print(f"Cancelled the timer on {dropped.issue_key}; nothing was logged.", file=err)
            return EXIT_OK
        return _stop(args, profile, timers, out, err, ask=ask)
    except NoTimer as exc:
        print(f"tuiws: {exc}", file=err)
        return EXIT_BAD_INPUT
    except TimerStoreError as exc:
        print(f"tuiws: {exc}", file=err)
        return EXIT_FAILED


def timer_service(profile: ResolvedProfile, *, demo: bool = False) -> TimerService:
    """The profile's timer, rounded per `[ui] round_minutes` / `round_mode`."""
    minutes, mode = 0, "nearest"
    if not demo:
        try:
            ui = load_config().ui
            minutes, mode = ui.round_minutes, ui.round_mode
        except ConfigError:
            pass  # the timer does not need the file; its errors are `doctor`'s
    round_mode: RoundMode = "up" if mode == "up" else "down" if mode == "down" else "nearest"
    return TimerService(
        TimerStore.for_profile(profile.name), round_minutes=minutes, round_mode=round_mode
    )


def timer_json(
    timer: Timer | None, now: datetime, zone: ZoneInfo | None = None
) -> dict[str, object] | None:
    """`tuiws timer status --json`: None when no timer runs; `started` in `zone` (else the
    machine's)."""
    if timer is None:
        return None
    return {
        "issueKey": timer.issue_key,
        "started": format_instant(timer.started.astimezone(zone)),
        "elapsedSeconds": timer.elapsed_seconds(now),
        "paused": timer.paused,
        "comment": timer.comment,
    }


def _zone(profile: ResolvedProfile) -> ZoneInfo | None:
    return ZoneInfo(profile.zone) if profile.zone else None


def _when(moment: datetime, zone: ZoneInfo | None) -> str:
    local = moment.astimezone(zone)
    return f"{local:%a %Y-%m-%d %H:%M} {local.tzname()}"


def _start(
    args: argparse.Namespace, timers: TimerService, zone: ZoneInfo | None, out: TextIO, err: TextIO
) -> int:
    current = timers.current()
    key = args.issue.strip().upper()
    if current is not None and current.issue_key != key:
        # The shell cannot ask what to do with the first one's time: say how, change nothing.
        print(
            f"tuiws: a timer is running on {current.issue_key} "
            f"({running_time(current.elapsed_seconds(timers.now()))}); stop it first with "
            "`tuiws timer stop --log` or `--discard`",
            file=err,
        )
        return EXIT_BAD_INPUT
    timer, _ = timers.start(key, args.message or "")
    again = current is not None
    print(
        f"{'Timer already running' if again else 'Started a timer'} on {timer.issue_key} "
        f"since {_when(timer.started, zone)}.",
        file=out,
    )
    if timer.paused:
        print("It is paused: resume it in the app (`P`).", file=err)
    return EXIT_OK


def _status(
    args: argparse.Namespace, timers: TimerService, zone: ZoneInfo | None, out: TextIO
) -> int:
    timer = timers.current()
    now = timers.now()
    if args.json:
        print(json.dumps(timer_json(timer, now, zone)), file=out)
        return EXIT_OK
    if timer is None:
        print("No timer is running.", file=out)
        return EXIT_OK
    state = "paused at" if timer.paused else "running"
    line = (
        f"{timer.issue_key} {state} {running_time(timer.elapsed_seconds(now))} "
        f"since {_when(timer.started, zone)}"
    )
    if timer.comment:
        line += f": {timer.comment}"
    print(terminal_text(line), file=out)
    return EXIT_OK


def _stop(
    args: argparse.Namespace,
    profile: ResolvedProfile,
    timers: TimerService,
    out: TextIO,
    err: TextIO,
    *,
    ask: Ask | None,
) -> int:
    if args.discard:
        dropped = timers.cancel()
        print(f"Discarded the timer on {dropped.issue_key}; nothing was logged.", file=err)
        return EXIT_OK
    stopped = timers.preview(args.message)
    interactive = ask is not None or sys.stdin.isatty()
    prompt = ask or input
    ran = running_time(stopped.elapsed_seconds)
    if not args.log:
        if not interactive:
            print(
                f"tuiws: the timer on {stopped.draft.issue_key} ran {ran}; say --log or "
                "--discard (no terminal to ask). It keeps running.",
                file=err,
            )
            return EXIT_BAD_INPUT
        answer = prompt(
            terminal_text(f"Log {_minutes(stopped)} on {stopped.draft.issue_key}? [Y/n] ")
        )
        if answer.strip().lower() not in ("", "y", "yes"):
            print("Nothing was logged; the timer keeps running.", file=err)
            return EXIT_OK
    return asyncio.run(_log(profile, timers, stopped, out, err, prompt if interactive else None))


def _minutes(stopped: StoppedTimer) -> str:
    return show_duration(stopped.draft.time_spent_seconds)


async def _log(
    profile: ResolvedProfile,
    timers: TimerService,
    stopped: StoppedTimer,
    out: TextIO,
    err: TextIO,
    ask: Ask | None,
) -> int:
    async with build_connection(profile) as connection:
        session = await connect(connection, profile)
        draft = stopped.draft
        if stopped.overnight:
            hours = int(OVERNIGHT.total_seconds() // 3600)
            ran = running_time(stopped.elapsed_seconds)
            if ask is None:
                print(
                    f"tuiws: the timer on {draft.issue_key} ran {ran}, more than {hours} h "
                    + "(left running?). Nothing was logged and it keeps running: log what "
                    + "you worked with `tuiws log`, then `tuiws timer cancel`.",
                    file=err,
                )
                return EXIT_BAD_INPUT
            typed = ask(
                terminal_text(
                    f"It ran {ran}, more than {hours} h. "
                    f"Log how much on {draft.issue_key}? [{_minutes(stopped)}] "
                )
            ).strip()
            if typed:
                try:
                    seconds = parse_duration(typed, session.tracking)
                except DurationError as exc:
                    print(f"tuiws: {shown(typed)}: {exc}. The timer keeps running.", file=err)
                    return EXIT_BAD_INPUT
                draft = _with_seconds(stopped, seconds)
        try:
            created = await WorklogService(session).add(draft)
        except BackendError:
            print("The timer keeps running.", file=err)
            raise
        timers.forget(stopped.timer)
        print(created.id, file=out)
        print(
            f"Logged {show_duration(created.time_spent_seconds)} on {draft.issue_key} "
            f"({_when(created.started, session.zone)}); the timer is stopped.",
            file=err,
        )
        return EXIT_OK


def _with_seconds(stopped: StoppedTimer, seconds: int) -> WorklogDraft:
    return replace(stopped.draft, time_spent_seconds=seconds)
