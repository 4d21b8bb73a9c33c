"""Worklog `started` instants in the product's terms: zones, DST and calendar days.

`started` is an instant; which day it belongs to depends on the zone used to bucket it
(`local_day`). Wall-clock times are turned into instants with the offset of their own date
(`zoned`), never today's, so a March entry typed in July still carries the winter offset.
How a backend writes an instant on the wire is the adapter's business
(`tuiws.backends.jira.started` for Jira's one accepted shape).

Python caveat for callers: subtracting or `==`-comparing two datetimes that share one tzinfo
object compares wall clocks and ignores DST; convert to UTC (or use `epoch_ms`) first.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "DEFAULT_START",
    "StartedError",
    "UnknownZoneError",
    "epoch_ms",
    "format_instant",
    "from_epoch_ms",
    "local_day",
    "resolve_zone",
    "zoned",
]

# Date-only entries are placed at local midday: at 00:00 they would slip to the previous day
# for colleagues to the west, whose zones bucket the same instant into yesterday.
DEFAULT_START = time(12, 0)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)


class StartedError(ValueError):
    """A `started` value cannot be read, or a datetime cannot become a worklog's start."""


class UnknownZoneError(ValueError):
    """A time zone name is not a known IANA zone."""


def _offset_of(moment: datetime) -> timedelta:
    offset = moment.utcoffset()
    if offset is None:
        raise StartedError(
            f"{moment.isoformat()} has no time zone: attach one (e.g. with zoned()) "
            "before sending it to Jira"
        )
    return offset


def _to_utc(moment: datetime) -> datetime:
    try:
        return moment.astimezone(UTC)
    except OverflowError as exc:
        raise StartedError(f"{moment.isoformat()} is outside the years Jira can store") from exc


def format_instant(moment: datetime) -> str:
    """The product's text for an instant (the CLI's JSON): `2026-05-29T14:30:00.000+0200`.

    In the moment's own offset, milliseconds, the offset without a colon; an offset that is
    not whole minutes (historic local mean time) is written in UTC so the instant stays exact.
    """
    offset = _offset_of(moment)
    if offset % timedelta(minutes=1):
        moment, offset = _to_utc(moment), timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    hours, minutes = divmod(abs(offset) // timedelta(minutes=1), 60)
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
        f"T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
        f".{moment.microsecond // 1000:03d}{sign}{hours:02d}{minutes:02d}"
    )


def zoned(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The aware datetime for wall-clock `at` on `day` in `zone`, with that date's offset.

    - A wall time that does not exist (the spring-forward gap) moves forward by the gap:
      02:30 on Europe/Berlin's spring-forward day is 03:30+0200. (A zone that skipped a whole
      day, like Pacific/Apia on 2011-12-30, moves to the next day.)
    - A wall time that happens twice (fall-back) is the first occurrence (fold=0).
    `at` must be naive; its `fold` is ignored.
    """
    if at.tzinfo is not None:
        raise StartedError("zoned() takes a wall-clock time without a zone; pass the zone apart")
    wall = datetime.combine(day, at.replace(fold=0), tzinfo=zone)
    # fold=0 gives gap times the pre-transition offset; the round trip through UTC then lands
    # on the real wall time after the gap, and leaves existing times unchanged.
    return _to_utc(wall).astimezone(zone)


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    """The calendar day the instant `moment` falls on in `zone` (how worklogs are bucketed)."""
    _offset_of(moment)
    return moment.astimezone(zone).date()


def resolve_zone(name: str | None, fallback: str = "UTC") -> ZoneInfo:
    """The IANA zone called `name`, or `fallback` when `name` is missing or blank."""
    key = (name or "").strip() or fallback
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        # Keys are file paths under the tz database: bad ones raise ValueError or OSError too.
        raise UnknownZoneError(
            f"unknown time zone {key!r}: use an IANA name such as Europe/Berlin, "
            "America/New_York or UTC"
        ) from exc


def epoch_ms(moment: datetime) -> int:
    """Milliseconds since the Unix epoch (Jira's `startedAfter`/`since`), floored, exact."""
    _offset_of(moment)
    # Subtraction across tzinfos uses each side's utcoffset(), fold included; no float rounding.
    return (moment - _EPOCH) // _MS


def from_epoch_ms(ms: int) -> datetime:
    """The UTC-aware instant `ms` milliseconds after the Unix epoch."""
    return _EPOCH + ms * _MS
