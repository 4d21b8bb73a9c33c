"""An edit that changes the issue on a backend that cannot move worklogs (Tempo): the service
refuses it with nothing sent, and re-creates only when asked (add first, then delete)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from tuiws.backends.errors import NotFound
from tuiws.services.session import open_session
from tuiws.services.worklogs import MoveNeedsRecreate, WorklogService

from .test_tempo import MONDAY, checked, draft_on, tempo


async def test_moving_an_entry_is_asked_first_then_re_created() -> None:
    async with tempo() as t:
        service = WorklogService(await open_session(t.directory, t.backend, t.meter))
        draft = draft_on(MONDAY + timedelta(days=2))
        original = await service.add(checked(t, draft))
        moved = replace(draft, issue_key="PLAT-2")
        t.emu.clear_log()
        with pytest.raises(MoveNeedsRecreate) as info:
            await service.update(original, moved)
        assert "delete it on INT-1 and log it again on PLAT-2" in (
            info.value.for_field("issue") or ""
        )
        assert t.emu.writes() == []

        again = await service.recreate(original, moved)
        assert again.issue_key == "PLAT-2" and dict(again.attributes) == draft.attributes
        assert [r.method for r in t.emu.writes()] == ["POST", "DELETE"]
        with pytest.raises(NotFound):
            await service.get("INT-1", original.id)


async def test_the_service_names_the_required_attributes_to_ask_for() -> None:
    async with tempo() as t:
        service = WorklogService(await open_session(t.directory, t.backend, t.meter))
        t.emu.clear_log()
        [ask] = service.attributes_to_ask(draft_on(MONDAY, attributes=None))
        assert (ask.title, ask.kind) == ("Account (_Account_)", "STATIC_LIST")
        assert ask.labels["PLATFORM-CAPEX"] == "Platform (capex)"
        assert service.attributes_to_ask(draft_on(MONDAY)) == []
        assert {a.key for a in service.work_attributes} >= {"_Account_", "_Workcategory_"}
        assert t.emu.requests == []
