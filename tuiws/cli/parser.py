"""The argparse parser of the `tuiws` command: its commands, options and help."""

from __future__ import annotations

import argparse
from importlib.metadata import PackageNotFoundError, version

from tuiws import __version__
from tuiws.cli.args import (
    SafeArgumentParser,
    bounded_int,
)
from tuiws.cli.init_command import add_init_parser
from tuiws.cli.journal_commands import add_journal_parsers
from tuiws.cli.timer_command import add_timer_parser

SANITY_YES_HELP = (
    "write without asking about a doubtful write (a day over 24 h, one worklog over 12 h, "
    "a date far ahead or back, an exact duplicate)"
)


def installed_version() -> str:
    """The version in the installed distribution's metadata (what pip, pipx and uv installed),
    or `__version__` when this tree runs without being installed."""
    try:
        return version("tuiws")
    except PackageNotFoundError:
        return __version__


def _plan_options(p: argparse.ArgumentParser, prefix: str) -> None:
    p.add_argument("--dry-run", action="store_true", help=f"{prefix}show the plan, send nothing")
    p.add_argument("--yes", action="store_true", help=f"{prefix}send without asking")
    p.add_argument("--json", action="store_true", help=f"{prefix}print the plan as JSON")


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
        help="the bundled emulator: `tuiws --demo [cloud|server|tempo|everit|extender] [COMMAND]`",
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
    log.add_argument(
        "--attribute",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a work attribute where the backend has them (Tempo), e.g. _Account_=INTERNAL",
    )
    log.add_argument("--yes", action="store_true", help=SANITY_YES_HELP)

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
    ed.add_argument("--yes", action="store_true", help=SANITY_YES_HELP)

    de = sub.add_parser("delete", help="delete a worklog")
    de.add_argument("issue")
    de.add_argument("worklog_id")
    de.add_argument("--adjust", default="auto", help=adjust_help.replace("manual", "manual"))
    de.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    wk = sub.add_parser("week", help="a week as issues × days with totals")
    wk.add_argument("--date", help="any day of the week (default today)")
    wk.add_argument("--user", help="someone else's week: account id, email or username")
    wk.add_argument("--format", choices=["table", "csv", "json", "md"], default="table")
    wk.add_argument(
        "--copy-from",
        type=int,
        metavar="-N",
        help="propose the week N weeks back for this one (-1: last week) and send it",
    )
    _plan_options(wk, "with --copy-from: ")

    fi = sub.add_parser("fill", help="log a day's missing time on an issue (--to-target)")
    fi.add_argument("issue")
    fi.add_argument(
        "--to-target", action="store_true", help="log the gap to the day's required time"
    )
    fi.add_argument("--date", help="YYYY-MM-DD, today, yesterday, mon..sun or -N (default today)")
    fi.add_argument(
        "--attribute",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a work attribute where the backend has them (Tempo), e.g. _Account_=INTERNAL",
    )
    _plan_options(fi, "")

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
    add_timer_parser(sub)
    add_journal_parsers(sub)
    return p
