"""Tempo's change feed: `updatedFrom` for changed worklogs, deleted-worklog events for the
rest (v4's papertrail with its `lastEvaluatedKey` cursor, core/3's audit with offsets).

Tempo keeps the events 180 days: a cursor older than that cannot be followed, so the sync
falls back to a full pull (`FeedUnavailable`). Worklogs read for a page are kept for the
hydrate that follows, so a sync costs no request per changed worklog.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from tuiws.backends import errors as e
from tuiws.backends.backoff import Clock
from tuiws.backends.base import ChangePage, Feed
from tuiws.backends.tempo.convert import parse_instant
from tuiws.backends.tempo.wire import TempoWorklog
from tuiws.domain.models import Worklog

if TYPE_CHECKING:
    from tuiws.backends.tempo.worklogs import TempoWorklogs

__all__ = ["KEPT_DAYS", "TempoChangeFeed"]

KEPT_DAYS = 180


def _millis(text: str | None) -> int:
    moment = parse_instant(text)
    return int(moment.timestamp() * 1000) if moment is not None else 0


def updated_from(since_ms: int) -> str:
    """Tempo's `updatedFrom`: whole seconds, UTC (rounded down, so nothing is skipped)."""
    moment = datetime.fromtimestamp(since_ms // 1000, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class TempoChangeFeed:
    def __init__(self, backend: TempoWorklogs, clock: Clock) -> None:
        self.backend = backend
        self.clock = clock
        self._read: dict[str, TempoWorklog] = {}

    def _check_kept(self, since: int) -> None:
        kept_from = datetime.fromtimestamp(self.clock(), tz=UTC) - timedelta(days=KEPT_DAYS)
        if since < int(kept_from.timestamp() * 1000):
            raise e.FeedUnavailable(
                f"Tempo keeps worklog events {KEPT_DAYS} days and the last sync is older: "
                "reading everything again"
            )

    async def page(self, feed: Feed, since: int) -> ChangePage:
        self._check_kept(since)
        client = self.backend.client
        try:
            if feed == "updated":
                wires = await client.worklogs(updated_from=updated_from(since))
                self._read.update({str(w.tempo_worklog_id): w for w in wires})
                changes = [(w.tempo_worklog_id, _millis(w.updated_at)) for w in wires]
            else:
                events = await client.deleted(updated_from(since))
                changes = [(int(ev.tempo_worklog_id), _millis(ev.deleted_at)) for ev in events]
        except (e.NotFound, e.Gone, e.Forbidden) as exc:
            raise e.FeedUnavailable(f"Tempo's {feed} feed answered {exc.status}") from None
        until = max([since, *(ms for _, ms in changes)])
        return ChangePage(changes=changes, until=until, last=True)

    async def hydrate(self, ids: Sequence[int | str]) -> list[Worklog]:
        wanted = [str(i) for i in ids]
        missing = [i for i in wanted if i not in self._read]

        async def one(tempo_id: str) -> TempoWorklog | None:
            try:
                return await self.backend.client.worklog(tempo_id)
            except e.NotFound:
                return None

        for wire in await asyncio.gather(*(one(i) for i in missing)):
            if wire is not None:
                self._read[str(wire.tempo_worklog_id)] = wire
        return await self.backend.convert([self._read[i] for i in wanted if i in self._read])
