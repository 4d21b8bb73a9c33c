"""Messages that cross screens. Widget-local messages live on the widget that posts them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tuiws.backends.backoff import BackoffEvent
    from tuiws.domain.models import Worklog


class BackoffStarted(Message):
    """The client is waiting before a retry (429/503 or a lost connection)."""

    def __init__(self, event: BackoffEvent) -> None:
        super().__init__()
        self.event = event


class BackoffCleared(Message):
    """A request went through after a backoff."""


class WorklogSaved(Message):
    """A worklog was added or changed in Jira; grids showing its day should refresh."""

    def __init__(self, worklog: Worklog) -> None:
        super().__init__()
        self.worklog = worklog


class WritesInFlight(Message):
    """The number of writes under way changed by `delta`."""

    def __init__(self, delta: int) -> None:
        super().__init__()
        self.delta = delta
