"""The local worklog cache: one SQLite file per profile with issues, worklogs and sync cursors.

Rows hold enough to rebuild the domain `Worklog` and `Issue` exactly (`started` keeps the
offset Jira sent), so a week can be painted from here with no network. The file holds work
data, so it is created 0600 in a 0700 folder; WAL keeps a reader (the app) from blocking on
a writer (a sync).

Every write runs in a transaction. `transaction()` groups several writes into one, which is
how a sync stores a page of worklogs and moves its cursor past that page atomically: a crash
or an error leaves either both or neither.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from tuiws.config.paths import worklog_cache_dir
from tuiws.domain.models import Issue, User, Worklog
from tuiws.store.cache_files import SCHEMA_VERSION, cache_identity, cache_path
from tuiws.store.cache_rows import SELECT_WORKLOGS as _SELECT_WORKLOGS
from tuiws.store.cache_rows import chunks as _chunks
from tuiws.store.cache_rows import issue_from_row as _issue
from tuiws.store.cache_rows import micros as _micros
from tuiws.store.cache_rows import read_time as _read_time
from tuiws.store.cache_rows import user_from_json as _user_from_json
from tuiws.store.cache_rows import user_json as _user_json
from tuiws.store.cache_rows import worklog_from_row as _worklog
from tuiws.store.cache_rows import worklog_row as _worklog_row
from tuiws.store.cache_schema import migrate

__all__ = ["SCHEMA_VERSION", "CacheError", "Feed", "WorklogCache", "cache_path"]

Feed = Literal["updated", "deleted"]
_WORKLOG_MARKS = ", ".join("?" * 17)  # a worklog row's columns (cache_schema.SCHEMA)
FEEDS: tuple[Feed, ...] = ("updated", "deleted")


class CacheError(Exception):
    """The cache file cannot be used (corrupt, not a database, or from a newer tuiws)."""


class WorklogCache:
    """A profile's cache file. Use as a context manager, or call `close()`.

    Not thread-safe: use it from the thread that opened it (the app's event loop, or the CLI).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._depth = 0
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Created 0600 before SQLite opens it; SQLite gives the -wal/-shm files the same mode.
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        os.close(fd)
        os.chmod(self.path, 0o600)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA busy_timeout=5000")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self._close_quietly()
            raise CacheError(
                f"The cache {self.path} cannot be read ({exc}). It holds only copies of Jira "
                "data: delete it and run `tuiws sync` again."
            ) from None

    @classmethod
    def for_profile(cls, profile: str, directory: Path | None = None) -> WorklogCache:
        """Open (creating if needed) the cache of `profile` under `directory`.

        `directory` defaults to `<data dir>/cache` (`tuiws locate cache` prints it).
        """
        if directory is None:
            directory = worklog_cache_dir()
        return cls(cache_path(directory, profile))

    # -- lifecycle ----------------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

    def _close_quietly(self) -> None:
        db = getattr(self, "_db", None)
        if db is not None:
            db.close()

    def __enter__(self) -> WorklogCache:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _migrate(self) -> None:
        migrate(self._db, self.transaction)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes: all of them are committed at the end, or none on an exception.

        Nested use joins the outer transaction.
        """
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self._db.execute("ROLLBACK")
            raise
        self._depth = 0
        self._db.execute("COMMIT")

    # -- identity -----------------------------------------------------------------------------

    def bind(self, site: str, account: User, *, backend: str) -> bool:
        """Tie the cache to one backend, site and account; data from another one is dropped.

        Returns True when the cache was emptied because it held someone else's data.
        """
        identity = cache_identity(backend, site, account.ident)
        with self.transaction():
            known = self._meta("identity")
            reset = known is not None and known != identity
            if reset:
                self.clear()
            self._set_meta("identity", identity)
            self._set_meta("account", _user_json(account))
        return reset

    def bound_to(self, site: str, account: User, *, backend: str) -> bool:
        """Whether `bind(site, account, backend=…)` would keep what is here."""
        return self._meta("identity") == cache_identity(backend, site, account.ident)

    def holds_site(self, site: str, *, backend: str) -> bool:
        """Whether the data here is `backend`'s on `site` (as `bind` recorded it)."""
        account = self.account()
        identity = self._meta("identity")
        return account is not None and identity == cache_identity(backend, site, account.ident)

    def account(self) -> User | None:
        """The signed-in account the cache was last synced for (to paint before connecting)."""
        raw = self._meta("account")
        if raw is None:
            return None
        return _user_from_json(raw)

    def clear(self) -> None:
        """Forget every issue, worklog and cursor (the next sync starts afresh)."""
        with self.transaction():
            for table in ("issues", "worklogs", "cursors", "meta"):
                self._db.execute(f"DELETE FROM {table}")

    # -- issues -------------------------------------------------------------------------------

    def upsert_issues(self, issues: Iterable[Issue]) -> int:
        rows = [
            (
                i.id,
                i.key,
                i.summary,
                i.status,
                i.project_key,
                i.original_estimate_seconds,
                i.remaining_estimate_seconds,
                i.time_spent_seconds,
            )
            for i in issues
        ]
        with self.transaction():
            self._db.executemany(
                "INSERT INTO issues VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "key = excluded.key, summary = excluded.summary, status = excluded.status, "
                "project_key = excluded.project_key, "
                "original_estimate_seconds = excluded.original_estimate_seconds, "
                "remaining_estimate_seconds = excluded.remaining_estimate_seconds, "
                "time_spent_seconds = excluded.time_spent_seconds",
                rows,
            )
            # A worklog stored before its issue was known gets the key now.
            for chunk in _chunks([r[0] for r in rows]):
                marks = ",".join("?" * len(chunk))
                self._db.execute(
                    "UPDATE worklogs SET issue_key = "
                    "(SELECT key FROM issues WHERE issues.id = worklogs.issue_id) "
                    f"WHERE issue_id IN ({marks})",
                    chunk,
                )
        return len(rows)

    def issues_by_id(self, ids: Iterable[str]) -> dict[str, Issue]:
        return {i.id: i for i in self._issues_where("id", [str(x) for x in ids])}

    def issues_by_key(self, keys: Iterable[str]) -> dict[str, Issue]:
        return {i.key: i for i in self._issues_where("key", [k.upper() for k in keys])}

    def unknown_issue_ids(self, ids: Iterable[str]) -> list[str]:
        """The ids among `ids` with no issue row yet, in the order given, once each."""
        wanted = list(dict.fromkeys(str(x) for x in ids))
        known = set(self.issues_by_id(wanted))
        return [i for i in wanted if i not in known]

    def _issues_where(self, column: str, values: Sequence[str]) -> list[Issue]:
        out: list[Issue] = []
        for chunk in _chunks(list(dict.fromkeys(values))):
            marks = ",".join("?" * len(chunk))
            cursor = self._db.execute(
                f"SELECT * FROM issues WHERE {column} IN ({marks})",
                chunk,
            )
            out.extend(_issue(row) for row in cursor)
        return out

    # -- worklogs -----------------------------------------------------------------------------

    def upsert_worklogs(self, worklogs: Iterable[Worklog]) -> int:
        """Insert or replace worklogs by id; a row is never replaced by an older version."""
        rows = [_worklog_row(w) for w in worklogs]
        with self.transaction():
            self._db.executemany(
                f"INSERT INTO worklogs VALUES ({_WORKLOG_MARKS}) "
                "ON CONFLICT (id) DO UPDATE SET "
                "issue_id = excluded.issue_id, "
                "issue_key = COALESCE(excluded.issue_key, worklogs.issue_key), "
                "author_ident = excluded.author_ident, author_json = excluded.author_json, "
                "started_us = excluded.started_us, started = excluded.started, "
                "time_spent_seconds = excluded.time_spent_seconds, "
                "comment_text = excluded.comment_text, comment_adf = excluded.comment_adf, "
                "created = excluded.created, updated = excluded.updated, "
                "updated_us = excluded.updated_us, "
                "billable_seconds = excluded.billable_seconds, "
                "attributes_json = excluded.attributes_json, tags_json = excluded.tags_json, "
                "backend_ids_json = excluded.backend_ids_json "
                # Two syncs racing (app and CLI) must not put an older copy back.
                "WHERE excluded.updated_us IS NULL OR worklogs.updated_us IS NULL "
                "OR excluded.updated_us >= worklogs.updated_us",
                rows,
            )
            self._db.execute(
                "UPDATE worklogs SET issue_key = "
                "(SELECT key FROM issues WHERE issues.id = worklogs.issue_id) "
                "WHERE issue_key IS NULL AND issue_id IN (SELECT id FROM issues)"
            )
        return len(rows)

    def delete_worklogs(self, ids: Iterable[str | int]) -> int:
        """Remove worklogs by id (ids not in the cache are ignored); returns how many went."""
        removed = 0
        with self.transaction():
            for chunk in _chunks([str(i) for i in ids]):
                marks = ",".join("?" * len(chunk))
                cursor = self._db.execute(f"DELETE FROM worklogs WHERE id IN ({marks})", chunk)
                removed += cursor.rowcount
        return removed

    def delete_worklogs_started_from(self, start: datetime, keep: Iterable[str]) -> int:
        """Remove worklogs started at or after `start` except those in `keep`.

        For a complete window pull: whatever Jira no longer has in the window goes.
        """
        kept = list(dict.fromkeys(str(i) for i in keep))
        with self.transaction():
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS keep_ids (id TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM keep_ids")
            self._db.executemany("INSERT INTO keep_ids VALUES (?)", [(i,) for i in kept])
            cursor = self._db.execute(
                "DELETE FROM worklogs WHERE started_us >= ? "
                "AND id NOT IN (SELECT id FROM keep_ids)",
                (_micros(start),),
            )
            self._db.execute("DELETE FROM keep_ids")
            return cursor.rowcount

    def stale_ids(self, changes: Iterable[tuple[str | int, int]]) -> list[str]:
        """The ids among (id, updated epoch ms) pairs whose cached copy is absent or older.

        A feed repeats the entry at its cursor, and a first cursor starts a little early: those
        rows are already here and need no second read.
        """
        wanted = {str(i): ms for i, ms in changes}
        have: dict[str, int | None] = {}
        for chunk in _chunks(list(wanted)):
            marks = ",".join("?" * len(chunk))
            cursor = self._db.execute(
                f"SELECT id, updated_us FROM worklogs WHERE id IN ({marks})", chunk
            )
            have.update((str(i), None if us is None else int(us) // 1000) for i, us in cursor)
        return [i for i, ms in wanted.items() if i not in have or have[i] != ms]

    def worklog(self, worklog_id: str | int) -> Worklog | None:
        row = self._db.execute(_SELECT_WORKLOGS + " WHERE w.id = ?", (str(worklog_id),)).fetchone()
        return _worklog(row) if row else None

    def worklogs(
        self, start: datetime, end: datetime, *, author: str | None = None
    ) -> list[Worklog]:
        """Worklogs started in [start, end), oldest first; only `author`'s (ident) if given."""
        sql = _SELECT_WORKLOGS + " WHERE w.started_us >= ? AND w.started_us < ?"
        params: list[Any] = [_micros(start), _micros(end)]
        if author is not None:
            sql += " AND w.author_ident = ?"
            params.append(author)
        sql += " ORDER BY w.started_us, w.id"
        return [_worklog(row) for row in self._db.execute(sql, params)]

    def worklog_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM worklogs").fetchone()[0])

    def issue_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM issues").fetchone()[0])

    # -- cursors and sync state ---------------------------------------------------------------

    def cursor(self, feed: Feed) -> int | None:
        """Where `feed` continues from (Jira's `since`, epoch ms), or None before a first fill."""
        row = self._db.execute("SELECT since_ms FROM cursors WHERE feed = ?", (feed,)).fetchone()
        return int(row[0]) if row else None

    def set_cursor(self, feed: Feed, since_ms: int) -> None:
        """Move `feed`'s cursor; call it inside the transaction that stored what it covers."""
        with self.transaction():
            self._db.execute(
                "INSERT INTO cursors VALUES (?, ?) "
                "ON CONFLICT (feed) DO UPDATE SET since_ms = excluded.since_ms",
                (feed, int(since_ms)),
            )

    def forget_cursors(self) -> None:
        """Drop the cursors (kept rows stay) so the next sync starts with a window pull."""
        with self.transaction():
            self._db.execute("DELETE FROM cursors")

    def mark_synced(self, at: datetime, mode: str) -> None:
        """Record a sync that completed at `at` (aware) in `mode`."""
        with self.transaction():
            self._set_meta("last_synced_at", at.astimezone(UTC).isoformat())
            self._set_meta("sync_mode", mode)

    def last_synced_at(self) -> datetime | None:
        """When the last sync completed (UTC), or None if none has."""
        return _read_time(self._meta("last_synced_at"))

    def sync_mode(self) -> str | None:
        """How the last sync ran: "initial", "incremental" or "window"."""
        return self._meta("sync_mode")

    def _meta(self, name: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return str(row[0]) if row else None

    def _set_meta(self, name: str, value: str) -> None:
        with self.transaction():
            self._db.execute(
                "INSERT INTO meta VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (name, value),
            )
