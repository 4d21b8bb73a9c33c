"""Everything the screens are handed once a session is open (constructor injection).

Built by the app's root, never by a screen: the screens only call what they are given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from tuiws.domain.team import DEFAULT_LATE_AFTER
from tuiws.services.search import SearchService
from tuiws.services.session import Session
from tuiws.services.sync import SyncService
from tuiws.services.team import TeamService
from tuiws.services.weeks import WeekService
from tuiws.services.worklogs import WorklogService
from tuiws.store.cache import WorklogCache
from tuiws.store.journal import WriteJournal


@dataclass(frozen=True)
class Services:
    session: Session
    worklogs: WorklogService
    weeks: WeekService
    search: SearchService
    team: TeamService
    sync: SyncService | None = None
    """Keeps the local cache in step, when there is one."""

    @classmethod
    def for_session(
        cls,
        session: Session,
        *,
        cache: WorklogCache | None = None,
        ceiling_hours: float = 10.0,
        late_after: timedelta = DEFAULT_LATE_AFTER,
        clock: Callable[[], datetime] | None = None,
        journal: WriteJournal | None = None,
    ) -> Services:
        """`journal`: the profile's write journal (None: one kept in memory for this run)."""
        team = TeamService(session, ceiling_hours=ceiling_hours, late_after=late_after, clock=clock)
        return cls(
            session=session,
            worklogs=WorklogService(session, journal=journal),
            weeks=WeekService(session),
            search=SearchService(session),
            team=team,
            sync=SyncService(session, cache) if cache is not None else None,
        )
