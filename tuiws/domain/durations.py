"""Jira durations: parse what people type (`1h 30m`, `1.5h`, `1:30`) and format seconds back.

Jira's units are `w`, `d`, `h` and `m`; a day and a week are the instance's working day and
week (`TimeTracking`), not 24 h and 7 days. The parser is deliberately stricter than Jira in
one place: Jira reads a bare number as minutes, people type it meaning hours, so a number
without a unit is refused with a message that offers both readings instead of guessing.

Rounding, in one place so every view agrees:
- parsing sums the parts exactly, refuses a total under one minute (Jira's minimum), then
  rounds to the nearest whole minute (halves round up): `0.1h` is 6m, `0.01h` (36 s) is refused;
- formatting rounds seconds to the nearest minute (halves up), except that a positive value
  never shows as nothing (`0m`, `0:00`, `0`): under half a minute shows as one minute
  (`1m`, `0:01`, `0.01`). Negative values format like positive ones with a leading `-`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Literal

from tuiws.domain.models import TimeTracking

__all__ = [
    "DurationError",
    "format_decimal_hours",
    "format_duration",
    "format_hours_minutes",
    "parse_duration",
]

MINUTE = 60
HOUR = 3600

# Jira's units, largest first, the order Jira writes them in.
_UNIT_ORDER = ("w", "d", "h", "m")
_UNIT_HINT = "use w (weeks), d (days), h (hours) or m (minutes), as in 1h 30m"

# ASCII digits only: `\d` would also accept Arabic-Indic and other digits.
_NUMBER = r"[0-9]+(?:[.,][0-9]+)?"
_PART = re.compile(rf"(?P<num>{_NUMBER})(?P<unit>[A-Za-z]*)")
_CLOCK = re.compile(r"(?P<hours>[0-9]+):(?P<minutes>[0-9]+)")
# "1 h 30 m" means "1h 30m"; glue a number to the unit that follows it.
_SPACE_BEFORE_UNIT = re.compile(r"(?<=[0-9])\s+(?=[A-Za-z])")
# Longer numbers are typos, and Python refuses to parse integers past 4300 digits anyway.
_MAX_DIGITS = 9


class DurationError(ValueError):
    """A duration the user typed could not be read; the message says what to type instead."""


def parse_duration(text: str, tracking: TimeTracking | None = None) -> int:
    """Read a duration such as `1h 30m`, `1.5h`, `1,5h`, `1:30`, `2d` or `1w 2d` into seconds.

    Units may come in any order and in either case, glued (`1h30m`) or spaced (`1 h 30 m`),
    each at most once. `d` and `w` follow `tracking` (default 8 h days, 5 d weeks).
    """
    if tracking is None:
        tracking = TimeTracking()
    stripped = text.strip()
    if not stripped:
        raise DurationError("enter a duration such as 1h 30m")
    clock = _CLOCK.fullmatch(stripped)
    exact = _parse_clock(stripped, clock) if clock else _parse_parts(stripped, tracking)
    if exact < MINUTE:
        raise DurationError(f'"{stripped}" is under a minute: the minimum is 1m')
    return _round_half_up(exact / MINUTE) * MINUTE


def _parse_clock(text: str, match: re.Match[str]) -> Fraction:
    hours, minutes = match["hours"], match["minutes"]
    if len(minutes) != 2:
        raise DurationError(
            f'"{text}": write minutes with two digits, as in {hours}:05 or {hours}:50'
        )
    if len(hours) > _MAX_DIGITS:
        raise DurationError(f'"{text}" is too long to be a duration: try 8h')
    if int(minutes) >= 60:
        total = int(hours) * 60 + int(minutes)
        fixed = f"{total // 60}:{total % 60:02d}"
        raise DurationError(f'"{text}": minutes must be under 60; type {fixed} instead')
    return Fraction(int(hours) * HOUR + int(minutes) * MINUTE)


def _parse_parts(text: str, tracking: TimeTracking) -> Fraction:
    unit_seconds = {
        "w": tracking.seconds_per_week,
        "d": tracking.seconds_per_day,
        "h": HOUR,
        "m": MINUTE,
    }
    seen: set[str] = set()
    total = Fraction(0)
    for chunk in _SPACE_BEFORE_UNIT.sub("", text).split():
        for typed, number, unit in _split_chunk(chunk):
            if unit in seen:
                raise DurationError(
                    f'"{typed}" repeats the unit {unit}: write each unit once, as in 1h 30m'
                )
            seen.add(unit)
            total += _to_fraction(number) * unit_seconds[unit]
    return total


def _split_chunk(chunk: str) -> list[tuple[str, str, str]]:
    """Cut a whitespace-free chunk such as `1h30m` into (as typed, number, lower-case unit)."""
    parts: list[tuple[str, str, str]] = []
    pos = 0
    while pos < len(chunk):
        match = _PART.match(chunk, pos)
        if match is None:
            raise DurationError(_bad_part_message(chunk[pos:]))
        number, unit = match["num"], match["unit"].lower()
        pos = match.end()
        if not unit:
            if pos < len(chunk):
                raise DurationError(_bad_part_message(chunk))
            raise DurationError(_no_unit_message(number))
        _check_unit(match[0], unit)
        parts.append((match[0], number, unit))
    return parts


def _check_unit(typed: str, unit: str) -> None:
    if unit in _UNIT_ORDER:
        return
    if unit in ("s", "sec", "secs", "second", "seconds"):
        raise DurationError(
            f'"{typed}": Jira has no seconds; the smallest unit is m (minutes), as in 1m'
        )
    raise DurationError(f'"{typed}": unknown unit "{unit}"; {_UNIT_HINT}')


def _bad_part_message(bad: str) -> str:
    """Name the unreadable part: the chunk, or its rest from where reading stopped."""
    if bad.startswith("-"):
        return f'"{bad}": a duration cannot be negative; type it without the minus, as in 1h'
    if bad[:1].isalpha():
        return f'"{bad}" needs a number before the unit, as in 1h or 30m'
    return f'"{bad}" is not part of a duration; {_UNIT_HINT}'


def _no_unit_message(number: str) -> str:
    hours = "hour" if number == "1" else "hours"
    minutes = "minute" if number == "1" else "minutes"
    return (
        f'"{number}" has no unit: type {number}h for {number} {hours} '
        f"or {number}m for {number} {minutes}"
    )


def _to_fraction(number: str) -> Fraction:
    if sum(ch.isdigit() for ch in number) > _MAX_DIGITS:
        raise DurationError(f'"{number}" has too many digits to be a duration: try 8h')
    return Fraction(number.replace(",", "."))


def _round_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def _whole_minutes(seconds: int) -> int:
    """Seconds to whole minutes for display: nearest, halves up, positive never becomes 0."""
    if seconds < 0:
        return -_whole_minutes(-seconds)
    if seconds == 0:
        return 0
    return max(1, _round_half_up(Fraction(seconds, MINUTE)))


def format_duration(seconds: int, tracking: TimeTracking | None = None) -> str:
    """Seconds in Jira's notation: `1h 30m`, `45m`, `0m`; with `tracking`, also `1w 1d 2h`.

    Without `tracking` only hours and minutes are used (`26h`), because a day means nothing
    until the instance says how long it is. With it, weeks and days are used when they are a
    whole number of minutes (so every output parses back to the same value).
    """
    minutes = _whole_minutes(seconds)
    if minutes < 0:
        return "-" + format_duration(-seconds, tracking)
    remaining = minutes * MINUTE
    sizes = {"w": 0, "d": 0, "h": HOUR, "m": MINUTE}
    if tracking is not None:
        sizes["w"] = _usable_unit(tracking.seconds_per_week)
        sizes["d"] = _usable_unit(tracking.seconds_per_day)
    parts: list[str] = []
    for unit in _UNIT_ORDER:
        size = sizes[unit]
        if size <= 0:
            continue
        count, remaining = divmod(remaining, size)
        if count:
            parts.append(f"{count}{unit}")
    return " ".join(parts) or "0m"


def _usable_unit(seconds: int) -> int:
    # A 7.99 h day is not a whole number of minutes; using it would leave stray seconds.
    return seconds if seconds > 0 and seconds % MINUTE == 0 else 0


def format_hours_minutes(seconds: int) -> str:
    """Seconds as `h:mm` for grid cells: `1:30`, `0:45`, `12:05`, `-0:30`."""
    minutes = _whole_minutes(seconds)
    sign = "-" if minutes < 0 else ""
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours}:{mins:02d}"


def format_decimal_hours(seconds: int) -> str:
    """Seconds as decimal hours with at most two decimals, trailing zeros trimmed: `1.5`, `2`."""
    if seconds < 0:
        return "-" + format_decimal_hours(-seconds)
    if seconds == 0:
        return "0"
    hours = (Decimal(seconds) / HOUR).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    hours = max(hours, Decimal("0.01"))
    text = f"{hours:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


DurationStyle = Literal["hm", "decimal"]
"""How durations are shown: `h:mm`, or decimal hours (`[ui] duration_format = "decimal"`)."""


def decimal_hours(seconds: int) -> str:
    """Seconds as hours with two decimals, so a column lines up and a spreadsheet reads a
    number: `1.50`, `0.25`, `0.00`; anything logged shows as at least `0.01`."""
    hours = (Decimal(abs(seconds)) / 3600).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if seconds and not hours:
        hours = Decimal("0.01")
    return f"{'-' if seconds < 0 else ''}{hours:.2f}"


def cell_formatter(style: DurationStyle) -> Callable[[int], str]:
    """The one notation durations are shown in, everywhere: `2:30`, or `2.50` when
    `duration_format = "decimal"`."""
    return decimal_hours if style == "decimal" else format_hours_minutes


def show_duration(seconds: int, style: DurationStyle = "hm") -> str:
    return cell_formatter(style)(seconds)
