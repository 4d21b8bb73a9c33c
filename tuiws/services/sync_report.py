"""What a sync says while it runs (`SyncProgress`) and when it is done (`SyncReport`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Literal

SyncMode = Literal["initial", "incremental", "window"]
"""initial: first fill by a window pull; incremental: the worklog feeds; window: a window pull
because this Jira has no usable `worklog/updated` feed."""


@dataclass(frozen=True)
class SyncProgress:
    stage: str
    """e.g. "updated feed", "deleted feed", "window search", "issue worklogs"."""
    page: int | None
    worklogs: int
    """Worklogs stored (or removed, on the deleted feed) so far in this sync."""

    def describe(self) -> str:
        where = f"{self.stage} page {self.page}" if self.page is not None else self.stage
        noun = "worklog" if self.worklogs == 1 else "worklogs"
        return f"sync · {where} · {self.worklogs:,} {noun}"


ProgressCallback = Callable[[SyncProgress], None]


@dataclass(frozen=True)
class SyncReport:
    mode: SyncMode
    updated: int
    """Worklogs written to the cache (new or changed)."""
    deleted: int
    """Cached worklogs removed because Jira no longer has them."""
    issues_fetched: int
    requests: int
    duration: float
    """Seconds, wall clock."""
    window_weeks: int | None = None
    """Weeks before the current one that a window pull covered (None: no window pull)."""
    fallback_reason: str | None = None
    """Why the feeds could not be used (window mode only)."""
    reset: bool = False
    """The cache held another site's or account's data and was emptied first."""

    def mode_text(self) -> str:
        if self.mode == "incremental":
            return "incremental"
        n = self.window_weeks
        weeks = "window" if n is None else f"{n} week{'' if n == 1 else 's'} back"
        if self.mode == "initial":
            return f"initial fill ({weeks})"
        return f"window pull ({weeks}; {self.fallback_reason or 'no usable worklog feed'})"

    def summary(self) -> str:
        issues = "issue" if self.issues_fetched == 1 else "issues"
        return (
            f"synced · {self.mode_text()} · {self.updated:,} updated · {self.deleted:,} deleted"
            f" · {self.issues_fetched:,} {issues} fetched · {self.requests:,} requests"
            f" · {self.duration:.1f} s"
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
