"""The questions to ask before a write, the same for the command line and the app: the day's
worklogs of the signed-in account in one read, then `tuiws.domain.sanity`."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, time, timedelta

from tuiws.backends.base import WorklogQuery
from tuiws.backends.errors import BackendError
from tuiws.domain.durations import DurationStyle
from tuiws.domain.models import Worklog, WorklogDraft
from tuiws.domain.sanity import SanityQuestion, sanity_questions
from tuiws.domain.started import zoned
from tuiws.services.session import Session

__all__ = ["DAY_READ_SECONDS", "day_worklogs", "questions_before_write"]

DAY_READ_SECONDS = 5.0
"""How long a save waits for the day's worklogs: past it (a server gone, a long rate limit)
the save goes on, to be sent or queued, rather than wait out the whole retry budget twice."""


async def day_worklogs(session: Session, day: date) -> list[Worklog]:
    """My worklogs started on `day` in the session's zone (one read), each with its issue key."""
    zone = session.zone
    after, before = zoned(day, time(0), zone), zoned(day + timedelta(days=1), time(0), zone)
    # A backend may search by day in another zone: a day each side, cut to the instant below.
    query = WorklogQuery(
        after=after,
        before=before,
        first_day=day - timedelta(days=1),
        last_day=day + timedelta(days=1),
    )
    pull = await session.backend.by_authors([session.me], query)
    keys = {issue.id: issue.key for issue in pull.issues}
    return [
        w if w.issue_key else replace(w, issue_key=keys.get(w.issue_id))
        for w in pull.worklogs
        if after <= w.started < before and w.author.ident == session.me.ident
    ]


async def questions_before_write(
    session: Session,
    draft: WorklogDraft,
    *,
    today: date,
    original: Worklog | None = None,
    known: Sequence[Worklog] | None = None,
    style: DurationStyle = "hm",
    read_within: float = DAY_READ_SECONDS,
) -> list[SanityQuestion]:
    """What to ask before writing `draft` (an edit of `original` when given); `known`: the
    day's worklogs when the caller has them already (the week screen), else they are read
    (a read that fails or takes longer than `read_within` seconds leaves out the questions
    that need the day: a duplicate, over 24 h)."""
    day = draft.started.astimezone(session.zone).date()
    mine: list[Worklog] = []
    if known is not None:
        mine = list(known)
    else:
        # The questions advise, they never block: a day that cannot be read (soon) is asked
        # only what the draft itself shows, and the write meets the failure (or the queue).
        with contextlib.suppress(BackendError, TimeoutError):
            mine = await asyncio.wait_for(day_worklogs(session, day), read_within)
    return sanity_questions(
        draft,
        day_worklogs=mine,
        today=today,
        zone=session.zone,
        original=original,
        style=style,
    )
