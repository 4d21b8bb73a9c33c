"""Tempo's timesheet approvals and user schedules, read once per period and kept.

An approval period that is submitted (IN_REVIEW) or APPROVED locks its days: the draft check
refuses a write into it with the reason, so no request is sent. Schedules give each day's
required seconds (0 on holidays and non-working days), which replace hours-per-day.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from tuiws.backends import errors as e
from tuiws.backends.tempo.client import TempoClient

__all__ = ["LOCKING", "Period", "Periods"]

LOCKING = {"IN_REVIEW": "submitted for approval", "APPROVED": "approved"}
_MOST_PERIODS = 12  # a window longer than this many periods is not worth locking ahead
_SHORTEST_PERIOD_DAYS = 7


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    status: str

    @property
    def locked(self) -> bool:
        return self.status in LOCKING

    def reason(self) -> str:
        return (
            f"the Tempo timesheet for {self.first.isoformat()} to {self.last.isoformat()} is "
            f"{LOCKING.get(self.status, self.status.lower())}: worklogs in it cannot be "
            "added, changed or deleted"
        )


class Periods:
    def __init__(self, client: TempoClient) -> None:
        self.client = client
        self._periods: dict[str, list[Period]] = {}
        self._schedules: dict[str, dict[date, int]] = {}
        self.unavailable: set[str] = set()
        """What the token may not read ("approvals", "schemes"): asked no more."""
        self._loading: dict[str, asyncio.Lock] = {}

    def forget_periods(self) -> None:
        """Forget the approval periods read (their status moves: submitted, approved,
        reopened); the schedules are kept, as Tempo's own pages keep them."""
        self._periods.clear()

    def period_of(self, account_id: str, day: date) -> Period | None:
        return next(
            (p for p in self._periods.get(account_id, []) if p.first <= day <= p.last), None
        )

    def status_of(self, account_id: str, day: date) -> str | None:
        """Why `day` is locked in a few words ("approved"), from what is known; None: open."""
        period = self.period_of(account_id, day)
        return LOCKING[period.status] if period is not None and period.locked else None

    def locked_reason(self, account_id: str, day: date) -> str | None:
        """Why a write on `day` would be refused, from what is known (no request)."""
        period = self.period_of(account_id, day)
        return period.reason() if period is not None and period.locked else None

    async def load(self, account_id: str, first: date, last: date) -> None:
        """Learn the approval periods covering [first, last] that are not known yet.

        A window longer than a week (the shortest period Tempo has) spans two periods or
        more: its first and last days' are asked together, then any between them one after
        another.
        """
        if first > last:
            return
        # One load at a time per person: a second one (my team's locks beside my week's own
        # read) then finds the periods known instead of asking for them again.
        async with self._loading.setdefault(account_id, asyncio.Lock()):
            await self._load(account_id, first, last)

    async def _load(self, account_id: str, first: date, last: date) -> None:
        probes = (first, last) if (last - first).days >= _SHORTEST_PERIOD_DAYS else (first,)
        ends = [d for d in probes if self.period_of(account_id, d) is None]
        await asyncio.gather(*(self._learn(account_id, d) for d in ends))
        day = first
        for _ in range(_MOST_PERIODS):
            if day > last or "approvals" in self.unavailable:
                return
            known = self.period_of(account_id, day) or await self._learn(account_id, day)
            if known is None:
                return
            day = known.last + timedelta(days=1)

    async def _learn(self, account_id: str, day: date) -> Period | None:
        """The period holding `day`, asked and kept; None: approvals cannot be read, or the
        answer does not hold the day."""
        if "approvals" in self.unavailable:
            return None
        try:
            answer = await self.client.approval(account_id, day)
        except (e.Forbidden, e.NotFound):
            self.unavailable.add("approvals")
            return None
        period = Period(
            date.fromisoformat(answer.period.from_),
            date.fromisoformat(answer.period.to),
            answer.status.key,
        )
        if not period.first <= day <= period.last:
            return None
        if self.period_of(account_id, day) is None:
            self._periods.setdefault(account_id, []).append(period)
        return period

    async def required_by_day(
        self, account_id: str, days: Sequence[date]
    ) -> dict[date, int] | None:
        """Each day's required seconds in the person's schedule; None without the Schemes scope.

        The days not known yet are read as one range (one request for a week, whatever day it
        starts on), and kept for the session: a week asked again costs nothing.
        """
        if "schemes" in self.unavailable:
            return None
        known = self._schedules.setdefault(account_id, {})
        missing = [d for d in days if d not in known]
        if missing:
            first, last = min(missing), max(missing)
            try:
                answer = await self.client.schedule(account_id, first, last)
            except (e.Forbidden, e.NotFound):
                # Schedules need the token's Schemes scope; without it, hours-per-day it is.
                self.unavailable.add("schemes")
                return None
            read = {date.fromisoformat(d.date): d.required_seconds for d in answer}
            # A day in the range the answer left out is one the person has no schedule for.
            span = (last - first).days + 1
            known.update({first + timedelta(days=n): 0 for n in range(span)} | read)
        return {d: known[d] for d in days}
