"""The command line's input parsing: start times, dates, estimate choices, checked before any
request (a bad one exits 2 with nothing sent). Drafts are built by the domain's `read_draft`,
shared with the app's editor."""

from __future__ import annotations

import argparse
from datetime import date, datetime, time, timedelta

from tuiws.backends.errors import BadReference
from tuiws.cli.args import (
    issue_arg,
    unsendable_argument,
    worklog_arg,
)
from tuiws.config import (
    ConfigError,
)
from tuiws.domain.draft_input import adjust_from, parse_start
from tuiws.domain.drafts import NOT_TEXT, DraftInvalid
from tuiws.domain.durations import DurationError
from tuiws.domain.models import AdjustEstimate
from tuiws.domain.references import InvalidReference
from tuiws.domain.started import StartedError, UnknownZoneError, zoned
from tuiws.domain.terminal_text import shown
from tuiws.domain.week import parse_day
from tuiws.services.session import Session


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
    return parse_date_text(text, today_in(session))


def parse_date_text(text: str, today: date) -> date:
    """`--date TEXT` (an ISO date, `today`, `mon`, `-1`, …) read on `today`."""
    try:
        return parse_day(text, today)
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


def zoned_next_midnight(day: date, session: Session) -> datetime:
    return zoned(day + timedelta(days=1), time(0, 0), session.zone)
