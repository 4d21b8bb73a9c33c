"""What a worklog backend can do, declared once by each adapter and read instead of `flavor`.

The services and the UI ask these (which estimate choices to offer, whether a comment is rich
text, whether there is a change feed to sync from) rather than which product they talk to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tuiws.domain.models import AdjustMode, WriteVerb

__all__ = ["Capabilities", "CommentFormat", "StartedKind"]

CommentFormat = Literal["adf", "wiki", "plain"]
"""adf: rich text as an Atlassian Document; wiki: a string in Jira's wiki markup (read as
text for display); plain: a string."""
StartedKind = Literal["instant", "local"]
"""instant: `started` carries its offset; local: a date and a wall-clock time, no zone."""

_ALL_MODES: tuple[AdjustMode, ...] = ("auto", "leave", "new", "manual")


@dataclass(frozen=True)
class Capabilities:
    name: str
    """The adapter's registry name ("jira"): part of the cache's identity."""
    label: str
    """How the status bar names the backend ("cloud", "server")."""
    comment_format: CommentFormat = "plain"
    adjust_on_add: tuple[AdjustMode, ...] = _ALL_MODES
    adjust_on_update: tuple[AdjustMode, ...] = ("auto", "leave", "new")
    adjust_on_delete: tuple[AdjustMode, ...] = _ALL_MODES
    move_on_edit: bool = False
    """An edit may move the worklog to another issue."""
    move_by_recreate: bool = False
    """Where an edit cannot move a worklog, the editor may offer to log it again on the other
    issue and delete the original (asked first: the worklog gets a new id)."""
    billable_seconds: bool = False
    work_attributes: bool = False
    tags: bool = False
    change_feed: bool = False
    """The backend has a feed of changed and deleted worklogs (`WorklogBackend.changes`)."""
    required_hours: bool = False
    """The backend says how many hours each person should log a day."""
    locked_periods: bool = False
    """Approvals or closed periods can refuse writes to a day."""
    started: StartedKind = "instant"
    start_step_seconds: int = 1
    """The precision a stored start keeps (Everit: 60, `HH:mm`): a draft is cut to it when
    checked, so the journal and the read-back hold what the backend will store."""

    def adjust_choices(self, verb: WriteVerb) -> tuple[AdjustMode, ...]:
        """The `adjustEstimate` choices a write of `verb` may use, in the order to offer them."""
        if verb == "add":
            return self.adjust_on_add
        if verb == "update":
            return self.adjust_on_update
        return self.adjust_on_delete
