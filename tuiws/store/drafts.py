"""Unsaved worklog editors on disk, so a crash or a dropped SSH session loses nothing.

A draft keeps exactly what the user typed, as raw strings, valid or not: the editor writes one
on every change and removes it only after a successful save or an explicit discard. Each draft
is one small JSON file named after its key, written atomically (temporary file in the same
directory, then `os.replace`) with mode 0600, since comments can be private. A file that cannot
be read back is treated as absent: reading drafts never stops the app from starting.

Keys come from `draft_key`: `edit-<ISSUE>-<worklog id>` for a change to an existing worklog,
`new-<ISSUE>` (or `new` with no issue yet) for a new one. They are derived from the draft's own
contents, so an editor reopened from a draft computes the same key again.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tuiws.store.draft_store import DraftStore

__all__ = ["DraftStore", "EditorDraft", "draft_key", "parse_draft"]

# The store itself lives apart, free of pydantic, so the app can hold one before its first
# frame; it is re-exported here with the model it stores.

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def _now() -> datetime:
    return datetime.now(UTC)


class EditorDraft(BaseModel):
    """The editor's fields exactly as typed; nothing here has been validated."""

    model_config = ConfigDict(extra="ignore")

    issue_key: str
    date: str
    start: str
    duration: str
    comment: str
    adjust_mode: str = "auto"
    adjust_value: str = ""
    worklog_id: str | None = None
    """The worklog being edited; None for a new one."""
    original_comment_adf: dict[str, Any] | None = None
    """The comment as Jira sent it (Cloud ADF), sent back untouched unless edited."""
    comment_touched: bool = False
    billable: str = ""
    """The backend's billable field as typed: Tempo's time (blank: as the time spent), Everit's
    flag ("no" when unticked)."""
    attributes: dict[str, str] = Field(default_factory=dict)
    """Work attribute values by key, as chosen."""
    tags: list[str] | None = None
    """Tag names as chosen (sorted); None: as the worklog has them (none for a new one)."""
    saved_at: datetime = Field(default_factory=_now)

    @field_validator("saved_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        # Old or hand-edited files may carry a naive time; order them as UTC.
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)

    def same_fields(self, other: EditorDraft) -> bool:
        """True when both hold the same typed content (ignoring when they were saved)."""
        return self.model_dump(exclude={"saved_at"}) == other.model_dump(exclude={"saved_at"})


def parse_draft(raw: object) -> EditorDraft | None:
    """The draft a file's JSON `raw` holds, or None when it is not one (a corrupt draft is no
    draft)."""
    try:
        return EditorDraft.model_validate(raw)
    except ValidationError:
        return None


def draft_key(issue_key: str, worklog_id: str | None = None) -> str:
    """The store key for an editor on `issue_key` (as typed), editing `worklog_id` if given."""
    issue = _UNSAFE.sub("_", issue_key.strip().upper()).strip("_")[:60]
    if worklog_id:
        ident = _UNSAFE.sub("_", worklog_id.strip()).strip("_")[:40] or "unknown"
        return f"edit-{issue or 'unknown'}-{ident}"
    return f"new-{issue}" if issue else "new"
