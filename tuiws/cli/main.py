"""The `tuiws` command line: thin over the services, scriptable, honest exit codes.

Exit 0 on success; 2 for bad input (nothing was written); 1 when Jira or the network failed
(a write that could not reach the server is queued in the journal for the next run); 3 when
a write's outcome is unknown; 141 when the reader of the output went away (`| head`). All
output passes `SafeStream`.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO

from tuiws import app
from tuiws.backends.backoff import BackoffEvent
from tuiws.backends.errors import BackendError, TlsFailed, UnknownOutcome, Unreachable
from tuiws.cli.context import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, Command, Context
from tuiws.cli.fill_commands import cmd_fill
from tuiws.cli.info_commands import cmd_search, cmd_tour, doctor
from tuiws.cli.init_command import run_init
from tuiws.cli.inputs import (
    BAD_INPUT_ERRORS,
    BadInput,
    check_arguments,
)
from tuiws.cli.journal_commands import EXIT_UNKNOWN, cmd_queue, cmd_undo, queue_offline
from tuiws.cli.offline_edits import delete_offline, edit_offline
from tuiws.cli.offline_log import log_offline
from tuiws.cli.parser import build_parser
from tuiws.cli.terminal_output import EXIT_BROKEN_PIPE, safe_stream, silence_stdout
from tuiws.cli.timer_command import run_timer
from tuiws.cli.week_commands import cmd_sync, cmd_team, cmd_week
from tuiws.cli.worklog_commands import cmd_delete, cmd_edit, cmd_log, cmd_worklogs
from tuiws.config import (
    ResolvedProfile,
    load_config,
    resolve_profile,
)
from tuiws.config.paths import locate
from tuiws.config.ui_settings import UiSettings
from tuiws.entry import split_demo
from tuiws.factory import build_connection, connect
from tuiws.logfile import log_start, redact, start_log
from tuiws.services.team_spec import app_team
from tuiws.services.write_flow import WriteQueued

log = logging.getLogger(__name__)


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
        demos = app.demo_in_process  # the emulator loads for `tuiws emulator` only
        try:
            demos.serve_forever(args.flavor, args.port, args.latency_ms, out)
        except demos.EmulatorStartError as exc:
            print(f"tuiws: {exc}", file=err)
            return EXIT_BAD_INPUT
        return EXIT_OK
    try:
        check_arguments(args)
        with profile_for(args, demo) as profile:
            ctx = Context(args, out, err, profile, demo=demo is not None)
            if args.command == "timer":
                return run_timer(args, profile, out, err, demo=ctx.demo)
            if args.command == "doctor":
                return asyncio.run(doctor(ctx))
            if args.command is None:
                return open_app(profile, demo is not None)
            return asyncio.run(with_session(ctx, COMMANDS[args.command]))
    except BAD_INPUT_ERRORS as exc:
        print(f"tuiws: {exc}", file=err)
        print("Nothing was written.", file=err)
        return EXIT_BAD_INPUT
    except (UnknownOutcome, WriteQueued) as exc:
        # Queued is not failed: the journal holds the write and the next run sends it, so a
        # script that re-ran on a failure would log it twice. Both are "not settled yet".
        log.warning("%s not settled: %s", args.command, exc)
        print(f"tuiws: {exc}", file=err)
        return EXIT_UNKNOWN
    except BackendError as exc:
        log.warning("%s failed: %s", args.command, exc)
        print(f"tuiws: {exc}", file=err)
        return EXIT_FAILED


def open_app(profile: ResolvedProfile, demo: bool) -> int:
    if not sys.stdout.isatty():
        raise BadInput("the app needs a terminal; use a command such as `tuiws week` in scripts")
    if demo:
        return app.launch.run_app(profile, team=app.demo_in_process.DEMO_TEAM)
    config = load_config()
    return app.launch.run_app(
        profile, ui=UiSettings.from_config(config.ui), team=app_team(config.teams)
    )


@contextmanager
def profile_for(args: argparse.Namespace, demo: str | None) -> Iterator[ResolvedProfile]:
    if demo is None:
        config = load_config()
        profile = resolve_profile(config, os.environ, args.profile)
        redact(profile.token)  # from here on its value never reaches the log file
        yield profile
        return
    demos = app.demo_in_process  # the emulator loads for a demo only
    with demos.demo_emulator(demo) as emulator:
        profile = demos.named_demo_profile(emulator, demo)
        redact(profile.token)
        yield profile


async def with_session(ctx: Context, command: Command) -> int:
    def report(event: BackoffEvent) -> None:
        print(f"tuiws: {event.describe()}", file=ctx.err)

    if ctx.args.command == "queue" and ctx.args.action != "retry":
        return queue_offline(ctx.args, ctx)  # the journal alone: it works offline
    async with build_connection(ctx.profile, on_backoff=report) as connection:
        try:
            session = await connect(connection, ctx.profile)
        except Unreachable as exc:
            # `log` keeps its worklog in the journal, queued for the next run that gets through;
            # `edit` and `delete` their change of the worklog as the local cache holds it.
            offline = OFFLINE_COMMANDS.get(ctx.args.command)
            if offline is None or ctx.demo or isinstance(exc, TlsFailed):
                raise
            return offline(ctx, exc)
        return await command(ctx, session)


# -- input helpers ------------------------------------------------------------------------------


OFFLINE_COMMANDS: dict[str, Callable[[Context, Unreachable], int]] = {
    "log": log_offline,
    "edit": edit_offline,
    "delete": delete_offline,
}
"""The commands that queue their write when signing in cannot reach the server."""

COMMANDS: dict[str, Command] = {
    "log": cmd_log,
    "worklogs": cmd_worklogs,
    "edit": cmd_edit,
    "delete": cmd_delete,
    "week": cmd_week,
    "fill": cmd_fill,
    "team": cmd_team,
    "search": cmd_search,
    "tour": cmd_tour,
    "sync": cmd_sync,
    "queue": cmd_queue,
    "undo": cmd_undo,
}
