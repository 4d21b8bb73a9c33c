"""Time as Jira writes it: timestamps, epoch milliseconds and duration notation ("1d 4h")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

STARTED_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$")
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([wdhm]?)", re.IGNORECASE)


@dataclass(frozen=True)
class WorkCalendar:
    """The instance's working day and week, which `1d` and `1w` mean."""

    hours_per_day: float = 8.0
    days_per_week: float = 5.0

    @property
    def seconds_per_day(self) -> int:
        return round(self.hours_per_day * 3600)

    @property
    def seconds_per_week(self) -> int:
        return round(self.hours_per_day * self.days_per_week * 3600)


def format_timestamp(moment: datetime, zone: tzinfo) -> str:
    """`2026-05-29T14:30:00.000+0200`: milliseconds, offset without a colon, in `zone`."""
    local = moment.astimezone(zone)
    millis = local.microsecond // 1000
    return local.strftime("%Y-%m-%dT%H:%M:%S") + f".{millis:03d}" + local.strftime("%z")


def parse_started(text: str) -> datetime | None:
    """Parse a `started` value in the one shape Jira accepts; None when malformed or unreal."""
    if not STARTED_RE.match(text):
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z")
    except ValueError:
        return None


def to_millis(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def from_millis(millis: int) -> datetime:
    return datetime.fromtimestamp(millis / 1000, UTC)


def parse_duration(text: str, calendar: WorkCalendar) -> int | None:
    """Seconds for Jira duration notation: `2d`, `1h 30m`, `90m`, `1.5h`; a bare number is minutes.

    Returns None when the text is not a duration.
    """
    cleaned = text.strip()
    if not cleaned:
        return None
    position = 0
    total = 0.0
    units = {
        "w": calendar.seconds_per_week,
        "d": calendar.seconds_per_day,
        "h": 3600,
        "m": 60,
        "": 60,
    }
    while position < len(cleaned):
        if cleaned[position].isspace():
            position += 1
            continue
        match = _DURATION_PART.match(cleaned, position)
        if match is None:
            return None
        total += float(match.group(1)) * units[match.group(2).lower()]
        position = match.end()
    return round(total)


def format_duration(seconds: int, calendar: WorkCalendar) -> str:
    """Jira's "pretty" notation: `1w 2d 3h 30m`, built on the instance's day and week."""
    minutes_total = max(0, seconds) // 60
    if minutes_total == 0:
        return "0m"
    parts: list[str] = []
    remaining = minutes_total * 60
    for unit, size in (
        ("w", calendar.seconds_per_week),
        ("d", calendar.seconds_per_day),
        ("h", 3600),
        ("m", 60),
    ):
        if size <= 0:
            continue
        count, remaining = divmod(remaining, size)
        if count:
            parts.append(f"{count}{unit}")
    return " ".join(parts)
