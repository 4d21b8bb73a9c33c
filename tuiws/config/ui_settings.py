"""The `[ui]` settings the app runs with, as a plain value free of the config's models.

`UiConfig` (pydantic, in `tuiws.config.models`) is what validates `[ui]`; the app is handed this
shape instead, so that its first frame can be drawn from the facts a validated start recorded
(`tuiws.config.start_facts`) before pydantic loads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from tuiws.domain.rounding import RoundMode

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
