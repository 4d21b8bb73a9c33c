"""The cache file's tables and how an older file is brought up to `SCHEMA_VERSION`.

Schema 0 (a new file) gets every table; schema 1 knew only Jira, so its identity gains the
backend and the data stays; schema 2 kept only Jira's fields of a worklog, so its rows gain
the backend's own (empty until the next sync fills them).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager

from tuiws.store.cache_files import DEFAULT_BACKEND, SCHEMA_VERSION

SCHEMA = """
CREATE TABLE issues (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    summary TEXT NOT NULL,
    status TEXT,
    project_key TEXT NOT NULL,
    original_estimate_seconds INTEGER,
    remaining_estimate_seconds INTEGER,
    time_spent_seconds INTEGER
);
CREATE INDEX issues_by_key ON issues (key);
CREATE TABLE worklogs (
    id TEXT PRIMARY KEY,
    issue_id TEXT NOT NULL,
    issue_key TEXT,
    author_ident TEXT NOT NULL,
    author_json TEXT NOT NULL,
    started_us INTEGER NOT NULL,
    started TEXT NOT NULL,
    time_spent_seconds INTEGER NOT NULL,
    comment_text TEXT NOT NULL,
    comment_adf TEXT,
    created TEXT,
    updated TEXT,
    updated_us INTEGER,
    billable_seconds INTEGER,
    attributes_json TEXT,
    tags_json TEXT,
    backend_ids_json TEXT
);
CREATE INDEX worklogs_by_author ON worklogs (author_ident, started_us);
CREATE INDEX worklogs_by_start ON worklogs (started_us);
CREATE INDEX worklogs_by_issue ON worklogs (issue_id);
CREATE TABLE cursors (
    feed TEXT PRIMARY KEY,
    since_ms INTEGER NOT NULL
);
CREATE TABLE meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


def migrate(
    db: sqlite3.Connection, transaction: Callable[[], AbstractContextManager[None]]
) -> None:
    """Create or upgrade `db`'s tables in one `transaction()`; a newer file is refused."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version == SCHEMA_VERSION:
        return
    if version > SCHEMA_VERSION:
        raise sqlite3.DatabaseError(
            f"schema version {version} is newer than this tuiws understands ({SCHEMA_VERSION})"
        )
    with transaction():
        if version == 0:  # a new file
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
        if version == 1:
            # Version 1 knew only Jira: its identity gains the backend, the data stays.
            db.execute(
                "UPDATE meta SET value = ? || '|' || value WHERE name = 'identity'",
                (DEFAULT_BACKEND,),
            )
        if version in (1, 2):
            _add_backend_columns(db)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


# What schema 3 added to a worklog row: what Tempo and Everit keep beside Jira's fields.
BACKEND_COLUMNS = (
    ("billable_seconds", "INTEGER"),
    ("attributes_json", "TEXT"),
    ("tags_json", "TEXT"),
    ("backend_ids_json", "TEXT"),
)


def _add_backend_columns(db: sqlite3.Connection) -> None:
    # Only the missing ones: a file whose version was set back by hand may have them already.
    have = {row[1] for row in db.execute("PRAGMA table_info(worklogs)")}
    for name, kind in BACKEND_COLUMNS:
        if name not in have:
            db.execute(f"ALTER TABLE worklogs ADD COLUMN {name} {kind}")
