"""Command-line arguments checked as they are read: nothing unsafe reaches a URL or a terminal."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import NoReturn

from tuiws.domain.drafts import is_sendable_text, normalise_issue_key
from tuiws.domain.references import check_issue_reference, check_worklog_id
from tuiws.domain.terminal_text import shown, terminal_text

__all__ = [
    "SafeArgumentParser",
    "bounded_int",
    "is_small_number",
    "issue_arg",
    "unsendable_argument",
    "worklog_arg",
]

EXIT_BAD_INPUT = 2


def is_small_number(text: str) -> bool:
    return 1 <= len(text) <= 2 and text.isascii() and text.isdigit()


def issue_arg(text: str) -> str:
    """An ISSUE argument, checked before any URL is built from it (InvalidReference)."""
    return normalise_issue_key(check_issue_reference(text.strip()))


def worklog_arg(text: str) -> str:
    """An ID argument: digits only, exactly as typed (a trailing newline is refused)."""
    return check_worklog_id(text)


class SafeArgumentParser(argparse.ArgumentParser):
    """argparse, with what the user typed shown escaped in its error messages."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {terminal_text(message)}\n")


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high`, refused with the range else."""

    def parse(text: str) -> int:
        digits = text.strip()
        if digits.isascii() and digits.isdigit() and len(digits) <= len(str(high)):
            value = int(digits)
            if low <= value <= high:
                return value
        raise argparse.ArgumentTypeError(f"{shown(text)}: use a whole number from {low} to {high}")

    return parse


def unsendable_argument(args: argparse.Namespace) -> str | None:
    """The first argument holding invalid UTF-8 (a lone surrogate once decoded), as its
    option name, or None. httpx could not encode it: better to say so than fail inside."""
    for name, value in vars(args).items():
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and not is_sendable_text(v) for v in values):
            positional = name in ("issue", "worklog_id", "query", "duration")
            return name.upper() if positional else "--" + name.replace("_", "-")
    return None
