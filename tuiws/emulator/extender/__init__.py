"""The "Worklog extender" Jira Server/DC plugin on the emulator: read-only worklog lists under
`{emulator.url}/rest/extender/1.0`, signed in as to Jira."""

from __future__ import annotations

from .api import BASE_PATH, SERVER_ZONE

__all__ = ["BASE_PATH", "SERVER_ZONE"]
