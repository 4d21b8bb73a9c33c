"""The status bar at 80×24: identity, loading and saving, errors, and the backoff countdown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.widgets import Footer, Static

from tuiws.app.themes import THEME_VARIABLE_DEFAULTS, register_themes
from tuiws.app.widgets.status_bar import (
    StatusBar,
    StatusPart,
    fit_parts,
    format_backoff,
    format_updated,
)
from tuiws.backends.backoff import BackoffEvent

NOW = 1_800_000_000.0  # 2027-01-15 08:00 UTC
LONG_ERROR = (
    "Jira refused the worklog: issue PROJ-123 is closed and\n does not accept new work "
    "logged against it; reopen it or log the time on another issue"
)


@dataclass
class FakeClock:
    now: float = NOW

    def __call__(self) -> float:
        return self.now


def rate_limited(clock: FakeClock, seconds: float = 7.0, attempt: int = 1) -> BackoffEvent:
    return BackoffEvent(
        attempt=attempt,
        max_attempts=5,
        seconds=seconds,
        reason="rate limited",
        status=429,
        resume_at=clock.now + seconds,
    )


class StatusHost(App[None]):
    """A bare app with the bar above a footer, using the tuiws themes and variables."""

    def __init__(self, clock: FakeClock | None = None, theme: str = "tuiws-dark") -> None:
        super().__init__()
        self.fake_clock = clock or FakeClock()
        self._theme_name = theme

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(THEME_VARIABLE_DEFAULTS)

    def compose(self) -> ComposeResult:
        yield Static("Week 3 · 12–18 Jan 2027", id="body")
        yield StatusBar(clock=self.fake_clock, id="status")
        yield Footer()

    def on_mount(self) -> None:
        register_themes(self)
        self.theme = self._theme_name

    @property
    def bar(self) -> StatusBar:
        return self.query_one(StatusBar)

    def identify(self) -> None:
        bar = self.bar
        bar.profile = "work"
        bar.user = "Ada Lovelace"
        bar.flavor = "cloud"
        bar.zone = "Europe/Oslo"


async def test_shows_profile_user_flavor_and_zone() -> None:
    app = StatusHost()
    async with app.run_test(size=(80, 24)) as pilot:
        app.identify()
        await pilot.pause()
        assert app.bar.plain.startswith("work · Ada Lovelace · cloud · Europe/Oslo")


async def test_sits_on_one_line_just_above_the_footer() -> None:
    app = StatusHost()
    async with app.run_test(size=(80, 24)) as pilot:
        app.identify()
        await pilot.pause()
        assert app.bar.region.height == 1
        assert app.bar.region.y == 22
        assert app.query_one(Footer).region.y == 23


async def test_backoff_counts_down_with_the_injected_clock() -> None:
    clock = FakeClock()
    app = StatusHost(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.identify()
        app.bar.backoff = rate_limited(clock)
        await pilot.pause()
        assert "rate limited · retry in 7s (attempt 2/5)" in app.bar.plain
        clock.now += 1
        app.bar.tick()
        await pilot.pause()
        assert "retry in 6s (attempt 2/5)" in app.bar.plain
        clock.now += 5.5
        app.bar.tick()
        assert "retry in 1s" in app.bar.plain
        clock.now += 1
        app.bar.tick()
        assert "rate limited · retrying (attempt 2/5)" in app.bar.plain


async def test_backoff_interval_ticks_every_second() -> None:
    clock = FakeClock()
    app = StatusHost(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.bar.backoff = rate_limited(clock)
        await pilot.pause()
        assert "retry in 7s" in app.bar.plain
        repaints: list[bool] = []
        original = app.bar.refresh

        def counting_refresh(*args: object, **kwargs: object) -> StatusBar:
            repaints.append(True)
            return original()

        app.bar.refresh = counting_refresh  # type: ignore[method-assign]
        clock.now += 1
        await pilot.pause(1.1)
        assert repaints, "the interval did not repaint the countdown"
        assert "retry in 6s" in app.bar.plain


async def test_clear_backoff_removes_the_countdown_at_once() -> None:
    clock = FakeClock()
    app = StatusHost(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.identify()
        app.bar.backoff = rate_limited(clock)
        await pilot.pause()
        assert "retry in" in app.bar.plain
        app.bar.clear_backoff()
        await pilot.pause()
        assert "retry in" not in app.bar.plain
        assert app.bar.plain.startswith("work · Ada Lovelace")
        app.bar.backoff = rate_limited(clock, seconds=3, attempt=2)
        await pilot.pause()
        assert "retry in 3s (attempt 3/5)" in app.bar.plain
        app.bar.backoff = None
        await pilot.pause()
        assert "retry in" not in app.bar.plain


async def test_backoff_uses_the_theme_backoff_colour() -> None:
    app = StatusHost(theme="tuiws-light")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        style = app.bar.get_component_rich_style("status-bar--backoff")
        expected = app.theme_variables["backoff"].lower()
        assert style.color is not None
        assert style.color.triplet is not None
        assert style.color.triplet.hex == expected
        assert style.bold


async def test_error_shows_truncated_on_one_line_at_80_columns() -> None:
    app = StatusHost()
    async with app.run_test(size=(80, 24)) as pilot:
        app.identify()
        app.bar.last_error = LONG_ERROR
        await pilot.pause()
        line = app.bar.plain
        assert line.startswith("Jira refused the worklog: issue PROJ-123 is closed and does")
        assert line.endswith("…")
        assert "\n" not in line
        assert cell_len(line) <= app.bar.size.width == 78
        assert app.bar.region.height == 1
        # The error wins the space over profile and user.
        assert "Ada Lovelace" not in line
        app.bar.clear_error()
        await pilot.pause()
        assert app.bar.plain.startswith("work · Ada Lovelace")


async def test_short_error_keeps_the_profile() -> None:
    app = StatusHost()
    async with app.run_test(size=(80, 24)) as pilot:
        app.identify()
        app.bar.last_error = "Could not reach Jira"
        await pilot.pause()
        assert app.bar.plain.startswith("Could not reach Jira │ work · Ada Lovelace")


async def test_countdown_and_error_and_saving_share_the_line() -> None:
    clock = FakeClock()
    app = StatusHost(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.identify()
        app.bar.backoff = rate_limited(clock)
        app.bar.last_error = LONG_ERROR
        app.bar.writes_in_flight = 2
        await pilot.pause()
        line = app.bar.plain
        assert line.startswith("rate limited · retry in 7s (attempt 2/5) │ Jira refused")
        assert line.endswith("saving 2…")
        assert cell_len(line) == 78


async def test_writes_in_flight_and_loading_show() -> None:
    clock = FakeClock()
    app = StatusHost(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.identify()
        app.bar.writes_in_flight = 1
        await pilot.pause()
        assert app.bar.plain.endswith("saving 1…")
        app.bar.writes_in_flight = 0
        app.bar.loading = True
        await pilot.pause()
        assert app.bar.plain.endswith("loading…")
        assert "saving" not in app.bar.plain
        # The bar says "loading…" itself: Textual's loading overlay would hide the line.
        assert app.bar._cover_widget is None
        app.bar.loading = False
        app.bar.refreshed_at = datetime.fromtimestamp(clock.now - 150, tz=UTC)
        await pilot.pause()
        assert app.bar.plain.endswith("updated 2 min ago")


def test_updated_reads_as_an_age_within_the_hour_then_as_a_time() -> None:
    oslo = timezone(timedelta(hours=1))
    at = datetime(2027, 1, 15, 9, 0, tzinfo=oslo)  # 08:00 UTC == NOW
    assert format_updated(at, NOW + 5) == "updated just now"
    assert format_updated(at, NOW + 125) == "updated 2 min ago"
    assert format_updated(at, NOW + 59 * 60) == "updated 59 min ago"
    assert format_updated(at, NOW + 2 * 3600) == "updated 09:00"
    assert format_updated(at, NOW - 30) == "updated 09:00"  # clock behind: no negative ages
    assert format_updated(at, NOW + 3 * 86400) == "updated 15 Jan 09:00"
    assert format_updated(at, NOW + 300, word="cached") == "cached 5 min ago"


def test_backoff_text_rounds_up_and_has_a_short_form() -> None:
    clock = FakeClock()
    event = rate_limited(clock, seconds=6.2)
    assert format_backoff(event, NOW) == "rate limited · retry in 7s (attempt 2/5)"
    assert format_backoff(event, NOW, short=True) == "retry in 7s (2/5)"
    assert format_backoff(event, NOW + 10, short=True) == "retrying (2/5)"


def test_fit_drops_least_important_first_and_shortens_backoff() -> None:
    parts = [
        StatusPart(
            "rate limited · retry in 7s (attempt 2/5)",
            "backoff",
            "backoff",
            100,
            short="retry in 7s (2/5)",
        ),
        StatusPart("work", "profile", "info", 50),
        StatusPart("Ada Lovelace", "", "info", 20),
        StatusPart("cloud", "muted", "info", 10),
        StatusPart("Europe/Oslo", "muted", "info", 30),
    ]
    names = [p.text for p in fit_parts(parts, 200)]
    assert names == [p.text for p in parts]
    names = [p.text for p in fit_parts(parts, 62)]
    assert names == [parts[0].text, "work", "Europe/Oslo"]
    names = [p.text for p in fit_parts(parts, 30)]
    assert names == ["retry in 7s (2/5)"]
