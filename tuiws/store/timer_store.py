"""The running timer on disk: one JSON file per profile, so it outlives the process.

Closing the terminal, an SSH drop, `kill -9` or a reboot leave the file, and with it the timer,
where it was; the app and the shell read the same file, so they see the same timer at once.
Writes replace the file atomically (a reader never sees half of one) with mode 0600, and each
change holds an advisory lock so two processes changing it at once do not lose either change.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from tuiws.config.paths import data_dir
from tuiws.domain.timer import Pause, Timer
from tuiws.store.cache_files import cache_path

__all__ = ["TimerStore", "TimerStoreError", "timers_dir"]

_VERSION = 1
_MAX_BYTES = 1024 * 1024


class TimerStoreError(OSError):
    """The timer file cannot be written (or holds something that is not a timer)."""


def timers_dir() -> Path:
    """Where the timers live: `<data dir>/timers`, one file per profile."""
    return data_dir() / "timers"


class TimerStore:
    """`profile`'s timer as `<directory>/<profile>.json` (directory created 0700 on first write)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @classmethod
    def for_profile(cls, profile: str, directory: Path | None = None) -> TimerStore:
        folder = directory if directory is not None else timers_dir()
        return cls(cache_path(folder, profile).with_suffix(".json"))

    def load(self) -> Timer | None:
        """The timer, or None when none is running."""
        try:
            if self.path.stat().st_size > _MAX_BYTES:
                raise TimerStoreError(f"{self.path} is too large to be a timer")
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except TimerStoreError:
            raise
        except OSError as exc:
            raise TimerStoreError(f"cannot read the timer at {self.path}: {exc.strerror}") from None
        try:
            return timer_from_json(json.loads(raw))
        except (ValueError, KeyError, TypeError):
            raise TimerStoreError(
                f"{self.path} is not a timer tuiws wrote; remove it to start afresh"
            ) from None

    def change(self, edit: Callable[[Timer | None], Timer | None]) -> Timer | None:
        """Read, `edit`, write back (None removes the file), under the lock: the timer as
        `edit` left it."""
        with self._locked():
            changed = edit(self.load())
            if changed is None:
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()
            else:
                self._write(changed)
            return changed

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(self.path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise TimerStoreError(f"cannot write the timer in {self.path.parent}: {exc}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def _write(self, timer: Timer) -> None:
        data = json.dumps(timer_to_json(timer), indent=2).encode("utf-8")
        try:
            # mkstemp makes the file 0600 beside the target, so os.replace stays atomic.
            fd, temp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=self.path.parent)
        except OSError as exc:
            raise TimerStoreError(f"cannot write the timer in {self.path.parent}: {exc}") from None
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, 0o600)
            os.replace(temp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise


def timer_to_json(timer: Timer) -> dict[str, Any]:
    return {
        "version": _VERSION,
        "issue": timer.issue_key,
        "started": timer.started.isoformat(),
        "pauses": [
            [p.since.isoformat(), p.until.isoformat() if p.until else None] for p in timer.pauses
        ],
        "comment": timer.comment,
    }


def _instant(text: Any) -> datetime:
    if not isinstance(text, str):
        raise TypeError("an instant is text")
    moment = datetime.fromisoformat(text)
    if moment.utcoffset() is None:
        raise ValueError("an instant needs its offset")
    return moment


def timer_from_json(raw: Any) -> Timer:
    if not isinstance(raw, dict) or raw.get("version") != _VERSION:
        raise ValueError("not a timer of this version")
    issue, comment, pauses = raw["issue"], raw.get("comment", ""), raw.get("pauses", [])
    if not isinstance(issue, str) or not isinstance(comment, str) or not isinstance(pauses, list):
        raise TypeError("unexpected field types")
    return Timer(
        issue_key=issue,
        started=_instant(raw["started"]),
        pauses=tuple(Pause(_instant(s), None if u is None else _instant(u)) for s, u in pauses),
        comment=comment,
    )
