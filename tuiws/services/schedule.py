"""How many seconds a person should log on each day: their schedule, else hours per day.

Tempo keeps a schedule per person (holidays and non-working days need 0, a half day half);
the backend reads it once per person-week and keeps it. Jira, Everit and the extender keep
none: the instance's hours per day on the days of its working week (Monday first), 0 on the
rest. Locked days (a Tempo timesheet submitted or approved) are read here too. The UI and
the CLI both ask here, so the ▾ flags, the week's target and the team view
agree.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date

from tuiws.backends.base import locked_days
from tuiws.domain.models import User
from tuiws.domain.week_view import required_or_workday, workdays_of
from tuiws.services.session import Session, beside

__all__ = [
    "beside",
    "forget_locks",
    "locked_by_day",
    "locked_by_person",
    "required_by_day",
    "required_by_person",
]


async def required_by_day(session: Session, user: User, days: Sequence[date]) -> dict[date, int]:
    """`user`'s required seconds on each of `days`."""
    scheduled = await session.backend.required_by_day(user, days)
    if scheduled is not None:
        return {d: scheduled.get(d, 0) for d in days}
    tracking = session.tracking
    workdays = workdays_of(tracking.days_per_week)
    return {d: required_or_workday({}, d, tracking.seconds_per_day, workdays) for d in days}


async def required_by_person(
    session: Session, people: Sequence[User], days: Sequence[date]
) -> dict[str, dict[date, int]] | None:
    """Each person's schedule by account id, read in parallel (the backend's pacer keeps the
    rate); None when the backend keeps no schedule, so the callers keep hours per day."""
    if not session.capabilities.required_hours:
        return None
    answers = await asyncio.gather(*(session.backend.required_by_day(u, days) for u in people))
    found = {u.ident: a for u, a in zip(people, answers, strict=True) if a is not None}
    return found or None


def forget_locks(session: Session) -> None:
    """Read the locks afresh from now on (`r`: a timesheet may have been submitted, approved
    or reopened since they were read)."""
    backend = locked_days(session.backend)
    if backend is not None:
        backend.forget_locks()


async def locked_by_day(session: Session, user: User, days: Sequence[date]) -> dict[date, str]:
    """The days of `days` the backend locks for `user` (Tempo: a timesheet submitted or
    approved), each with why in a few words; none elsewhere."""
    backend = locked_days(session.backend)
    if backend is None or not session.capabilities.locked_periods:
        return {}
    return await backend.locked_days(user, days)


async def locked_by_person(
    session: Session, people: Sequence[User], days: Sequence[date]
) -> dict[str, dict[date, str]] | None:
    """Each person's locked days by account id (only those with any), read in parallel (the
    backend's pacer keeps the rate); None when the backend locks no periods."""
    backend = locked_days(session.backend)
    if backend is None or not session.capabilities.locked_periods:
        return None
    answers = await asyncio.gather(*(backend.locked_days(u, days) for u in people))
    return {u.ident: a for u, a in zip(people, answers, strict=True) if a}
