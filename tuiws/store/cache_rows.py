"""Rows of the cache file to and from the domain `Worklog`, `Issue` and `User`.

Instants are stored twice: as microseconds since the epoch (to order and select by) and as
the ISO text Jira sent (to rebuild `started` with its offset exactly).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, fields
from datetime import UTC, datetime, timedelta
from typing import Any

from tuiws.domain.models import Issue, User, Worklog

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)
# SQLite allows 32766 bound parameters; stay far below for older builds (999).
_CHUNK = 500


def micros(moment: datetime) -> int:
    if moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no time zone: the cache stores instants")
    return (moment - _EPOCH) // _US


def text_time(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    micros(moment)  # refuses naive times
    return moment.isoformat()


def read_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


SELECT_WORKLOGS = (
    "SELECT w.id, w.issue_id, COALESCE(i.key, w.issue_key), w.author_json, w.started, "
    "w.time_spent_seconds, w.comment_text, w.comment_adf, w.created, w.updated, "
    "w.billable_seconds, w.attributes_json, w.tags_json, w.backend_ids_json "
    "FROM worklogs w LEFT JOIN issues i ON i.id = w.issue_id"
)


def chunks(values: list[str]) -> Iterator[list[str]]:
    for n in range(0, len(values), _CHUNK):
        yield values[n : n + _CHUNK]


_USER_FIELDS = tuple(f.name for f in fields(User))


def user_json(user: User) -> str:
    return json.dumps(asdict(user), ensure_ascii=False)


def user_from_json(text: str) -> User | None:
    """A stored account; None when the text is not one (the cache is only ever a copy)."""
    try:
        raw = json.loads(text)
    except ValueError:
        return None
    if not isinstance(raw, dict):
        return None
    values = {k: raw[k] for k in _USER_FIELDS if k in raw}
    if not all(
        isinstance(v, str) or (v is None and k != "display_name") for k, v in values.items()
    ):
        return None
    return User(**values)


def worklog_row(w: Worklog) -> tuple[Any, ...]:
    return (
        w.id,
        w.issue_id,
        w.issue_key,
        w.author.ident,
        user_json(w.author),
        micros(w.started),
        w.started.isoformat(),
        w.time_spent_seconds,
        w.comment_text,
        json.dumps(w.comment_adf, ensure_ascii=False) if w.comment_adf is not None else None,
        text_time(w.created),
        text_time(w.updated),
        micros(w.updated) if w.updated is not None else None,
        w.billable_seconds,
        json.dumps(dict(w.attributes), ensure_ascii=False) if w.attributes else None,
        json.dumps(list(w.tags), ensure_ascii=False) if w.tags else None,
        json.dumps(dict(w.backend_ids), ensure_ascii=False) if w.backend_ids else None,
    )


def worklog_from_row(row: Sequence[Any]) -> Worklog:
    (wid, issue_id, issue_key, author, started, seconds, text, adf, created, updated) = row[:10]
    billable, attributes, tags, backend_ids = row[10:14]
    return Worklog(
        id=wid,
        issue_id=issue_id,
        issue_key=issue_key,
        author=user_from_json(author) or User(),
        started=datetime.fromisoformat(started),
        time_spent_seconds=seconds,
        comment_text=text,
        comment_adf=json.loads(adf) if adf is not None else None,
        created=read_time(created),
        updated=read_time(updated),
        billable_seconds=billable,
        attributes=_strings(attributes),
        tags=tuple(t for t in _loaded(tags, list) if isinstance(t, str)),
        backend_ids=_strings(backend_ids),
    )


def _loaded(text: str | None, kind: type[Any]) -> Any:
    """The JSON in a backend column, or an empty `kind` when there is none (or it is junk:
    the cache is only ever a copy)."""
    if not text:
        return kind()
    try:
        value = json.loads(text)
    except ValueError:
        return kind()
    return value if isinstance(value, kind) else kind()


def _strings(text: str | None) -> dict[str, str]:
    raw = _loaded(text, dict)
    return {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, str)}


def issue_from_row(row: Sequence[Any]) -> Issue:
    (iid, key, summary, status, project, original, remaining, spent) = row
    return Issue(
        id=iid,
        key=key,
        summary=summary,
        status=status,
        project_key=project,
        original_estimate_seconds=original,
        remaining_estimate_seconds=remaining,
        time_spent_seconds=spent,
    )
