"""The first-run setup service against the emulator over real HTTP, on both flavors."""

from __future__ import annotations

import stat
import sys
import time
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiws.config import Secret, load_config, resolve_profile
from tuiws.domain.models import Flavor
from tuiws.emulator import DEMO, JiraEmulator
from tuiws.factory import build_connection
from tuiws.services.setup import (
    AnswerRefused,
    Answers,
    ConfigExists,
    FirstRunSetup,
    SetupError,
    check_login,
    render_config,
    site_url,
    token_source,
    toml_string,
    typed_token,
)


def token_of(flavor: str) -> str:
    return DEMO.api_token if flavor == "cloud" else DEMO.pat


def login_of(flavor: str) -> str:
    return DEMO.email if flavor == "cloud" else DEMO.username


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "config.toml"


async def test_detect_names_the_flavor_from_the_anonymous_server_info(
    emulator: JiraEmulator, flavor: str, config_path: Path
) -> None:
    site = await FirstRunSetup(config_path, {}, build_connection).detect(emulator.url + "/")
    assert site.url == emulator.url
    assert site.flavor is (Flavor.CLOUD if flavor == "cloud" else Flavor.SERVER)
    assert site.login_label == ("email" if flavor == "cloud" else "username")
    assert site.version and site.version in site.describe()
    # Nothing was signed: serverInfo answers anonymously.
    assert [(r.path, "authorization" in r.headers) for r in emulator.requests] == [
        ("/rest/api/2/serverInfo", False)
    ]


async def test_a_typed_token_is_checked_then_written_0600_beside_a_0600_config(
    emulator: JiraEmulator, flavor: str, config_path: Path
) -> None:
    setup = FirstRunSetup(config_path, {}, build_connection)
    site = await setup.detect(emulator.url)
    token_file = setup.default_token_file("work")
    answers = Answers("work", site, login_of(flavor), token_source("file", str(token_file)))
    typed = Secret(token_of(flavor))

    signed_in = await setup.check(answers, typed)
    assert signed_in.display_name == "Dana Reyes"
    assert "Dana Reyes" in signed_in.describe()
    assert not config_path.exists() and not token_file.exists()  # the check writes nothing

    written = setup.write(answers, typed)
    assert written.config == config_path and written.token_file == token_file
    assert mode(config_path) == 0o600 and mode(token_file) == 0o600
    assert token_file.read_text() == token_of(flavor) + "\n"
    assert token_of(flavor) not in config_path.read_text()

    # What every command reads: the loader accepts it and the token comes from the file.
    profile = resolve_profile(load_config(config_path), {})
    assert profile.name == "work" and profile.url == emulator.url
    assert profile.token.reveal() == token_of(flavor)
    assert profile.flavor is site.flavor


async def test_a_wrong_token_is_reported_and_nothing_is_written(
    emulator: JiraEmulator, flavor: str, config_path: Path
) -> None:
    setup = FirstRunSetup(config_path, {"JIRA_API_TOKEN": "not-the-token"}, build_connection)
    site = await setup.detect(emulator.url)
    answers = Answers("default", site, login_of(flavor), token_source("env", "JIRA_API_TOKEN"))
    with pytest.raises(SetupError, match="did not accept the token") as caught:
        await setup.check(answers)
    assert not isinstance(caught.value, AnswerRefused)  # Jira refused, not the answers
    assert "not-the-token" not in str(caught.value)
    assert not config_path.parent.exists()


async def test_an_environment_variable_is_named_in_the_config_and_read_from_the_environment(
    emulator: JiraEmulator, flavor: str, config_path: Path
) -> None:
    env = {"MY_JIRA": token_of(flavor)}
    setup = FirstRunSetup(config_path, env, build_connection)
    site = await setup.detect(emulator.url)
    answers = Answers("default", site, login_of(flavor), token_source("env", "MY_JIRA"))
    await setup.check(answers)
    setup.write(answers)
    text = config_path.read_text()
    assert 'token_env = "MY_JIRA"' in text and token_of(flavor) not in text
    assert resolve_profile(load_config(config_path), env).token.reveal() == token_of(flavor)


async def test_an_unset_variable_is_an_answer_to_change(
    emulator: JiraEmulator, config_path: Path
) -> None:
    setup = FirstRunSetup(config_path, {}, build_connection)
    site = await setup.detect(emulator.url)
    answers = Answers("default", site, login_of(emulator.flavor), token_source("env", "UNSET_VAR"))
    with pytest.raises(AnswerRefused, match="UNSET_VAR"):
        await setup.check(answers)
    assert not config_path.exists()


@pytest.mark.parametrize("flavor", ["server"])
async def test_a_token_command_signs_in(emulator: JiraEmulator, config_path: Path) -> None:
    command = f"{sys.executable} -c \"print('{DEMO.pat}')\""
    setup = FirstRunSetup(config_path, {}, build_connection)
    site = await setup.detect(emulator.url)
    answers = Answers("default", site, DEMO.username, token_source("command", command))
    assert (await setup.check(answers)).display_name == "Dana Reyes"
    setup.write(answers)
    assert resolve_profile(load_config(config_path), {}).token.reveal() == DEMO.pat


@pytest.mark.parametrize("flavor", ["server"])
async def test_a_server_token_of_someone_else_is_refused(
    emulator: JiraEmulator, config_path: Path
) -> None:
    setup = FirstRunSetup(config_path, {}, build_connection)
    site = await setup.detect(emulator.url)
    answers = Answers("default", site, "someone", token_source("file", "/unused"))
    with pytest.raises(SetupError, match="signs in as Dana Reyes"):
        await setup.check(answers, Secret(DEMO.pat))


async def test_an_unreachable_jira_is_reported(config_path: Path) -> None:
    with JiraEmulator("cloud") as gone:
        url = gone.url
    began = time.monotonic()
    with pytest.raises(SetupError, match="cannot reach Jira"):
        await FirstRunSetup(config_path, {}, build_connection).detect(url)
    # The URL was just typed: the answer comes in seconds, not after a minute of retries.
    assert time.monotonic() - began < 15


@pytest.mark.parametrize("flavor", ["cloud"])
async def test_an_existing_config_is_replaced_only_when_forced(
    emulator: JiraEmulator, config_path: Path
) -> None:
    config_path.parent.mkdir()
    config_path.write_text("# mine\n")
    setup = FirstRunSetup(config_path, {}, build_connection)
    assert setup.existing() == config_path
    site = await setup.detect(emulator.url)
    answers = Answers("default", site, DEMO.email, token_source("env", "JIRA_API_TOKEN"))
    with pytest.raises(ConfigExists):
        setup.write(answers)
    assert config_path.read_text() == "# mine\n"
    setup.write(answers, force=True)
    assert "[profiles.default]" in config_path.read_text()
    assert mode(config_path) == 0o600


def test_answers_are_checked_before_anything_is_sent() -> None:
    assert site_url("example.atlassian.net/") == "https://example.atlassian.net"
    with pytest.raises(AnswerRefused, match="unencrypted"):
        site_url("http://jira.example.com")
    pasted = "ATATT3xFfGF0-secret-token=ABC"
    with pytest.raises(AnswerRefused) as caught:
        token_source("env", pasted)  # the token typed where its variable's name goes
    assert pasted not in str(caught.value)
    with pytest.raises(AnswerRefused, match="unclosed quote"):
        token_source("command", "pass show 'jira")
    assert typed_token(f"  {pasted}\n", source="t").reveal() == pasted
    for bad in ("", "two words", f"{pasted}\n{pasted}", "tök"):
        with pytest.raises(AnswerRefused) as caught:
            typed_token(bad, source="t")
        assert not bad.strip() or bad.strip() not in str(caught.value)


@pytest.mark.parametrize("flavor", ["cloud"])
async def test_a_cloud_login_must_be_an_email(emulator: JiraEmulator, config_path: Path) -> None:
    site = await FirstRunSetup(config_path, {}, build_connection).detect(emulator.url)
    with pytest.raises(AnswerRefused, match="email"):
        check_login(site, "dreyes")
    assert check_login(site, " dana@example.com ") == "dana@example.com"


@given(st.text())
def test_toml_strings_read_back_as_written(value: str) -> None:
    assert tomllib.loads(f"key = {toml_string(value)}") == {"key": value}


@pytest.mark.parametrize("flavor", ["server"])
async def test_the_rendered_config_holds_the_answers_and_no_token(
    emulator: JiraEmulator, config_path: Path
) -> None:
    site = await FirstRunSetup(config_path, {}, build_connection).detect(emulator.url)
    answers = Answers("on-prem_1", site, DEMO.username, token_source("command", 'pass "jira"'))
    data = tomllib.loads(render_config(answers))
    assert data == {
        "default_profile": "on-prem_1",
        "profiles": {
            "on-prem_1": {
                "url": emulator.url,
                "flavor": "server",
                "email": DEMO.username,
                "token_command": 'pass "jira"',
            }
        },
    }
