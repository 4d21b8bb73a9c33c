"""What the Everit tests share: a session on the emulator's Everit, the truth to compare
weeks with, and a draft that Everit accepts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tuiws.app.demo import demo_profile
from tuiws.backends.everit.connection import EveritConnection
from tuiws.backends.everit.worklogs import EveritWorklogs
from tuiws.backends.registry import connection_for
from tuiws.config import ResolvedProfile
from tuiws.domain.models import WorklogDraft
from tuiws.domain.started import zoned
from tuiws.emulator import JiraEmulator
from tuiws.emulator.everit import BASE_PATH
from tuiws.services.session import Session, connect


def everit_profile(emu: JiraEmulator, zone: str | None = None) -> ResolvedProfile:
    return demo_profile(emu, zone=zone, worklogs="everit")


def everit_connection(emu: JiraEmulator, zone: str | None = None) -> EveritConnection:
    connection = connection_for(everit_profile(emu, zone))
    assert isinstance(connection, EveritConnection)
    return connection


@asynccontextmanager
async def open_session(emu: JiraEmulator, zone: str | None = None) -> AsyncIterator[Session]:
    async with everit_connection(emu, zone) as connection:
        yield await connect(connection, everit_profile(emu, zone))


def everit_requests(emu: JiraEmulator) -> list[str]:
    return [f"{r.method} {r.path[len(BASE_PATH) :]}" for r in emu.requests if BASE_PATH in r.path]


def truth(emu: JiraEmulator, account: str, start: date, zone: ZoneInfo) -> list[int]:
    """One person's day totals straight from the emulator's data, as the viewer may see it."""
    state = emu.state
    out = [0] * 7
    for w in state.all_worklogs():
        offset = (w.started.astimezone(zone).date() - start).days
        visible = state.can_browse(state.demo_user, state.issue_of(w))
        if w.author == account and 0 <= offset < 7 and visible:
            out[offset] += w.time_spent_seconds
    return out


def a_draft(session: Session, **changes: object) -> WorklogDraft:
    day = datetime.now(session.zone).date() - timedelta(days=1)
    base = WorklogDraft(
        issue_key="PLAT-2",
        started=zoned(day, time(10, 0), session.zone),
        time_spent_seconds=1800,
        comment="Everit check",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def everit_of(session: Session) -> EveritWorklogs:
    backend = session.backend
    assert isinstance(backend, EveritWorklogs)
    return backend
