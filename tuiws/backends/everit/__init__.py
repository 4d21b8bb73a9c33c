"""Everit Timetracker's public Cloud API as a worklog backend, beside Jira's directory."""

from __future__ import annotations

from tuiws.backends.everit.connection import EveritConnection, connection
from tuiws.backends.everit.worklogs import EVERIT, EveritWorklogs

__all__ = ["EVERIT", "EveritConnection", "EveritWorklogs", "connection"]
