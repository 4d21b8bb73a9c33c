"""The registry builds a profile's connection without I/O, and what each Jira declares."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.conftest import Harness
from tuiws.app.demo import demo_profile
from tuiws.backends.jira.connection import CLOUD, SERVER, capabilities_for
from tuiws.backends.registry import ADAPTERS, UnknownBackend, connection_for
from tuiws.config import ConfigError
from tuiws.domain.models import Flavor


@pytest.mark.parametrize("flavor", ["server"])
def test_a_worklog_backend_without_an_adapter_is_refused_by_name(harness: Harness) -> None:
    profile = replace(demo_profile(harness.emulator), worklogs="extender")
    with pytest.raises(UnknownBackend, match="worklogs = 'extender' has no adapter") as info:
        connection_for(profile)
    assert isinstance(info.value, ConfigError), "the command line reports it as bad input"
    assert harness.emulator.requests == []


async def test_building_a_connection_sends_nothing_and_opening_it_signs_in(
    harness: Harness,
) -> None:
    profile = demo_profile(harness.emulator)
    connection = connection_for(profile)
    assert harness.emulator.requests == [] and connection.request_count == 0
    async with connection:
        directory, backend = await connection.open()
        me = await directory.myself()
    assert me.display_name == harness.emulator.state.demo_user.display_name
    assert backend.capabilities == capabilities_for(Flavor(harness.emulator.flavor))
    assert directory.site == harness.emulator.url.rstrip("/")
    assert sorted(ADAPTERS) == ["jira"]


def test_cloud_and_server_differ_only_in_what_they_declare() -> None:
    assert (CLOUD.comment_format, SERVER.comment_format) == ("adf", "wiki")
    assert (CLOUD.label, SERVER.label) == ("cloud", "server")
    for caps in (CLOUD, SERVER):
        assert caps.name == "jira" and caps.change_feed
        assert caps.adjust_choices("add") == ("auto", "leave", "new", "manual")
        assert caps.adjust_choices("update") == ("auto", "leave", "new")
        assert caps.adjust_choices("delete") == ("auto", "leave", "new", "manual")
        assert not (caps.move_on_edit or caps.billable_seconds or caps.required_hours)
