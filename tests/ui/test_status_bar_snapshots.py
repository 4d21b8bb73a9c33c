"""Snapshot of the status bar with a backoff under way (80×24, frozen clock)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from tests.ui.test_status_bar import FakeClock, StatusHost, rate_limited

SnapCompare = Callable[..., bool]


class FrozenStatusHost(StatusHost):
    def on_mount(self) -> None:
        super().on_mount()
        self.identify()
        bar = self.bar
        bar.writes_in_flight = 1
        bar.refreshed_at = datetime.fromtimestamp(self.fake_clock.now - 120, tz=UTC)
        bar.backoff = rate_limited(self.fake_clock)


def test_status_bar_backoff_snapshot(snap_compare: SnapCompare) -> None:
    assert snap_compare(FrozenStatusHost(FakeClock()), terminal_size=(80, 24))
