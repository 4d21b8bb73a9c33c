"""Worklog `started` instants: Jira's one accepted text shape, zones, DST and calendar days.

Jira takes `started` only as `2026-05-29T14:30:00.000+0200`: milliseconds, a numeric offset
without a colon, never `Z`; a malformed value is a 400 on Cloud and can be a 500 on Server/DC.
It sends the same shape back, so the parser accepts exactly that and nothing looser.

`started` is an instant; which day it belongs to depends on the zone used to bucket it
(`local_day`). Wall-clock times are turned into instants with the offset of their own date
(`zoned`), never today's, so a March entry typed in July still carries the winter offset.

Python caveat for callers: subtracting or `==`-comparing two datetimes that share one tzinfo
object compares wall clocks and ignores DST; convert to UTC (or use `epoch_ms`) first.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "DEFAULT_START",
    "STARTED_EXAMPLE",
    "StartedError",
    "UnknownZoneError",
    "epoch_ms",
    "format_started",
    "from_epoch_ms",
    "is_valid_started",
    "local_day",
    "parse_started",
    "resolve_zone",
    "zoned",
]

# Date-only entries are placed at local midday: at 00:00 they would slip to the previous day
# for colleagues to the west, whose zones bucket the same instant into yesterday.
DEFAULT_START = time(12, 0)

STARTED_EXAMPLE = "2026-05-29T14:30:00.000+0200"

# ASCII digits only (`\d` also matches other scripts' digits); fullmatch, so no trailing "\n".
_STARTED = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})T(?P<time>[0-9]{2}:[0-9]{2}:[0-9]{2})"
    r"\.(?P<ms>[0-9]{3})(?P<sign>[+-])(?P<oh>[0-9]{2})(?P<om>[0-9]{2})"
)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)


class StartedError(ValueError):
    """A `started` value is not in Jira's shape, or a datetime cannot become one."""


class UnknownZoneError(ValueError):
    """A time zone name is not a known IANA zone."""


def format_started(moment: datetime) -> str:
    """Render an aware datetime as Jira wants it, in the moment's own offset.

    Sub-millisecond digits are truncated (Jira stores milliseconds). Offsets that are not whole
    minutes (historic local mean time, e.g. Europe/Amsterdam before 1937 at +00:19:32) cannot be
    written as `+HHMM`, so such moments are written in UTC instead, which keeps the instant exact.
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


def parse_started(text: str) -> datetime:
    """Read `YYYY-MM-DDTHH:MM:SS.mmm±HHMM` (and only that) into an aware, fixed-offset datetime."""
    match = _STARTED.fullmatch(text)
    if match is None:
        raise StartedError(f"{text!r} is not a Jira started time: {_shape_hint(text)}")
    oh, om = int(match["oh"]), int(match["om"])
    if oh > 23 or om > 59:
        raise StartedError(f"{text!r} has an impossible offset: expected {STARTED_EXAMPLE}")
    offset = timedelta(hours=oh, minutes=om)
    if match["sign"] == "-":
        offset = -offset
    year, month, day = (int(part) for part in match["date"].split("-"))
    hour, minute, second = (int(part) for part in match["time"].split(":"))
    try:
        return datetime(
            year, month, day, hour, minute, second, int(match["ms"]) * 1000, timezone(offset)
        )
    except ValueError as exc:
        raise StartedError(f"{text!r} is not a real date and time: {exc}") from exc


def _shape_hint(text: str) -> str:
    """Say what is wrong in the terms people get wrong most often, then show the shape."""
    expected = f"expected {STARTED_EXAMPLE} (milliseconds, offset without a colon, no Z)"
    stripped = text.strip()
    if stripped != text:
        return f"remove the surrounding spaces; {expected}"
    if stripped.endswith(("Z", "z")):
        return f"use a numeric offset such as +0000 instead of Z; {expected}"
    if re.search(r"[+-][0-9]{2}:[0-9]{2}$", stripped):
        return f"write the offset without a colon (+0200, not +02:00); {expected}"
    if re.fullmatch(r"[0-9-]+T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{4}", stripped):
        return f"add milliseconds (.000) after the seconds; {expected}"
    if re.fullmatch(r"[0-9-]+T[0-9:.]+", stripped):
        return f"add the offset (e.g. +0000); {expected}"
    return expected


def is_valid_started(text: str) -> bool:
    """True when `text` is exactly in Jira's `started` shape and names a real moment."""
    try:
        parse_started(text)
    except StartedError:
        return False
    return True


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
