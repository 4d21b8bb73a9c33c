"""Writing a grid to a file: the format follows the file's extension."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from tuiws.domain.render import WeekFormat

FORMATS: dict[str, WeekFormat] = {
    ".csv": "csv",
    ".json": "json",
    ".md": "md",
    ".txt": "table",
}


class ExportError(ValueError):
    """The chosen file cannot be written; the message says why and what to do."""


def export_format(path: Path) -> WeekFormat:
    """`week.csv` → csv, `.json`, `.md`, `.txt` (a plain table); anything else is refused."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(FORMATS)
        raise ExportError(f"{path.name}: end the name with one of {known} to pick the format")
    return fmt


def default_export_path(kind: str, start: date, folder: Path | None = None) -> Path:
    """`~/tuiws-week-2026-11-23.csv`: the home folder is where people look first."""
    return (folder or Path.home()) / f"tuiws-{kind}-{start.isoformat()}.csv"


def write_export(path: Path, text: str) -> Path:
    """Write `text` to `path` (`~` expanded, folders made); the path written is returned."""
    target = path.expanduser()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written beside the target then renamed: a failed export never leaves half a file.
        partial = target.with_name(f".{target.name}.partial")
        partial.write_text(text + "\n", encoding="utf-8")
        os.replace(partial, target)
    except OSError as exc:
        raise ExportError(f"could not write {target}: {exc.strerror or exc}") from exc
    return target
