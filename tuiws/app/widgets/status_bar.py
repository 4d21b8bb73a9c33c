"""One line of session state above the footer: who and where, what is under way, what went wrong.

A rate-limit wait shows as a live countdown recomputed every second from the event's
`resume_at` and an injected clock (the same clock the Jira client uses), so tests drive it
without waiting. When the line is too narrow, the least important parts go first; the
countdown and the error keep their place over profile and user. It never wraps.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget

from tuiws import domain

if TYPE_CHECKING:
    from tuiws.backends.backoff import BackoffEvent
    from tuiws.domain.timer import Timer as RunningTimer

__all__ = [
    "StatusBar",
    "StatusPart",
    "fit_parts",
    "format_backoff",
    "format_checking",
    "format_timer",
    "format_updated",
]

BACKOFF, ERROR, INFO, STATE, TIMER = "backoff", "error", "info", "state", "timer"
GROUP_SEPARATOR = " │ "
ITEM_SEPARATOR = " · "
RIGHT_GAP = 2
ERROR_MIN_WIDTH = 12


@dataclass(frozen=True)
class StatusPart:
    """One piece of the line. Lower `priority` gives way first when space runs out."""

    text: str
    component: str
    group: str
    priority: int
    short: str | None = None
    """A shorter form tried before the part is given up."""
    min_width: int | None = None
    """If set, the part may be truncated (with an ellipsis) down to this width."""


def format_backoff(event: BackoffEvent, now: float, *, short: bool = False) -> str:
    """`rate limited · retry in 7s (attempt 2/5)`, counting down to `event.resume_at`."""
    left = max(0, math.ceil(event.resume_at - now - 1e-9))
    attempt = event.next_attempt
    if short:
        return f"retry in {left}s ({attempt})" if left else f"retrying ({attempt})"
    if left:
        return f"{event.reason} · retry in {left}s (attempt {attempt})"
    return f"{event.reason} · retrying (attempt {attempt})"


def format_updated(refreshed_at: datetime, now: float, *, word: str = "updated") -> str:
    """`updated just now`, `updated 2 min ago` within the hour, else `updated 14:32`.

    `word` is "cached" while the grid shows the local cache rather than Jira's answer.
    """
    current = (
        datetime.fromtimestamp(now, tz=refreshed_at.tzinfo)
        if refreshed_at.tzinfo is not None
        else datetime.fromtimestamp(now)
    )
    age = (current - refreshed_at).total_seconds()
    if 0 <= age < 60:
        return f"{word} just now"
    if 0 <= age < 3600:
        return f"{word} {int(age // 60)} min ago"
    if age < 86400:  # a clock running behind gives no negative ages, just the time
        return f"{word} {refreshed_at:%H:%M}"
    return f"{word} {refreshed_at:%d %b %H:%M}"


def format_checking(count: int, check_at: float | None, now: float) -> str:
    """`may have been saved — checking`, or with the wait before the next check after one
    failed: `… — checking again in 8s`; `2 may have been saved …` for several writes."""
    who = f"{count} may" if count > 1 else "may"
    left = max(0, math.ceil(check_at - now - 1e-9)) if check_at is not None else 0
    again = f" again in {left}s" if left else ""
    return f"{who} have been saved — checking{again}"


def format_timer(timer: RunningTimer, now: float) -> str:
    """`⏱ PLAT-12 0:25:13` while it runs, `⏸ PLAT-12 0:25:13` while paused."""
    elapsed = timer.elapsed_seconds(datetime.fromtimestamp(now, UTC))
    return f"{'⏸' if timer.paused else '⏱'} {timer.issue_key} {domain.timer.running_time(elapsed)}"


def _line_width(left: list[StatusPart], right: list[StatusPart]) -> int:
    width = 0
    for before, part in zip([None, *left], left, strict=False):
        if before is not None:
            sep = ITEM_SEPARATOR if before.group == part.group else GROUP_SEPARATOR
            width += cell_len(sep)
        width += cell_len(part.text)
    if right:
        width += sum(cell_len(p.text) for p in right)
        width += cell_len(ITEM_SEPARATOR) * (len(right) - 1)
        width += _gap(left)
    return width


def _total(parts: list[StatusPart]) -> int:
    return _line_width(
        [p for p in parts if p.group != STATE], [p for p in parts if p.group == STATE]
    )


def _truncate(text: str, width: int) -> str:
    out = Text(text)
    out.truncate(width, overflow="ellipsis")
    return out.plain


def fit_parts(parts: list[StatusPart], width: int) -> list[StatusPart]:
    """The parts that fit in `width` cells, in their order, least important given up first."""
    kept = list(parts)
    for part in sorted(parts, key=lambda p: p.priority):
        excess = _total(kept) - width
        if excess <= 0:
            break
        index = kept.index(part)
        if part.short is not None:
            kept[index] = part = replace(part, text=part.short, short=None)
            excess = _total(kept) - width
            if excess <= 0:
                break
        if part.min_width is not None:
            room = cell_len(part.text) - excess
            if room >= part.min_width:
                kept[index] = replace(part, text=_truncate(part.text, room))
                break
        if part.priority < max(p.priority for p in parts):
            del kept[index]
    return kept


class StatusBar(Widget):
    """Profile, user, flavor and zone; loading, saving and last refresh; errors; backoff.

    Docked at the bottom one line above Textual's `Footer`. Set the reactives; the line
    repaints (never re-lays out). `loading` is Textual's own `Widget.loading`, shown here as
    "loading…" text instead of the usual overlay. When space runs short, parts give way in
    this order: flavor, user, zone, "updated …", profile, "loading…", then the error is
    truncated (down to 12 cells) or dropped, then "cached …", then "may have been saved —
    checking" takes its short form, then "n queued", then "saving n…", then the running
    timer, and last the countdown takes its short form (`retry in 7s (2/5)`). The whole
    error is one key away (`!` on the week).

    | Component class         | Used for                      |
    |-------------------------|-------------------------------|
    | `status-bar--backoff`   | the countdown (`$backoff`)    |
    | `status-bar--error`     | the last error                |
    | `status-bar--profile`   | the profile name              |
    | `status-bar--busy`      | loading and saving            |
    | `status-bar--timer`     | the running timer             |
    | `status-bar--pending`   | queued and unsettled writes   |
    | `status-bar--muted`     | flavor, zone, age, separators |
    """

    DEFAULT_CSS = """
    StatusBar {
        dock: bottom;
        height: 1;
        margin-bottom: 1;
        padding: 0 1;
        background: $panel;
        color: $foreground;
    }
    StatusBar > .status-bar--backoff { color: $backoff; text-style: bold; }
    StatusBar > .status-bar--error { color: $error; text-style: bold; }
    StatusBar > .status-bar--profile { text-style: bold; }
    StatusBar > .status-bar--busy { color: $text-primary; }
    StatusBar > .status-bar--timer { color: $text-accent; text-style: bold; }
    StatusBar > .status-bar--muted { color: $text-muted; }
    StatusBar > .status-bar--pending { color: $text-warning; text-style: bold; }
    """

    COMPONENT_CLASSES = {
        "status-bar--backoff",
        "status-bar--error",
        "status-bar--profile",
        "status-bar--busy",
        "status-bar--muted",
        "status-bar--timer",
        "status-bar--pending",
    }

    profile: reactive[str] = reactive("")
    user: reactive[str] = reactive("")
    flavor: reactive[str] = reactive("")
    zone: reactive[str] = reactive("")
    refreshed_at: reactive[datetime | None] = reactive(None)
    from_cache: reactive[bool] = reactive(False)
    """The grid shows the local cache (stale until Jira answers): "cached 5 min ago"."""
    writes_in_flight: reactive[int] = reactive(0)
    queued: reactive[int] = reactive(0)
    """Writes kept in the journal while the server could not be reached: "2 queued"."""
    unsettled: reactive[int] = reactive(0)
    """Writes whose answer was lost: "may have been saved — checking" until settled."""
    check_at: reactive[float | None] = reactive(None)
    """When the next check of the unsettled writes runs (after one failed): its countdown."""
    last_error: reactive[str] = reactive("")
    backoff: reactive[BackoffEvent | None] = reactive(None)
    running: reactive[RunningTimer | None] = reactive(None)
    """The timer (on disk, shared with the shell): `⏱ PLAT-12 0:25:13`, each second."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's name
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.clock = clock
        """Seconds since the epoch; the app passes the Jira client's clock."""
        self._timer: Timer | None = None
        self._shown: tuple[str, str, str, str] = ("", "", "", "")

    # -- public -----------------------------------------------------------------------------------

    def clear_error(self) -> None:
        self.last_error = ""

    def clear_backoff(self) -> None:
        self.backoff = None

    def tick(self) -> None:
        """Once a second while something counts: repaint if the countdown or age changed."""
        if self._dynamic() != self._shown:
            self.refresh()

    @property
    def plain(self) -> str:
        """The line as text, at the current width (for tests and screen readers)."""
        return self._line(self.size.width).plain

    # -- reactives ------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._run_timer(restart=False)

    def watch_backoff(self) -> None:
        # A new wait restarts the interval so its ticks fall on the countdown's whole seconds.
        self._run_timer(restart=self.backoff is not None)

    def watch_refreshed_at(self) -> None:
        self._run_timer(restart=False)

    def watch_running(self) -> None:
        self._run_timer(restart=False)

    def watch_check_at(self) -> None:
        self._run_timer(restart=self.check_at is not None)

    def _watch_loading(self, loading: bool) -> None:
        # Widget.loading normally covers the widget with a LoadingIndicator; the bar instead
        # says "loading…" in its text, so errors and the countdown stay visible.
        self.refresh()

    def _run_timer(self, *, restart: bool) -> None:
        """Tick once a second only while something on the line changes with time."""
        if not self.is_mounted:
            return
        needed = (
            self.backoff is not None
            or self.refreshed_at is not None
            or self.running is not None
            or self.check_at is not None
        )
        if self._timer is not None and (restart or not needed):
            self._timer.stop()
            self._timer = None
        if needed and self._timer is None:
            self._timer = self.set_interval(1, self.tick)

    # -- rendering ------------------------------------------------------------------------------

    def _dynamic(self) -> tuple[str, str, str, str]:
        now = self.clock()
        countdown = format_backoff(self.backoff, now) if self.backoff is not None else ""
        word = "cached" if self.from_cache else "updated"
        updated = format_updated(self.refreshed_at, now, word=word) if self.refreshed_at else ""
        timer = format_timer(self.running, now) if self.running is not None else ""
        checking = format_checking(self.unsettled, self.check_at, now) if self.unsettled else ""
        return countdown, updated, timer, checking

    def _parts(self) -> list[StatusPart]:
        countdown, updated, timer, checking = self._shown = self._dynamic()
        parts: list[StatusPart] = []
        if timer:
            parts.append(StatusPart(timer, "timer", TIMER, 97))
        if self.backoff is not None:
            short = format_backoff(self.backoff, self.clock(), short=True)
            parts.append(StatusPart(countdown, "backoff", BACKOFF, 100, short=short))
        error = " ".join(self.last_error.split())
        if error:
            parts.append(StatusPart(error, "error", ERROR, 90, min_width=ERROR_MIN_WIDTH))
        info = [
            (self.profile, "profile", 50),
            (self.user, "", 20),
            (self.flavor, "muted", 10),
            (self.zone, "muted", 30),
        ]
        parts += [StatusPart(text, style, INFO, rank) for text, style, rank in info if text]
        if self.loading:
            parts.append(StatusPart("loading…", "busy", STATE, 60))
        if self.writes_in_flight > 0:
            parts.append(StatusPart(f"saving {self.writes_in_flight}…", "busy", STATE, 95))
        if self.queued > 0:
            parts.append(StatusPart(f"{self.queued} queued", "pending", STATE, 94))
        if checking:
            short = f"{self.unsettled} checking…"
            parts.append(StatusPart(checking, "pending", STATE, 93, short=short))
        if updated:
            # The cache's age says how far to trust the grid: it outlasts the error's tail.
            rank = 92 if self.from_cache else 40
            parts.append(StatusPart(updated, "muted", STATE, rank))
        return parts

    def _line(self, width: int) -> Text:
        parts = fit_parts(self._parts(), width)
        left = [p for p in parts if p.group != STATE]
        right = [p for p in parts if p.group == STATE]
        styles = {
            name: self.get_component_rich_style(f"status-bar--{name}")
            for name in {"muted", *(p.component for p in parts if p.component)}
        }
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        _append(line, left, styles, group_separators=True)
        if right:
            content = _line_width(left, right) - _gap(left)
            line.append(" " * max(_gap(left), width - content))
            _append(line, right, styles, group_separators=False)
        line.truncate(width, overflow="ellipsis")
        return line

    def render(self) -> Text:
        return self._line(self.size.width)


def _gap(left: list[StatusPart]) -> int:
    return RIGHT_GAP if left else 0


def _append(
    line: Text, parts: list[StatusPart], styles: dict[str, Style], *, group_separators: bool
) -> None:
    for index, part in enumerate(parts):
        if index:
            same = parts[index - 1].group == part.group or not group_separators
            line.append(ITEM_SEPARATOR if same else GROUP_SEPARATOR, style=styles["muted"])
        line.append(part.text, style=styles.get(part.component, ""))
