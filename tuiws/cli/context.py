"""What every command receives, the exit codes, and the duration style the shell shows."""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TextIO

from tuiws.config import (
    ConfigError,
    ResolvedProfile,
    load_config,
)
from tuiws.domain.render import (
    DurationStyle,
)
from tuiws.services.session import Session

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


@dataclass
class Context:
    args: argparse.Namespace
    out: TextIO
    err: TextIO
    profile: ResolvedProfile
    demo: bool = False
    """Running on the bundled emulator: no config file is read."""


Command = Callable[[Context, Session], Awaitable[int]]


def duration_style(ctx: Context) -> DurationStyle:
    """`[ui] duration_format` of config.toml: the shell shows durations as the app does."""
    if ctx.demo:
        return "hm"
    try:
        ui = load_config().ui
    except ConfigError:
        return "hm"  # the command itself does not need the file; its errors are `doctor`'s
    return "decimal" if ui.duration_format == "decimal" else "hm"
