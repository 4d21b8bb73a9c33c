"""The log file: `tuiws.log` in the log directory (`tuiws locate log`), rotated, never a token.

`start_log()` adds one rotating file handler to the root logger (tuiws's own records at INFO,
everything at DEBUG with `--debug`, which also lets httpx log its requests). Every record passes
through `REDACTOR` on its way to the file: the tokens registered with `redact()` (the profile's,
the one typed into the first-run setup) are replaced in the message, its arguments and any
traceback. A lazy token (a file or a command) is redacted once it has been read; it cannot be
in a record before then.

This module is imported on the app's fast path: no pydantic, no config models.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import threading
from io import TextIOWrapper
from pathlib import Path
from typing import Protocol

from tuiws import __version__
from tuiws.config.paths import LOG_FILE_NAME, log_dir

MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
MASK = "****"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

# Loggers that speak only under --debug: httpx logs every request at INFO.
_CHATTY = ("httpx", "httpcore", "asyncio")


class Revealable(Protocol):
    """A secret as `tuiws.config.Secret` holds one (not imported here: it loads pydantic)."""

    @property
    def loaded(self) -> bool: ...

    def reveal(self) -> str: ...


class RedactSecrets(logging.Filter):
    """Replaces each registered secret's value in a record before a handler formats it."""

    def __init__(self) -> None:
        super().__init__()
        self._secrets: list[Revealable] = []
        self._lock = threading.Lock()

    def add(self, secret: Revealable) -> None:
        with self._lock:
            if not any(known is secret for known in self._secrets):
                self._secrets.append(secret)

    def _values(self) -> list[str]:
        with self._lock:
            secrets = list(self._secrets)
        # Only what is already known: redacting must never run a token command or read a file.
        values = {s.reveal() for s in secrets if s.loaded}
        return sorted((v for v in values if v), key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        values = self._values()
        if not values:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg = _mask(message, values)
        record.args = None
        if record.exc_text:
            record.exc_text = _mask(record.exc_text, values)
        if record.stack_info:
            record.stack_info = _mask(record.stack_info, values)
        return True


def _mask(text: str, values: list[str]) -> str:
    for value in values:
        text = text.replace(value, MASK)
    return text


REDACTOR = RedactSecrets()
"""The one filter every record to the log file passes."""


class _PrivateRotatingFile(logging.handlers.RotatingFileHandler):
    """Each file it opens (the first and every one after a rollover) is readable by its owner
    alone: the log names issues, people and comments."""

    def _open(self) -> TextIOWrapper:
        stream = super()._open()
        if os.name == "posix":
            os.chmod(self.baseFilename, 0o600)
        return stream


_handler: logging.Handler | None = None
_handler_lock = threading.Lock()


def redact(secret: Revealable) -> None:
    """Keep `secret`'s value out of the log file from now on."""
    REDACTOR.add(secret)


def log_start(command: str) -> None:
    """The first line of a run in the log: which tuiws, doing what."""
    logging.getLogger("tuiws").info("tuiws %s started: %s", __version__, command)


def start_log(*, debug: bool = False, directory: Path | None = None) -> Path | None:
    """Write log records to `tuiws.log` in `directory` (default: the log directory).

    Returns the file, or None when it cannot be opened (a read-only home): tuiws works on
    without a log rather than refuse to start. Calling it again replaces the handler.
    """
    global _handler
    folder = log_dir() if directory is None else directory
    path = folder / LOG_FILE_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = _PrivateRotatingFile(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(REDACTOR)
    level = logging.DEBUG if debug else logging.INFO
    handler.setLevel(level)
    root = logging.getLogger()
    with _handler_lock:
        if _handler is not None:
            root.removeHandler(_handler)
            _handler.close()
        _handler = handler
        root.addHandler(handler)
    logging.getLogger("tuiws").setLevel(level)
    for name in _CHATTY:
        logging.getLogger(name).setLevel(logging.DEBUG if debug else logging.WARNING)
    return path


def stop_log() -> None:
    """Close the log file and put the loggers' levels back (a test, or a host embedding tuiws)."""
    global _handler
    with _handler_lock:
        if _handler is not None:
            logging.getLogger().removeHandler(_handler)
            _handler.close()
            _handler = None
    for name in ("tuiws", *_CHATTY):
        logging.getLogger(name).setLevel(logging.NOTSET)
