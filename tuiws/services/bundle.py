"""Everything the screens are handed once a session is open (constructor injection)."""

from __future__ import annotations

from dataclasses import dataclass

from tuiws.services.search import SearchService
from tuiws.services.session import Session
from tuiws.services.weeks import WeekService
from tuiws.services.worklogs import WorklogService


@dataclass(frozen=True)
class Services:
    session: Session
    worklogs: WorklogService
    weeks: WeekService
    search: SearchService

    @classmethod
    def for_session(cls, session: Session) -> Services:
        return cls(
            session=session,
            worklogs=WorklogService(session),
            weeks=WeekService(session),
            search=SearchService(session),
        )
