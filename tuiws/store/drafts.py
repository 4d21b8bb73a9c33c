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

import contextlib
import json
import os
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

__all__ = ["DraftStore", "EditorDraft", "draft_key"]

_SUFFIX = ".json"
_TEMP_PREFIX = ".tmp-"
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,119}")
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
# A draft is a few kilobytes; anything far larger is not one of ours.
_MAX_BYTES = 4 * 1024 * 1024


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
    saved_at: datetime = Field(default_factory=_now)

    @field_validator("saved_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        # Old or hand-edited files may carry a naive time; order them as UTC.
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)

    def same_fields(self, other: EditorDraft) -> bool:
        """True when both hold the same typed content (ignoring when they were saved)."""
        return self.model_dump(exclude={"saved_at"}) == other.model_dump(exclude={"saved_at"})


def draft_key(issue_key: str, worklog_id: str | None = None) -> str:
    """The store key for an editor on `issue_key` (as typed), editing `worklog_id` if given."""
    issue = _UNSAFE.sub("_", issue_key.strip().upper()).strip("_")[:60]
    if worklog_id:
        ident = _UNSAFE.sub("_", worklog_id.strip()).strip("_")[:40] or "unknown"
        return f"edit-{issue or 'unknown'}-{ident}"
    return f"new-{issue}" if issue else "new"


class DraftStore:
    """Drafts as `<key>.json` files in `directory` (created on first save, mode 0700)."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        if not _KEY.fullmatch(key):
            raise ValueError(
                f"{key!r} is not a draft key: use letters, digits, '-' and '_' (see draft_key)"
            )
        return self.directory / f"{key}{_SUFFIX}"

    def save(self, key: str, draft: EditorDraft) -> None:
        """Write `draft` under `key`, replacing any older one; a reader never sees half a file."""
        path = self._path(key)
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        data = draft.model_dump_json(indent=2).encode("utf-8")
        # mkstemp creates the file 0600 in the same directory, so os.replace stays atomic.
        fd, temp = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=_SUFFIX, dir=self.directory)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, 0o600)
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise

    def load(self, key: str) -> EditorDraft | None:
        """The draft saved under `key`, or None when there is none or it cannot be read."""
        try:
            path = self._path(key)
        except ValueError:
            return None
        return _read(path)

    def discard(self, key: str) -> None:
        """Forget the draft under `key`; nothing happens when there is none."""
        with contextlib.suppress(FileNotFoundError):
            self._path(key).unlink()

    def pending(self) -> list[tuple[str, EditorDraft]]:
        """Every readable draft with its key, the most recently saved first."""
        try:
            candidates = list(self.directory.iterdir())
        except OSError:
            return []
        found: list[tuple[str, EditorDraft]] = []
        for path in candidates:
            key = path.name.removesuffix(_SUFFIX)
            if not path.name.endswith(_SUFFIX) or not _KEY.fullmatch(key):
                continue
            draft = _read(path)
            if draft is not None:
                found.append((key, draft))
        found.sort(key=lambda item: (item[1].saved_at, item[0]), reverse=True)
        return found


def _read(path: Path) -> EditorDraft | None:
    try:
        if path.stat().st_size > _MAX_BYTES:
            return None
        raw = json.loads(path.read_bytes())
        return EditorDraft.model_validate(raw)
    except (OSError, ValueError, ValidationError, RecursionError):
        # ValueError covers bad JSON and bad UTF-8; a corrupt draft is no draft.
        return None
