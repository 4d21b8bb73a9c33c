"""The `tuiws` command line: thin over the services, scriptable, honest exit codes.

Exit 0 on success; 2 for bad input (nothing was written); 1 when Jira or the network failed;
141 when the reader of the output went away (`| head`). All output passes `SafeStream`.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TextIO

from tuiws import installed_version
from tuiws.backends.backoff import BackoffEvent
from tuiws.backends.errors import BackendError, BadReference, UnknownOutcome
from tuiws.cli_args import (
    SafeArgumentParser,
    bounded_int,
    issue_arg,
    unsendable_argument,
    worklog_arg,
)
from tuiws.cli_journal import (
    EXIT_UNKNOWN,
    add_journal_parsers,
    journaled,
    queue_command,
    undo_command,
)
from tuiws.config import (
    ConfigError,
    ResolvedProfile,
    Team,
    UiConfig,
    load_config,
    resolve_profile,
)
from tuiws.config.paths import locate
from tuiws.config.ui_settings import UiSettings
from tuiws.domain.draft_input import DraftInput, adjust_from, parse_start, read_draft
from tuiws.domain.drafts import NOT_TEXT, DraftInvalid
from tuiws.domain.durations import DurationError, parse_duration, show_duration
from tuiws.domain.models import AdjustEstimate, Worklog, WorklogDraft
from tuiws.domain.references import InvalidReference
from tuiws.domain.started import StartedError, UnknownZoneError, zoned
from tuiws.domain.terminal_text import shown, terminal_text
from tuiws.domain.week import parse_day
from tuiws.entry import split_demo
from tuiws.factory import build_connection, connect
from tuiws.init_command import add_init_parser, run_init
from tuiws.logfile import log_start, redact, start_log
from tuiws.render import (
    DurationStyle,
    WeekFormat,
    render_issues,
    render_team,
    render_week,
    render_worklogs,
)
from tuiws.services.doctor import run_doctor
from tuiws.services.search import SearchService
from tuiws.services.session import Session
from tuiws.services.team import TeamService
from tuiws.services.team_spec import TeamError, TeamSpec, app_team, pick_team
from tuiws.services.weeks import WeekService
from tuiws.services.worklogs import WorklogService
from tuiws.terminal_output import EXIT_BROKEN_PIPE, safe_stream, silence_stdout, write_control

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2

log = logging.getLogger(__name__)


class BadInput(ValueError):
    """The command line asked for something impossible; nothing was sent."""


BAD_INPUT_ERRORS = (
    BadInput,
    ConfigError,
    DraftInvalid,
    DurationError,
    InvalidReference,
    BadReference,
    StartedError,
    UnknownZoneError,
)
"""What the command line reports as bad input (exit 2): each is raised before anything is sent."""


@dataclass
class Context:
    args: argparse.Namespace
    out: TextIO
    err: TextIO
    profile: ResolvedProfile
    demo: bool = False
    """Running on the bundled emulator: no config file is read."""


def build_parser() -> argparse.ArgumentParser:
    p = SafeArgumentParser(
        prog="tuiws",
        description="A keyboard-first timesheet for Jira worklogs.",
        epilog="Try it without a Jira: tuiws --demo",
    )
    p.add_argument("--version", action="version", version=f"tuiws {installed_version()}")
    p.add_argument("--profile", help="profile name from config.toml (or TUIWS_PROFILE)")
    p.add_argument("--debug", action="store_true", help="a verbose log file (tuiws locate log)")
    p.add_argument(
        "--demo",
        action="store_true",
        help="run against the bundled Jira emulator: `tuiws --demo [cloud|server] [COMMAND]`",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    adjust_help = "auto | leave | new:VALUE | manual:VALUE (how the remaining estimate moves)"

    log = sub.add_parser("log", help="log work on an issue; prints the new worklog id")
    log.add_argument("issue")
    log.add_argument("duration", help="e.g. 1h 30m, 90m, 1.5h, 1:30, 1d")
    log.add_argument("--date", help="YYYY-MM-DD, today, yesterday, mon..sun or -N (default today)")
    log.add_argument("--start", help="HH:MM in the bucket zone (default 12:00)")
    log.add_argument("-m", "--message", help="comment")
    log.add_argument("--adjust", default="auto", help=adjust_help)

    wl = sub.add_parser("worklogs", help="list an issue's worklogs")
    wl.add_argument("issue")
    wl.add_argument("--from", dest="date_from", help="first day (inclusive)")
    wl.add_argument("--to", dest="date_to", help="last day (inclusive)")
    wl.add_argument("--json", action="store_true")

    ed = sub.add_parser("edit", help="change a worklog")
    ed.add_argument("issue")
    ed.add_argument("worklog_id")
    ed.add_argument("--duration")
    ed.add_argument("--date")
    ed.add_argument("--start")
    ed.add_argument("-m", "--message")
    ed.add_argument("--adjust", default="auto", help="auto | leave | new:VALUE")

    de = sub.add_parser("delete", help="delete a worklog")
    de.add_argument("issue")
    de.add_argument("worklog_id")
    de.add_argument("--adjust", default="auto", help=adjust_help.replace("manual", "manual"))
    de.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    wk = sub.add_parser("week", help="a week as issues × days with totals")
    wk.add_argument("--date", help="any day of the week (default today)")
    wk.add_argument("--user", help="someone else's week: account id, email or username")
    wk.add_argument("--format", choices=["table", "csv", "json", "md"], default="table")

    tm = sub.add_parser("team", help="a team's week as people × days, with flags")
    who = tm.add_mutually_exclusive_group()
    who.add_argument("--team", help="a [teams.NAME] from config.toml (default: the only one)")
    who.add_argument("--members", help="ad hoc: A,B,C by account id, email or username")
    tm.add_argument("--date", help="any day of the week (default today)")
    tm.add_argument("--format", choices=["table", "csv", "json", "md"], default="table")

    se = sub.add_parser("search", help="find issues by text or JQL")
    se.add_argument("query", nargs="+")
    se.add_argument("--json", action="store_true")

    sub.add_parser("doctor", help="check connection, sign-in, flavor, zone and permissions")
    sub.add_parser("tour", help="a guided tour of the commands (best with --demo)")

    sy = sub.add_parser("sync", help="bring the local worklog cache up to date with Jira")
    sy.add_argument("--full", action="store_true", help="pull the recent weeks again first")
    sy.add_argument(
        "--weeks", type=int, default=6, help="weeks before this one a window pull covers"
    )
    sy.add_argument("--json", action="store_true", help="print the report as JSON")

    em = sub.add_parser("emulator", help="run the bundled Jira emulator on loopback")
    em.add_argument("--flavor", choices=["cloud", "server"], default="cloud")
    em.add_argument("--port", type=bounded_int(0, 65535), default=0)
    em.add_argument("--latency-ms", type=bounded_int(0, 60_000), default=0)

    lo = sub.add_parser("locate", help="print where tuiws keeps its files")
    lo.add_argument(
        "what",
        choices=["config", "data", "cache", "log"],
        help="config: config.toml; data: the data folder; cache: the worklog cache's folder; "
        "log: the log file",
    )
    add_init_parser(sub)
    add_journal_parsers(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args_list, demo = split_demo(list(sys.argv[1:] if argv is None else argv))
    out, err = safe_stream(sys.stdout), safe_stream(sys.stderr)
    try:
        args = build_parser().parse_args(args_list)
        start_log(debug=args.debug)
        log_start(args.command or "app")
        code = dispatch(args, demo, out, err)
        out.flush()  # here, so a reader gone away is noticed while we can still exit quietly
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        silence_stdout()
        return EXIT_BROKEN_PIPE


def dispatch(args: argparse.Namespace, demo: str | None, out: TextIO, err: TextIO) -> int:
    if args.command == "locate":
        print(locate(args.what), file=out)
        return EXIT_OK
    if args.command == "init":
        return run_init(args, out, err)
    if args.command == "emulator":
        from tuiws.emulator.cli_support import EmulatorStartError, serve_forever

        try:
            serve_forever(args.flavor, args.port, args.latency_ms, out)
        except EmulatorStartError as exc:
            print(f"tuiws: {exc}", file=err)
            return EXIT_BAD_INPUT
        return EXIT_OK
    try:
        check_arguments(args)
        with profile_for(args, demo) as profile:
            ctx = Context(args, out, err, profile, demo=demo is not None)
            if args.command == "doctor":
                return asyncio.run(doctor(ctx))
            if args.command is None:
                return open_app(profile, demo is not None)
            return asyncio.run(with_session(ctx, COMMANDS[args.command]))
    except BAD_INPUT_ERRORS as exc:
        print(f"tuiws: {exc}", file=err)
        print("Nothing was written.", file=err)
        return EXIT_BAD_INPUT
    except UnknownOutcome as exc:
        log.warning("%s outcome unknown: %s", args.command, exc)
        print(f"tuiws: {exc}", file=err)
        return EXIT_UNKNOWN
    except BackendError as exc:
        log.warning("%s failed: %s", args.command, exc)
        print(f"tuiws: {exc}", file=err)
        return EXIT_FAILED


def open_app(profile: ResolvedProfile, demo: bool) -> int:
    if not sys.stdout.isatty():
        raise BadInput("the app needs a terminal; use a command such as `tuiws week` in scripts")
    from tuiws.app.launch import run_app

    if demo:
        from tuiws.emulator.seed import DEMO_GROUP
        from tuiws.services.team_spec import TeamSpec

        return run_app(profile, team=TeamSpec(name=DEMO_GROUP, group=DEMO_GROUP))
    config = load_config()
    return run_app(profile, ui=UiSettings.from_config(config.ui), team=app_team(config.teams))


@contextmanager
def profile_for(args: argparse.Namespace, demo: str | None) -> Iterator[ResolvedProfile]:
    if demo is None:
        config = load_config()
        profile = resolve_profile(config, os.environ, args.profile)
        redact(profile.token)  # from here on its value never reaches the log file
        yield profile
        return
    from tuiws.app.demo import demo_profile
    from tuiws.emulator import JiraEmulator

    with JiraEmulator("server" if demo == "server" else "cloud") as emulator:
        profile = demo_profile(emulator)
        redact(profile.token)
        yield profile


Command = Callable[[Context, Session], Awaitable[int]]


async def with_session(ctx: Context, command: Command) -> int:
    def report(event: BackoffEvent) -> None:
        print(f"tuiws: {event.describe()}", file=ctx.err)

    async with build_connection(ctx.profile, on_backoff=report) as connection:
        session = await connect(connection, ctx.profile)
        return await command(ctx, session)


# -- input helpers ------------------------------------------------------------------------------


def today_in(session: Session) -> date:
    return datetime.now(session.zone).date()


def parse_adjust(text: str) -> AdjustEstimate:
    mode, _, value = text.partition(":")
    mode = mode.strip().lower()
    if mode not in ("auto", "leave", "new", "manual"):
        raise BadInput(f"--adjust {shown(text)}: use auto, leave, new:VALUE or manual:VALUE")
    return adjust_from(mode, value)


def parse_clock(text: str) -> time:
    """`--start`, read as the editor reads its start field (`0930` and `9` too)."""
    try:
        return parse_start(text)
    except ValueError:
        raise BadInput(f"--start {shown(text)}: use HH:MM, e.g. 09:30") from None


def parse_date_arg(text: str | None, session: Session) -> date:
    if text is None:
        return today_in(session)
    try:
        return parse_day(text, today_in(session))
    except ValueError as exc:
        raise BadInput(f"--date {exc}") from None


def check_arguments(args: argparse.Namespace) -> None:
    """Check what needs no Jira before connecting: a bad id, key, start time, estimate choice
    or an argument that is not text (invalid UTF-8) costs no request at all."""
    if (option := unsendable_argument(args)) is not None:
        raise BadInput(f"{option} {NOT_TEXT}")
    if isinstance(issue := getattr(args, "issue", None), str):
        issue_arg(issue)
    if isinstance(worklog_id := getattr(args, "worklog_id", None), str):
        worklog_arg(worklog_id)
    if isinstance(start := getattr(args, "start", None), str):
        parse_clock(start)
    if isinstance(adjust := getattr(args, "adjust", None), str):
        parse_adjust(adjust)


# -- commands -----------------------------------------------------------------------------------


async def cmd_log(ctx: Context, session: Session) -> int:
    a = ctx.args
    adjust = parse_adjust(a.adjust)
    draft, problems = read_draft(
        DraftInput(
            issue=issue_arg(a.issue),
            day=a.date or "today",
            start=a.start or "",
            duration=a.duration,
            comment=a.message,
            adjust_mode=adjust.mode,
            adjust_value=adjust.value or "",
        ),
        zone=session.zone,
        today=today_in(session),
        tracking=session.tracking,
    )
    for name, option in (("duration", ""), ("date", "--date "), ("start", "--start ")):
        if name in problems:
            raise BadInput(f"{option}{problems[name]}")
    with journaled(session, ctx.profile.name, ctx.demo, ctx.err) as (service, _report):
        created = await service.add(draft)
    print(created.id, file=ctx.out)
    print(
        f"Logged {show_duration(created.time_spent_seconds, duration_style(ctx))} on "
        f"{draft.issue_key} "
        f"({created.started.astimezone(session.zone):%a %Y-%m-%d %H:%M} {session.zone_name}).",
        file=ctx.err,
    )
    return EXIT_OK


async def cmd_worklogs(ctx: Context, session: Session) -> int:
    a = ctx.args
    start = end = None
    if a.date_from:
        start = zoned(parse_date_arg(a.date_from, session), time(0, 0), session.zone)
    if a.date_to:
        last = parse_date_arg(a.date_to, session)
        end = zoned_next_midnight(last, session)
    if start and end and start >= end:
        raise BadInput("--from must not be after --to")
    logs = await WorklogService(session).list(issue_arg(a.issue), start, end)
    print(
        render_worklogs(logs, session.zone, as_json=a.json, style=duration_style(ctx)), file=ctx.out
    )
    return EXIT_OK


def zoned_next_midnight(day: date, session: Session) -> datetime:
    return zoned(day + timedelta(days=1), time(0, 0), session.zone)


async def cmd_edit(ctx: Context, session: Session) -> int:
    a = ctx.args
    key, worklog_id = issue_arg(a.issue), worklog_arg(a.worklog_id)
    if not any([a.duration, a.date, a.start, a.message is not None]):
        raise BadInput("say what to change: --duration, --date, --start or -m")
    adjust = parse_adjust(a.adjust)
    with journaled(session, ctx.profile.name, ctx.demo, ctx.err) as (service, report):
        # Checked before the read: bad input should not cost a round trip.
        service.check_adjust(adjust, "update")
        await report.settle()  # an earlier run's edit may have landed: read after it
        return await _edit(ctx, session, service, key, worklog_id, adjust)


async def _edit(
    ctx: Context,
    session: Session,
    service: WorklogService,
    key: str,
    worklog_id: str,
    adjust: AdjustEstimate,
) -> int:
    a = ctx.args
    seconds = parse_duration(a.duration, session.tracking) if a.duration else None
    original = await service.get(key, worklog_id)
    draft = edited_draft(original, key, session, seconds, a.date, a.start, a.message, adjust)
    updated = await service.update(original, draft)
    print(
        f"Updated worklog {updated.id} on {key}: "
        f"{show_duration(updated.time_spent_seconds, duration_style(ctx))} "
        f"from {updated.started.astimezone(session.zone):%a %Y-%m-%d %H:%M}.",
        file=ctx.out,
    )
    return EXIT_OK


def edited_draft(
    original: Worklog,
    key: str,
    session: Session,
    seconds: int | None,
    day_text: str | None,
    start_text: str | None,
    message: str | None,
    adjust: AdjustEstimate,
) -> WorklogDraft:
    local = original.started.astimezone(session.zone)
    day = parse_date_arg(day_text, session) if day_text else local.date()
    at = parse_clock(start_text) if start_text else local.time().replace(microsecond=0)
    started = zoned(day, at, session.zone) if (day_text or start_text) else original.started
    return WorklogDraft(
        issue_key=key,
        started=started,
        time_spent_seconds=seconds or original.time_spent_seconds,
        comment=message if message is not None else original.comment_text,
        original_comment_adf=original.comment_adf,
        comment_touched=message is not None,
        adjust=adjust,
    )


async def cmd_delete(ctx: Context, session: Session) -> int:
    a = ctx.args
    key, worklog_id = issue_arg(a.issue), worklog_arg(a.worklog_id)
    adjust = parse_adjust(a.adjust)
    with journaled(session, ctx.profile.name, ctx.demo, ctx.err) as (service, report):
        for found in await report.settle():
            e = found.entry
            gone = found.state.value == "confirmed"
            if gone and e.verb == "delete" and e.worklog_id == worklog_id:
                print(f"Deleted worklog {worklog_id} on {key} (by the earlier run).", file=ctx.out)
                return EXIT_OK
        return await _delete(ctx, session, service, key, worklog_id, adjust)


async def _delete(
    ctx: Context,
    session: Session,
    service: WorklogService,
    key: str,
    worklog_id: str,
    adjust: AdjustEstimate,
) -> int:
    a = ctx.args
    target = await service.get(key, worklog_id)
    summary = (
        f"worklog {target.id} on {key}: "
        f"{show_duration(target.time_spent_seconds, duration_style(ctx))} from "
        f"{target.started.astimezone(session.zone):%a %Y-%m-%d %H:%M} by "
        f"{target.author.display_name}"
    )
    if not a.yes:
        if not sys.stdin.isatty():
            raise BadInput(f"refusing to delete {summary} without --yes (no terminal to ask)")
        answer = input(terminal_text(f"Delete {summary}? [y/N] ")).strip().lower()
        if answer not in ("y", "yes"):
            print("Kept it.", file=ctx.err)
            return EXIT_OK
    await service.delete(key, target.id, adjust, before=target)
    print(f"Deleted {summary}.", file=ctx.out)
    return EXIT_OK


def duration_style(ctx: Context) -> DurationStyle:
    """`[ui] duration_format` of config.toml: the shell shows durations as the app does."""
    if ctx.demo:
        return "hm"
    try:
        ui = load_config().ui
    except ConfigError:
        return "hm"  # the command itself does not need the file; its errors are `doctor`'s
    return "decimal" if ui.duration_format == "decimal" else "hm"


async def cmd_week(ctx: Context, session: Session) -> int:
    a = ctx.args
    service = WeekService(session)
    user = await service.resolve_user(a.user) if a.user else None
    week = await service.load(parse_date_arg(a.date, session), user)
    fmt: WeekFormat = a.format
    print(render_week(week, fmt, style=duration_style(ctx)), file=ctx.out)
    return EXIT_OK


async def cmd_team(ctx: Context, session: Session) -> int:
    a = ctx.args
    ui = UiConfig()
    if ctx.demo:
        from tuiws.emulator.seed import DEMO_GROUP

        teams = {DEMO_GROUP: Team(group=DEMO_GROUP)}
    else:
        config = load_config()
        teams, ui = config.teams, config.ui
    day = parse_date_arg(a.date, session)
    try:
        spec = TeamSpec.adhoc(a.members.split(",")) if a.members else pick_team(teams, a.team)
        service = TeamService(
            session,
            ceiling_hours=ui.daily_ceiling_hours,
            late_after=timedelta(hours=ui.late_after_hours),
        )
        team = await service.load(spec, day)
    except TeamError as exc:
        raise BadInput(str(exc)) from None
    fmt: WeekFormat = a.format
    style: DurationStyle = "decimal" if ui.duration_format == "decimal" else "hm"
    print(render_team(team, fmt, style=style), file=ctx.out)
    return EXIT_OK


async def cmd_search(ctx: Context, session: Session) -> int:
    issues = await SearchService(session).search(" ".join(ctx.args.query))
    print(render_issues(issues, as_json=ctx.args.json, style=duration_style(ctx)), file=ctx.out)
    return EXIT_OK


async def doctor(ctx: Context) -> int:
    """Runs without a session: its job is to say which step of opening one fails."""
    async with build_connection(ctx.profile) as connection:
        report = await run_doctor(connection, ctx.profile, lambda: connect(connection, ctx.profile))
    print(report.render(), file=ctx.out)
    return EXIT_OK if report.ok else EXIT_FAILED


async def cmd_tour(ctx: Context, session: Session) -> int:
    from tuiws.tour import run_tour

    return await run_tour(session, ctx.out)


async def cmd_sync(ctx: Context, session: Session) -> int:
    import json
    import tempfile
    from contextlib import ExitStack
    from pathlib import Path

    from tuiws.services.sync import SyncProgress, SyncService
    from tuiws.store.cache import CacheError, WorklogCache

    a = ctx.args
    if not 0 <= a.weeks <= 52:
        raise BadInput(f"--weeks {a.weeks}: use 0 to 52")
    live = ctx.err.isatty()

    def show(progress: SyncProgress) -> None:
        # On a terminal one line updates in place; in a log, one line a step.
        if live:
            write_control(ctx.err, "\r\x1b[K")
        print(progress.describe(), end="" if live else "\n", file=ctx.err, flush=True)

    with ExitStack() as stack:
        directory = None
        if ctx.demo:
            # The demo's emulator is gone when the command ends: its cache goes with it.
            directory = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="tuiws-")))
        try:
            with journaled(session, ctx.profile.name, ctx.demo, ctx.err) as (_service, earlier):
                await earlier.settle()  # unfinished writes first: the sync then sees their truth
            with WorklogCache.for_profile(ctx.profile.name, directory) as cache:
                service = SyncService(session, cache, window_weeks=a.weeks)
                report = await service.sync(show, full=a.full)
        except CacheError as exc:
            print(f"tuiws: {exc}", file=ctx.err)
            return EXIT_FAILED
        finally:
            if live:
                write_control(ctx.err, "\r\x1b[K")
                ctx.err.flush()
    print(json.dumps(report.to_json()) if a.json else report.summary(), file=ctx.out)
    return EXIT_OK


async def cmd_queue(ctx: Context, session: Session) -> int:
    with journaled(session, ctx.profile.name, ctx.demo, ctx.err) as (service, _report):
        return await queue_command(ctx.args, service, ctx.out, ctx.err)


async def cmd_undo(ctx: Context, session: Session) -> int:
    with journaled(session, ctx.profile.name, ctx.demo, ctx.err) as (service, _report):
        return await undo_command(ctx.args, service, ctx.out, ctx.err)


COMMANDS: dict[str, Command] = {
    "log": cmd_log,
    "worklogs": cmd_worklogs,
    "edit": cmd_edit,
    "delete": cmd_delete,
    "week": cmd_week,
    "team": cmd_team,
    "search": cmd_search,
    "tour": cmd_tour,
    "sync": cmd_sync,
    "queue": cmd_queue,
    "undo": cmd_undo,
}


if __name__ == "__main__":
    raise SystemExit(main())
