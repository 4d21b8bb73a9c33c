"""`retry_budget_seconds`: the profile's wait budget reaches the client the factory builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuiws.backends.jira.connection import JiraConnection
from tuiws.config import Config, ConfigError, load_config, resolve_profile
from tuiws.factory import build_connection

ENV = {"TUIWS_TOKEN": "t0ken-for-tests", "TUIWS_EMAIL": "me@example.com"}


def config_with(tmp_path: Path, line: str) -> Path:
    path = tmp_path / "config.toml"
    text = f'[profiles.work]\nurl = "https://example.atlassian.net"\nflavor = "cloud"\n{line}\n'
    path.write_text(text, encoding="utf-8")
    return path


async def test_the_profile_sets_the_wait_budget(tmp_path: Path) -> None:
    profile = resolve_profile(load_config(config_with(tmp_path, "retry_budget_seconds = 5")), ENV)
    assert profile.retry_budget_seconds == 5
    async with build_connection(profile) as connection:
        assert isinstance(connection, JiraConnection)
        retry = connection.client.retry
        assert retry.wait_budget == 5 and retry.max_attempts is None


async def test_a_minute_by_default_also_without_a_file() -> None:
    env = {**ENV, "TUIWS_URL": "https://example.atlassian.net", "TUIWS_FLAVOR": "cloud"}
    profile = resolve_profile(Config(), env)
    assert profile.retry_budget_seconds == 60
    async with build_connection(profile) as connection:
        assert isinstance(connection, JiraConnection)
        assert connection.client.retry.wait_budget == 60


@pytest.mark.parametrize(
    ("value", "expected"),
    [("99999", "less than or equal to 3600"), ("-1", "greater than or equal to 0")],
)
def test_an_unbounded_budget_is_refused_by_line(tmp_path: Path, value: str, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(config_with(tmp_path, f"retry_budget_seconds = {value}"))
    assert f"line 4, profiles.work.retry_budget_seconds: must be {expected}" in str(info.value)
