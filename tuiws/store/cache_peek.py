"""The week as the local cache last saw it, read for the app's first frame.

Plain `sqlite3` and the standard library only: the app draws this before pydantic has loaded
(`WorklogCache` and `CachedWeeks` are the validated readers, loaded a moment later, and a test
holds the two together). The file is opened read-only and never created here.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tuiws.domain.started import local_day, resolve_zone
from tuiws.domain.week import week_days, week_start, week_window
from tuiws.domain.week_view import IssueLabel, WeekLine, WeekView, issue_order
from tuiws.store.cache_files import DEFAULT_BACKEND, SCHEMA_VERSION, cache_identity

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class PeekedWeek:
    view: WeekView
    synced_at: datetime
    """When the cache was last synced (UTC)."""
    zone: str
    """The zone its days are bucketed in."""


def peek_week(
    path: Path,
    any_day: date,
    *,
    first_weekday: int = 0,
    keep: Iterable[str] = (),
    zone: str | None = None,
    site: str | None = None,
    backend: str = DEFAULT_BACKEND,
) -> PeekedWeek | None:
    """The synced account's week holding `any_day`, as `CachedWeeks.load(...).week.view()`.

    Bucketed in `zone` (the profile's override), else the account's Jira zone. None when there
    is nothing to show: no file, never synced, a file this tuiws cannot read, or (given `site`,
    the profile's normalised URL) a cache of another site or backend, which the next sync
    empties. A file of an older schema is left to `WorklogCache`, which migrates it.
    """
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return _read(db, any_day, first_weekday, list(keep), zone, site, backend)
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        return None  # unreadable or unexpected: the validated reader will say why
    finally:
        db.close()


def _read(
    db: sqlite3.Connection,
    any_day: date,
    first_weekday: int,
    keep: list[str],
    zone_name: str | None,
    site: str | None,
    backend: str,
) -> PeekedWeek | None:
    if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        return None
    meta = dict(db.execute("SELECT name, value FROM meta"))
    if "last_synced_at" not in meta or "account" not in meta:
        return None
    account = json.loads(meta["account"])
    ident = account.get("account_id") or account.get("name") or account.get("key") or ""
    # As `WorklogCache.bind` records it.
    if site is not None and meta.get("identity") != cache_identity(backend, site, ident):
        return None
    zone = resolve_zone(zone_name or account.get("time_zone"))
    start = week_start(any_day, first_weekday)
    window_start, window_end = week_window(start, zone)
    worklogs = db.execute(
        "SELECT w.issue_id, COALESCE(i.key, w.issue_key), w.started, w.time_spent_seconds "
        "FROM worklogs w LEFT JOIN issues i ON i.id = w.issue_id "
        "WHERE w.started_us >= ? AND w.started_us < ? AND w.author_ident = ?",
        (_micros(window_start), _micros(window_end), ident),
    ).fetchall()

    # Which issue a worklog lands on, as `build_week` decides it: by id, else by key.
    issues = _issues(db, "id", [str(row[0]) for row in worklogs])
    issues += _issues(db, "key", [k.upper() for k in keep])
    by_id = {issue_id: (key, summary) for issue_id, key, summary in issues}
    by_key = {key: (key, summary) for key, summary in by_id.values()}
    index = {d: n for n, d in enumerate(week_days(start))}
    cells: dict[str, list[int]] = {}
    for issue_id, issue_key, started, seconds in worklogs:
        slot = index.get(local_day(datetime.fromisoformat(started), zone))
        issue = by_id.get(issue_id) or by_key.get(issue_key or "")
        if slot is None or issue is None:
            continue
        key = issue[0]
        cells.setdefault(key, [0] * 7)[slot] += int(seconds)
    for key in keep:
        if key in by_key:
            cells.setdefault(key, [0] * 7)
    lines = tuple(
        WeekLine(IssueLabel(key, by_key[key][1]), tuple(cells[key]))
        for key in sorted(cells, key=issue_order)
    )
    synced_at = datetime.fromisoformat(meta["last_synced_at"])
    return PeekedWeek(view=WeekView(start=start, lines=lines), synced_at=synced_at, zone=zone.key)


def _issues(db: sqlite3.Connection, column: str, values: list[str]) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    wanted = list(dict.fromkeys(values))
    # Chunks far below SQLite's limit on bound parameters (999 in older builds).
    for n in range(0, len(wanted), 500):
        chunk = wanted[n : n + 500]
        marks = ",".join("?" * len(chunk))
        found += db.execute(
            f"SELECT id, key, summary FROM issues WHERE {column} IN ({marks})", chunk
        ).fetchall()
    return found


def _micros(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1)
