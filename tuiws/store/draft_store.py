"""Where unsaved editors live on disk: one JSON file per draft (see `tuiws.store.drafts`).

This module needs no pydantic: the app builds its store before its first frame, and the model
(`EditorDraft`) loads when a draft is first written or read.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from tuiws import store

if TYPE_CHECKING:
    from tuiws.store.drafts import EditorDraft

__all__ = ["DraftStore"]

_SUFFIX = ".json"
_TEMP_PREFIX = ".tmp-"
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,119}")
# A draft is a few kilobytes; anything far larger is not one of ours.
_MAX_BYTES = 4 * 1024 * 1024


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
        # The model (and pydantic) loads with the first draft read, after the first frame.
        return store.drafts.parse_draft(raw)
    except (OSError, ValueError, RecursionError):
        # ValueError covers bad JSON and bad UTF-8; a corrupt draft is no draft.
        return None
