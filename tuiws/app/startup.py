"""The app's start-up after the first frame: open the cache, connect, reopen a draft.

`TuiwsApp` runs these in its workers; the services (and httpx under them) load here, in a
thread, never at import.
"""

from __future__ import annotations

import asyncio
import importlib
import sqlite3
import sys
import threading
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import tuiws.services
from tuiws import store
from tuiws.app import screens
from tuiws.backends.errors import BackendError
from tuiws.config.errors import ConfigError

if TYPE_CHECKING:
    from tuiws.app.app import TuiwsApp
    from tuiws.store.journal import WriteJournal


class CannotStart(Exception):
    """The configuration cannot be used: the app closes, and the command prints this."""


def open_cache(app: TuiwsApp) -> None:
    """Open the cache (on the loop's thread, which is the only one to use it)."""
    if app.cache_file is None or app.cache is not None:
        return
    try:
        app.cache = store.cache.WorklogCache(app.cache_file)
        shown = app.site is None or app.cache.holds_site(app.site, backend=app.worklogs)
    except (store.cache.CacheError, OSError, sqlite3.Error):
        return  # the app works without it, only without the head start
    weeks = tuiws.services.cached_weeks.CachedWeeks(app.cache, week_start=app.home.first_weekday)
    app.home.attach_cache(weeks, paint=shown)


async def connect_session(app: TuiwsApp) -> None:
    # Connecting starts first (a profile is validated, the demo's emulator starts): the cache
    # opens, and the themes and the services load, while it waits for answers. Imports run in
    # a thread: the loop keeps drawing and taking keys in the meantime.
    connecting = asyncio.ensure_future(app._connect())
    await asyncio.sleep(0)  # it starts (and takes the import lock) first
    try:
        if app.cache_file is not None:
            await asyncio.to_thread(preload, "tuiws.store.cache", "tuiws.services.cached_weeks")
            app._open_cache()
        await asyncio.to_thread(preload, "tuiws.app.themes", "tuiws.services.bundle")
    except BaseException:
        connecting.cancel()
        raise
    app.register_all_themes()

    try:
        session = await connecting
    except CannotStart as exc:
        app.refused = str(exc)
        app.exit(return_code=2)
        return
    except (BackendError, ConfigError) as exc:
        if app._status() is not None:
            # Through the app's queue, so it lands after any backoff event a cancelled sibling
            # request posted before it stopped: the countdown must not outlive the retries.
            app.call_later(app.home.not_connected, str(exc))
        return
    app.session = session
    status = app._status()
    if status is None:
        return
    status.user = session.me.display_name
    status.flavor = session.capabilities.label
    status.zone = session.zone_name
    app.home.first_weekday = session.week_start
    look = app.home.look
    app.home.connected(
        tuiws.services.bundle.Services.for_session(
            session,
            cache=app.cache,
            ceiling_hours=look.ceiling_seconds / 3600,
            late_after=timedelta(hours=look.late_after_hours),
            # The app's clock decides which days are past (and so flagged under).
            clock=lambda: datetime.fromtimestamp(app.clock(), UTC),
            journal=app._open_journal(),
        )
    )
    app.reopen_draft()


def open_journal(app: TuiwsApp) -> WriteJournal | None:
    if app.journal_file is None:
        return None
    try:
        return store.journal.WriteJournal(app.journal_file)
    except store.journal.JournalError as exc:
        app.notify(str(exc), severity="error", timeout=30)
        return None


async def reopen_draft(app: TuiwsApp) -> None:
    """A worklog typed before a crash or a dropped SSH session comes back first thing."""
    services = app.home.services
    if services is None:
        return
    # What saves cut short by a crash or a dropped session did, and the queue of earlier
    # runs, before anything else (a save found not made comes back as a draft, below).
    await app.home.settle_now(reopen=False)
    pending = app.drafts.pending()
    if not pending:
        return
    key, draft = pending[0]
    restored = tuiws.services.restored_drafts
    waiting = restored.journaled_draft(services, draft)
    if waiting is not None:
        app.drafts.discard(key)
        app.notify(f"Your save of that worklog is in the write journal, {waiting}.")
        return
    saved = restored.saved_draft(services, draft)
    if saved is not None:
        app.drafts.discard(key)
        app.notify(f"Your save of that worklog went through before tuiws closed ({saved}).")
        return
    app.notify("Reopened a worklog you had not saved.")
    original = None
    if draft.worklog_id:
        try:
            original = await services.worklogs.get(draft.issue_key, draft.worklog_id)
        except BackendError:
            original = None
    await app.push_screen_wait(
        # Loaded only now: importing the editor (a tenth of a second) ran while the week loaded.
        screens.editor.WorklogEditorScreen(
            services,
            app.drafts,
            issue_key=draft.issue_key,
            day=app.today(),
            original=original,
            restore=draft,
            today=app.today,
        )
    )
    app.home.journal_changed()


_IMPORTING = threading.Lock()


def preload(*modules: str) -> None:
    """Import `modules`, in a worker thread; one such thread at a time, so that two threads
    never run the same modules' imports at once. Modules already imported are not waited for:
    a connection whose factory the demo loaded goes on while the themes load in another."""
    missing = [name for name in modules if not imported(name)]
    if not missing:
        return
    with _IMPORTING:
        for name in missing:
            importlib.import_module(name)


def imported(name: str) -> bool:
    """Whether module `name` has finished importing: its package binds it only then."""
    package, _, child = name.rpartition(".")
    parent = sys.modules.get(package) if package else None
    return name in sys.modules and (not package or (parent is not None and child in vars(parent)))
