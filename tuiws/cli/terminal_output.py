"""The command line's output edge: what reaches the terminal is text, never control codes.

Everything `tuiws` prints passes through `SafeStream`, so a Jira summary, a colleague's
comment or an error echoing what was typed cannot move the cursor, retitle the window, ring
the bell or reorder text. The few control sequences tuiws itself means (the live progress
line) go through `write_control`. A reader that goes away (`tuiws week | head -1`) ends the
command quietly, as well-behaved tools do.
"""

from __future__ import annotations

import io
import os
import sys
from typing import TextIO, cast

from tuiws.domain.terminal_text import terminal_text

__all__ = ["EXIT_BROKEN_PIPE", "SafeStream", "safe_stream", "silence_stdout", "write_control"]

EXIT_BROKEN_PIPE = 141
"""128 + SIGPIPE: what a shell reports for a tool whose reader went away."""


class SafeStream(io.TextIOBase):
    """A text stream that strips control and bidi-override characters from what is written."""

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(terminal_text(text))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def fileno(self) -> int:
        return self.raw.fileno()

    def writable(self) -> bool:
        return True


def safe_stream(raw: TextIO) -> TextIO:
    """`raw` behind a `SafeStream` (typed as the `TextIO` every command writes to)."""
    return cast(TextIO, SafeStream(raw))


def write_control(stream: TextIO, sequence: str) -> None:
    """Write a control sequence tuiws means (e.g. `\\r\\x1b[K`), past the filter."""
    target = stream.raw if isinstance(stream, SafeStream) else stream
    target.write(sequence)


def silence_stdout() -> None:
    """After the reader went away: point stdout at /dev/null so the interpreter's last flush
    at exit has nowhere to fail (else Python prints "Exception ignored ... BrokenPipeError")."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test's capture): nothing is flushed at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)
