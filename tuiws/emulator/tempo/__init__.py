"""Tempo Cloud (REST v4 and the retired core/3) on the emulator, over the Jira worklogs:
`{emulator.url}/tempo` stands for `https://api.tempo.io`, with `DEMO.tempo_token`."""

from __future__ import annotations

from .store import (
    APPROVED,
    BASE_PATH,
    IN_REVIEW,
    OPEN,
    RATE_LIMIT,
    SCOPES,
    TempoExtra,
    TempoStore,
    WorkAttribute,
    tempo_store,
)

__all__ = [
    "APPROVED",
    "BASE_PATH",
    "IN_REVIEW",
    "OPEN",
    "RATE_LIMIT",
    "SCOPES",
    "TempoExtra",
    "TempoStore",
    "WorkAttribute",
    "tempo_store",
]
