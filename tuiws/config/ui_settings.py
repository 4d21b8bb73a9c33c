"""The `[ui]` settings the app runs with, as a plain value free of the config's models.

`UiConfig` (pydantic, in `tuiws.config.models`) is what validates `[ui]`; the app is handed this
shape instead, so that it can be built from a quick read of the file before pydantic loads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from tuiws.domain.rounding import ROUND_MODES, RoundMode

if TYPE_CHECKING:
    from tuiws.config.models import UiConfig

DurationFormat = Literal["hm", "decimal"]


@dataclass(frozen=True)
class UiSettings:
    theme: str = "tuiws-dark"
    duration_format: DurationFormat = "hm"
    daily_ceiling_hours: float = 10.0
    late_after_hours: float = 48.0
    round_minutes: int = 0
    round_mode: RoundMode = "nearest"
    keymap: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_config(cls, ui: UiConfig) -> UiSettings:
        return cls(
            theme=ui.theme,
            duration_format=ui.duration_format,
            daily_ceiling_hours=ui.daily_ceiling_hours,
            late_after_hours=ui.late_after_hours,
            round_minutes=ui.round_minutes,
            round_mode=ui.round_mode,
            keymap=dict(ui.keymap),
        )

    @classmethod
    def quick(cls, table: object) -> UiSettings | None:
        """The settings in a `[ui]` table as `tomllib` read it, or None when unsure.

        Accepts only what `UiConfig` accepts, and reads it the same way (a test holds the two
        together); anything else is None, and the caller leaves it to the validating reader,
        whose message says what is wrong.
        """
        if not isinstance(table, dict) or not set(table) <= _UI_KEYS:
            return None
        defaults = cls()
        theme = table.get("theme", defaults.theme)
        duration_format = table.get("duration_format", defaults.duration_format)
        ceiling = _hours(table.get("daily_ceiling_hours", defaults.daily_ceiling_hours), 24)
        late = _hours(table.get("late_after_hours", defaults.late_after_hours), 24 * 31)
        keymap = table.get("keymap", {})
        round_minutes = table.get("round_minutes", defaults.round_minutes)
        round_mode = table.get("round_mode", defaults.round_mode)
        if (
            not isinstance(theme, str)
            or duration_format not in ("hm", "decimal")
            or ceiling is None
            or late is None
            or isinstance(round_minutes, bool)
            or not isinstance(round_minutes, int)
            or not 0 <= round_minutes <= 240
            or round_mode not in ROUND_MODES
            or not isinstance(keymap, dict)
            or not all(isinstance(v, str) for v in keymap.values())
        ):
            return None
        return cls(
            theme=theme,
            duration_format="decimal" if duration_format == "decimal" else "hm",
            daily_ceiling_hours=ceiling,
            late_after_hours=late,
            round_minutes=round_minutes,
            round_mode=next(m for m in ROUND_MODES if m == round_mode),
            keymap=dict(keymap),
        )


_UI_KEYS = frozenset(
    {
        "theme",
        "duration_format",
        "daily_ceiling_hours",
        "late_after_hours",
        "round_minutes",
        "round_mode",
        "keymap",
    }
)


def _hours(value: object, most: float) -> float | None:
    """`value` as hours in (0, most], the way the config's float fields read numbers."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        hours = float(value)
    except OverflowError:  # TOML integers may be longer than a float holds
        return None
    return hours if 0 < hours <= most else None
