"""Weeks and days: where a week starts, its seven dates, its instant window, typed day names.

Weekdays are numbered as `date.weekday()` does: 0 = Monday … 6 = Sunday.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from tuiws.domain.started import zoned

__all__ = [
    "WEEKDAYS",
    "Weekday",
    "parse_day",
    "week_days",
    "week_start",
    "week_window",
    "weekday_index",
]

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)

_ISO_DAY = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})")
_DAYS_AGO = re.compile(r"-(?P<n>[0-9]{1,6})")
_RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}
_DAY_HINT = (
    "type a date such as 2026-05-29, today, yesterday, tomorrow, "
    "a weekday such as mon, or -N for N days ago"
)


def week_start(day: date, first_weekday: int = 0) -> date:
    """The first day of the week holding `day`, for weeks starting on `first_weekday`."""
    _check_weekday(first_weekday)
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def _check_weekday(index: int) -> None:
    if not 0 <= index <= 6:
        raise ValueError(f"first weekday must be 0 (Monday) to 6 (Sunday), not {index}")


def week_days(start: date) -> list[date]:
    """The seven dates of the week beginning on `start`."""
    return [start + timedelta(days=offset) for offset in range(7)]


def week_window(start: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The half-open instants [start 00:00, start + 7 days 00:00) in `zone`.

    Each end is local midnight with its own date's offset, so a week that crosses a DST change
    lasts 167 or 169 hours. Where midnight itself falls in a gap the day begins when the clocks
    resume (see `zoned`). Both ends share `zone`; convert to UTC before subtracting them.
    """
    return zoned(start, time(0), zone), zoned(start + timedelta(days=7), time(0), zone)


def weekday_index(name: str) -> int:
    """0-6 for a weekday name: full (`monday`), three letters (`mon`) or longer prefix, any case."""
    key = name.strip().lower()
    if len(key) >= 3:
        for index, weekday in enumerate(WEEKDAYS):
            if weekday.startswith(key):
                return index
    raise ValueError(f"{name!r} is not a weekday: type monday or mon, tuesday or tue, and so on")


def parse_day(text: str, today: date) -> date:
    """Read a day: `YYYY-MM-DD`, `today`, `yesterday`, `tomorrow`, `-N` (N days ago), or a
    weekday name meaning the most recent such day on or before `today` (`mon` on a Monday is
    `today`)."""
    key = text.strip().lower()
    if key in _RELATIVE:
        return today + timedelta(days=_RELATIVE[key])
    iso = _ISO_DAY.fullmatch(key)
    if iso:
        return _real_date(text, int(iso["y"]), int(iso["m"]), int(iso["d"]))
    ago = _DAYS_AGO.fullmatch(key)
    if ago:
        return _days_before(text, today, int(ago["n"]))
    try:
        index = weekday_index(key)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a day: {_DAY_HINT}") from None
    return today - timedelta(days=(today.weekday() - index) % 7)


def _real_date(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{text.strip()!r} is not a real date: {exc}") from exc


def _days_before(text: str, today: date, days: int) -> date:
    try:
        return today - timedelta(days=days)
    except OverflowError as exc:
        raise ValueError(f"{text.strip()!r} reaches before the year 1: {_DAY_HINT}") from exc
