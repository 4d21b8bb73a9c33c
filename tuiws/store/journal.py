"""The write journal: every add, edit and delete, recorded before it is sent.

One SQLite file a profile under `<data dir>/journal` (0600 in a 0700 folder, WAL, synchronous
FULL so an entry written before a send survives a crash or `kill -9`). An entry holds the
backend, the exact request (the checked draft), an operation id, the before-image of an edit
or delete, and its state as answers come: recorded → sent → confirmed | failed | unknown.
Entries still recorded, sent or unknown are unfinished: the next run reads them back from
the server before it writes anything new.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import Any, cast

from tuiws.config.paths import data_dir
from tuiws.domain.models import Worklog, WorklogDraft, WriteVerb
from tuiws.store.cache_files import cache_path
from tuiws.store.journal_codec import draft_from_json, worklog_from_json

__all__ = [
    "UNFINISHED",
    "EntryState",
    "JournalEntry",
    "JournalError",
    "WriteJournal",
    "new_operation_id",
]

SCHEMA_VERSION = 1


class EntryState(StrEnum):
    RECORDED = "recorded"
    """Written down; the request may be about to leave."""
    SENT = "sent"
    """Handed to the backend; no answer yet."""
    CONFIRMED = "confirmed"
    FAILED = "failed"
    """Certainly not applied (refused, or read back and not there)."""
    UNKNOWN = "unknown"
    """The answer was lost and the read-back failed too: it may have been saved."""
    QUEUED = "queued"
    """The server could not be reached, so nothing left: kept to be sent when it can be."""
    DROPPED = "dropped"
    """Taken out of the queue by the user, never sent."""


UNFINISHED = (EntryState.RECORDED, EntryState.SENT, EntryState.UNKNOWN)


class JournalError(Exception):
    """The journal file cannot be used."""


def new_operation_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class JournalEntry:
    operation: str
    backend: str
    site: str
    verb: WriteVerb
    issue_key: str
    worklog_id: str | None
    """The worklog an edit or delete targets; for an add, the one it created once known."""
    request: dict[str, Any]
    """The checked draft as sent (`draft_json`); the estimate change for a delete."""
    before: dict[str, Any] | None
    """The worklog as it was before an edit or delete (`worklog_json`)."""
    known_ids: list[str] = field(default_factory=list)
    """The ids of look-alikes that existed before an add, for backends without tagged writes."""
    state: EntryState = EntryState.RECORDED
    message: str = ""
    recorded_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    updated_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def unfinished(self) -> bool:
        return self.state in UNFINISHED

    def draft(self) -> WorklogDraft:
        return draft_from_json(self.request)

    def before_worklog(self) -> Worklog | None:
        """The worklog as it was before this edit or delete (None for an add)."""
        return worklog_from_json(self.before) if self.before is not None else None


# -- the file -------------------------------------------------------------------------------------

_COLUMNS = (
    "operation, backend, site, verb, issue_key, worklog_id, request, before, known_ids, "
    "state, message, recorded_at, updated_at"
)


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _entry(row: Sequence[Any]) -> JournalEntry:
    return JournalEntry(
        operation=row[0],
        backend=row[1],
        site=row[2],
        verb=cast(WriteVerb, row[3]),
        issue_key=row[4],
        worklog_id=row[5],
        request=json.loads(row[6]),
        before=json.loads(row[7]) if row[7] else None,
        known_ids=json.loads(row[8]),
        state=EntryState(row[9]),
        message=row[10],
        recorded_at=datetime.fromisoformat(row[11]),
        updated_at=datetime.fromisoformat(row[12]),
    )


class WriteJournal:
    """A profile's journal file. Safe to share between threads (one lock around the file)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        os.close(fd)
        os.chmod(self.path, 0o600)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            # FULL: an entry recorded before a send is on disk before the request leaves.
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA busy_timeout=5000")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            db = getattr(self, "_db", None)
            if db is not None:
                db.close()
            raise JournalError(
                f"The write journal {self.path} cannot be read ({exc}). Move it aside to "
                "continue; unfinished saves it held will no longer be checked."
            ) from None

    @classmethod
    def in_memory(cls) -> WriteJournal:
        """A journal kept only for this process (tests, the demo, the tour)."""
        journal = cls.__new__(cls)
        journal.path = Path(":memory:")
        journal._lock = threading.Lock()
        journal._db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        journal._migrate()
        return journal

    @classmethod
    def for_profile(cls, profile: str, directory: Path | None = None) -> WriteJournal:
        """Open (creating if needed) `profile`'s journal under `directory` (default
        `<data dir>/journal`)."""
        if directory is None:
            directory = data_dir() / "journal"
        return cls(cache_path(directory, profile))

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            self._db.executescript(
                """
                CREATE TABLE IF NOT EXISTS entries (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    operation TEXT NOT NULL UNIQUE,
                    backend TEXT NOT NULL,
                    site TEXT NOT NULL,
                    verb TEXT NOT NULL,
                    issue_key TEXT NOT NULL,
                    worklog_id TEXT,
                    request TEXT NOT NULL,
                    before TEXT,
                    known_ids TEXT NOT NULL,
                    state TEXT NOT NULL,
                    message TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE INDEX IF NOT EXISTS entries_state ON entries (state);
                """
            )
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        elif version != SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"schema {version}, expected {SCHEMA_VERSION}")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> WriteJournal:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _locked(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._db

    # -- writing ------------------------------------------------------------------------------

    def record(
        self,
        *,
        backend: str,
        site: str,
        verb: WriteVerb,
        issue_key: str,
        request: dict[str, Any],
        worklog_id: str | None = None,
        before: dict[str, Any] | None = None,
        known_ids: Sequence[str] = (),
        operation: str | None = None,
    ) -> JournalEntry:
        """Write the intent down (state recorded) and return it; call before sending."""
        entry = JournalEntry(
            operation=operation or new_operation_id(),
            backend=backend,
            site=site,
            verb=verb,
            issue_key=issue_key,
            worklog_id=worklog_id,
            request=request,
            before=before,
            known_ids=list(known_ids),
        )
        with self._locked() as db:
            db.execute(
                f"INSERT INTO entries ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    entry.operation,
                    backend,
                    site,
                    verb,
                    issue_key,
                    worklog_id,
                    json.dumps(request),
                    json.dumps(before) if before is not None else None,
                    json.dumps(entry.known_ids),
                    entry.state.value,
                    "",
                    entry.recorded_at.isoformat(),
                    entry.updated_at.isoformat(),
                ),
            )
        return entry

    def mark(
        self,
        operation: str,
        state: EntryState,
        *,
        worklog_id: str | None = None,
        message: str = "",
        known_ids: Sequence[str] | None = None,
    ) -> None:
        """Record an answer: `worklog_id` for an add once its worklog is known; `known_ids`
        the look-alikes read just before sending."""
        known = json.dumps(list(known_ids)) if known_ids is not None else None
        with self._locked() as db:
            db.execute(
                "UPDATE entries SET state = ?, message = ?, updated_at = ?, "
                "worklog_id = COALESCE(?, worklog_id), known_ids = COALESCE(?, known_ids) "
                "WHERE operation = ?",
                (state.value, message, _now(), worklog_id, known, operation),
            )

    # -- reading ------------------------------------------------------------------------------

    def entry(self, operation: str) -> JournalEntry | None:
        with self._locked() as db:
            row = db.execute(
                f"SELECT {_COLUMNS} FROM entries WHERE operation = ?", (operation,)
            ).fetchone()
        return _entry(row) if row else None

    def unfinished(self, backend: str, site: str) -> list[JournalEntry]:
        """Entries of this backend and site still recorded, sent or unknown, oldest first."""
        return self._where(backend, site, UNFINISHED)

    def _where(self, backend: str, site: str, states: Sequence[EntryState]) -> list[JournalEntry]:
        marks = ",".join("?" * len(states))
        with self._locked() as db:
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM entries WHERE backend = ? AND site = ? "
                f"AND state IN ({marks}) ORDER BY seq",
                (backend, site, *(s.value for s in states)),
            ).fetchall()
        return [_entry(r) for r in rows]

    def queued(self, backend: str, site: str) -> list[JournalEntry]:
        """Entries kept while the server could not be reached, oldest first."""
        return self._where(backend, site, (EntryState.QUEUED,))

    def recent(self, limit: int = 50) -> list[JournalEntry]:
        """The latest entries, newest first."""
        with self._locked() as db:
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM entries ORDER BY seq DESC LIMIT ?", (limit,)
            ).fetchall()
        return [_entry(r) for r in rows]
