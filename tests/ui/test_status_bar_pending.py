"""The status bar's journal parts: `2 queued`, and `may have been saved — checking` with the
wait before the next check, counted down on the injected clock; they keep their place over
identity when the line is short."""

from __future__ import annotations

from tests.ui.test_status_bar import LONG_ERROR, FakeClock, StatusHost
from tuiws.app.widgets.status_bar import format_checking


def test_checking_words_name_the_count_and_the_wait() -> None:
    assert format_checking(1, None, 100.0) == "may have been saved — checking"
    assert format_checking(2, None, 100.0) == "2 may have been saved — checking"
    assert format_checking(1, 108.0, 100.0) == "may have been saved — checking again in 8s"
    assert format_checking(1, 99.0, 100.0) == "may have been saved — checking"


async def test_queued_and_unsettled_writes_are_counted_and_counted_down() -> None:
    clock = FakeClock()
    app = StatusHost(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.identify()
        bar = app.bar
        assert "queued" not in bar.plain and "checking" not in bar.plain
        bar.queued = 2
        await pilot.pause()
        assert bar.plain.endswith("2 queued")
        bar.unsettled = 1
        bar.check_at = clock.now + 15
        await pilot.pause()
        assert "2 queued · may have been saved — checking again in 15s" in bar.plain
        clock.now += 14.5
        bar.tick()
        assert "checking again in 1s" in bar.plain
        clock.now += 1
        bar.tick()
        assert bar.plain.endswith("may have been saved — checking")
        bar.queued = bar.unsettled = 0
        bar.check_at = None
        await pilot.pause()
        assert "queued" not in bar.plain and "checking" not in bar.plain


async def test_on_a_narrow_line_the_counts_outlast_identity_and_the_error() -> None:
    app = StatusHost()
    async with app.run_test(size=(40, 24)) as pilot:
        app.identify()
        bar = app.bar
        bar.last_error = LONG_ERROR
        bar.queued = 1
        bar.unsettled = 1
        await pilot.pause()
        assert "1 queued" in bar.plain and "checking" in bar.plain
        assert "Ada Lovelace" not in bar.plain
