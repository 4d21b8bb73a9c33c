"""Everit Timetracker's public Cloud API on the emulator, over the Jira worklogs:
`{emulator.url}/timetracker/api/latest/public` with `DEMO.everit_api_key`."""

from __future__ import annotations

from .store import BASE_PATH, EveritExtra, EveritStore, Tag, everit_store

__all__ = ["BASE_PATH", "EveritExtra", "EveritStore", "Tag", "everit_store"]
