"""Keep the local cache in step with the backend: a window pull first, then the change feed.

- No cursor yet: pull the recent weeks (see `window_pull.py`) and start both feed cursors
  at the moment the pull began, so the feeds later cover whatever changed during it.
- Then each sync follows the backend's change feed (`WorklogBackend.changes`): the updated
  ids are hydrated, except those already cached at the same update time, then the deleted
  ones, one feed page at a time. A page's rows and the cursor past it are committed together,
  so an interrupted sync keeps what it stored and resumes after it; replaying a page is
  harmless (upserts by id, deletes by id).
- Feeds may leave the last minute out (Jira does); the cursor is the feed's own `until`, and
  is also held to now − 60 s so nothing younger is ever stepped over.
- A backend without a usable feed (no feed declared, or one that answers `FeedUnavailable`,
  as an older Server/DC does) gets a window pull on every sync instead, reconciled against
  the cache, and the mode is recorded.
"""

from __future__ import annotations

import time as _time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tuiws.backends.base import ChangeFeed, ChangePage, Feed, WorklogBackend
from tuiws.backends.errors import FeedUnavailable
from tuiws.domain.started import epoch_ms
from tuiws.domain.week import week_start
from tuiws.services.session import Session
from tuiws.services.sync_report import (
    ProgressCallback,
    SyncMode,
    SyncProgress,
    SyncReport,
)
from tuiws.services.window_pull import pull_window
from tuiws.store.cache import WorklogCache

__all__ = [
    "DEFAULT_WINDOW_WEEKS",
    "FeedSupport",
    "ProgressCallback",
    "SyncMode",
    "SyncProgress",
    "SyncReport",
    "SyncService",
    "probe_feeds",
]

DEFAULT_WINDOW_WEEKS = 6
FEED_LAG = timedelta(seconds=60)
# The first cursor comes from this machine's clock, which may run ahead of Jira's: start a
# little earlier. Replayed changes cost a re-read, never a wrong row.
CURSOR_OVERLAP = timedelta(minutes=2)


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class FeedSupport:
    usable: bool
    reason: str = ""
    """Why not, when not usable."""

    def describe(self, weeks: int = DEFAULT_WINDOW_WEEKS) -> str:
        if self.usable:
            return "incremental (worklog/updated and worklog/deleted feeds)"
        return f"window pull of the last {weeks} weeks on every sync ({self.reason})"


async def probe_feeds(backend: WorklogBackend, since_ms: int) -> FeedSupport:
    """Ask the change feed once, from `since_ms`, and judge the answer."""
    feed = backend.changes if backend.capabilities.change_feed else None
    if feed is None:
        return FeedSupport(False, "this backend has no change feed")
    try:
        await feed.page("updated", since_ms)
    except FeedUnavailable as exc:
        return FeedSupport(False, str(exc))
    return FeedSupport(True)


def _feed_of(backend: WorklogBackend) -> ChangeFeed:
    feed = backend.changes if backend.capabilities.change_feed else None
    if feed is None:
        raise FeedUnavailable("this backend has no change feed")
    return feed


class SyncService:
    """Brings `cache` up to date with the Jira behind `session`; one `sync()` at a time."""

    def __init__(
        self,
        session: Session,
        cache: WorklogCache,
        *,
        window_weeks: int = DEFAULT_WINDOW_WEEKS,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        if window_weeks < 0:
            raise ValueError("window_weeks must not be negative")
        self.session = session
        self.cache = cache
        self.window_weeks = window_weeks
        self._clock = clock
        self._progress: ProgressCallback | None = None
        self._stored = 0

    async def sync(
        self, progress: ProgressCallback | None = None, *, full: bool = False
    ) -> SyncReport:
        """One sync. `full` forgets the cursors first, so the window is pulled again.

        On an exception the cache keeps every committed page and nothing of the rest.
        """
        s = self.session
        began, requests_before = _time.perf_counter(), s.meter.request_count
        self._progress, self._stored = progress, 0
        # A cache of another site or account is emptied in the transaction that stores the new
        # window, not before the pull: a sync cut short (a failure, a quit) leaves it whole, so
        # the next start still paints its week (the demo's emulator has a new address each run).
        rebind = not self.cache.bound_to(s.site, s.me, backend=s.capabilities.name)
        if not rebind:
            self.cache.bind(s.site, s.me, backend=s.capabilities.name)  # the account's name
        if full:
            self.cache.forget_cursors()
        reason: str | None = None
        reset = False
        if rebind or self.cache.cursor("updated") is None or self.cache.cursor("deleted") is None:
            mode: SyncMode = "initial"
            updated, deleted, issues, reset = await self._window(rebind=rebind)
        else:
            try:
                mode = "incremental"
                updated, deleted, issues = await self._follow_feeds()
            except FeedUnavailable as exc:
                mode, reason = "window", str(exc)
                updated, deleted, issues, reset = await self._window()
        self.cache.mark_synced(self._now(), mode)
        return SyncReport(
            mode=mode,
            updated=updated,
            deleted=deleted,
            issues_fetched=issues,
            requests=s.meter.request_count - requests_before,
            duration=_time.perf_counter() - began,
            window_weeks=None if mode == "incremental" else self.window_weeks,
            fallback_reason=reason,
            reset=reset,
        )

    def _now(self) -> datetime:
        return self._clock().astimezone(UTC)

    def _tell(self, stage: str, page: int | None) -> None:
        if self._progress is not None:
            self._progress(SyncProgress(stage, page, self._stored))

    # -- window pull ----------------------------------------------------------------------------

    async def _window(self, *, rebind: bool = False) -> tuple[int, int, int, bool]:
        """The window pulled and stored: (stored, removed, issues, whether the cache was emptied
        first because it held another site's or account's data)."""
        s = self.session
        began = self._now()
        today = began.astimezone(s.zone).date()
        first_day = week_start(today, s.week_start) - timedelta(weeks=self.window_weeks)
        self._tell("window search", None)
        pull = await pull_window(s.backend, first_day)
        cursor = epoch_ms(began - CURSOR_OVERLAP)
        with self.cache.transaction():
            reset = rebind and self.cache.bind(s.site, s.me, backend=s.capabilities.name)
            self.cache.upsert_issues(pull.issues)
            stored = self.cache.upsert_worklogs(pull.worklogs)
            removed = self.cache.delete_worklogs_started_from(
                pull.start, keep=(w.id for w in pull.worklogs)
            )
            for feed in ("updated", "deleted"):
                self.cache.set_cursor(feed, cursor)
        self._stored = stored
        self._tell("window stored", None)
        return stored, removed, len(pull.issues), reset

    # -- feeds ----------------------------------------------------------------------------------

    async def _follow_feeds(self) -> tuple[int, int, int]:
        updated, issues = await self._follow("updated")
        self._stored = 0
        deleted, _ = await self._follow("deleted")
        return updated, deleted, issues

    async def _follow(self, feed: Feed) -> tuple[int, int]:
        """Walk one feed from its cursor to the end, committing page by page."""
        s = self.session
        changes = _feed_of(s.backend)
        since = self.cache.cursor(feed)
        assert since is not None, "a feed is only followed after the first fill"
        changed = fetched = 0
        page_number = 0
        while True:
            page_number += 1
            page: ChangePage = await changes.page(feed, since)
            # Never step past the last minute, whatever `until` says (clamped, never backwards).
            until = max(since, min(page.until, epoch_ms(self._now() - FEED_LAG)))
            if feed == "updated":
                stale = self.cache.stale_ids(page.changes)
                worklogs = await changes.hydrate(stale) if stale else []
                unknown = self.cache.unknown_issue_ids(w.issue_id for w in worklogs)
                issues = await s.directory.issues_by_id(unknown) if unknown else []
                with self.cache.transaction():
                    self.cache.upsert_issues(issues)
                    changed += self.cache.upsert_worklogs(worklogs)
                    self.cache.set_cursor(feed, until)
                fetched += len(issues)
            else:
                with self.cache.transaction():
                    changed += self.cache.delete_worklogs(page.ids)
                    self.cache.set_cursor(feed, until)
            self._stored = changed
            self._tell(f"{feed} feed", page_number)
            if page.last or not page.changes or until <= since:
                return changed, fetched
            since = until
