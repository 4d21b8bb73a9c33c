"""A Jira emulator on loopback: Cloud (REST v3 + v2) or Server/DC (v2), with a seeded demo team.

It powers the demo mode and every network test::

    with JiraEmulator("cloud") as jira:
        httpx.get(f"{jira.url}/rest/api/3/myself", auth=(DEMO.email, DEMO.api_token))
"""

from __future__ import annotations

from .credentials import DEMO, DemoCredentials
from .limits import Budget
from .models import Issue, JiraError, Project, User, Worklog
from .seed import KEYS, SeedKeys
from .server import MAX_BODY, JiraEmulator, RecordedRequest
from .state import Adjustment, EmulatorState

__all__ = [
    "DEMO",
    "KEYS",
    "MAX_BODY",
    "Adjustment",
    "Budget",
    "DemoCredentials",
    "EmulatorState",
    "Issue",
    "JiraEmulator",
    "JiraError",
    "Project",
    "RecordedRequest",
    "SeedKeys",
    "User",
    "Worklog",
]
