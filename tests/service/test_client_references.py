"""Defence in depth: the client itself refuses to build a path from an id or key that is not
one, whoever calls it (the app, a service, a future command), and sends nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from tests.conftest import Harness, make_client
from tuiws.backends import errors
from tuiws.backends.jira.client import JiraClient
from tuiws.emulator.seed import MEETINGS

Call = Callable[[JiraClient], Awaitable[object]]
BODY = {"started": "2025-03-12T09:00:00.000+0100", "timeSpentSeconds": 60}

CALLS: dict[str, Call] = {
    "worklog": lambda c: c.worklog(MEETINGS, "200060/../200061"),
    "update": lambda c: c.update_worklog(MEETINGS, "200060\n", BODY, {}),
    "delete": lambda c: c.delete_worklog(MEETINGS, "1?x=2", {}),
    "add": lambda c: c.add_worklog("INT-1?a=b", BODY, {}),
    "list": lambda c: c.issue_worklogs("../../../myself"),
    "issue": lambda c: c.issue("INT-1/../INT-2", ["summary"]),
    "delete on a bad key": lambda c: c.delete_worklog("INT-1#", "5", {}),
}


@pytest.mark.parametrize("name", list(CALLS))
async def test_the_client_builds_no_path_from_a_bad_reference(harness: Harness, name: str) -> None:
    async with make_client(harness) as client:
        harness.emulator.clear_log()
        with pytest.raises(errors.BadReference, match="is not a"):
            await CALLS[name](client)
    assert harness.emulator.requests == []


async def test_good_references_still_work(harness: Harness) -> None:
    async with make_client(harness) as client:
        worklogs = await client.issue_worklogs(MEETINGS)
        assert worklogs
        one = await client.worklog(MEETINGS.lower(), str(worklogs[0].id))
        assert one.id == worklogs[0].id
