"""`tuiws` with a configuration: the first frame is the cache's week, drawn before pydantic
loads from the facts an earlier start recorded when it validated this same file; the
configuration is validated after it, and a refusal closes the app with the reason. A file not
validated as it is now is validated before any screen.

The Jira is the emulator over real HTTP; the command runs for real on a pty where the test
needs the terminal check and the process's own output.
"""

from __future__ import annotations

import asyncio
import os
import pty
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Label

from tests.ui.app_harness import until
from tuiws.app.config_check import configured_start, facts_record
from tuiws.app.demo import demo_profile
from tuiws.app.launch import make_configured_app
from tuiws.app.startup import CannotStart
from tuiws.config.start_facts import StartFacts, facts_key, record_facts
from tuiws.emulator import DEMO, JiraEmulator

SIZE = (80, 24)
PROFILE = "work"
TOO_LONG_A_DAY = "hours_per_day = 30\n"  # line 6 of the profile; the validator allows 24


def write_config(folder: Path, url: str, *, extra: str = "", worklogs: str = "jira") -> Path:
    path = folder / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (
        f'[profiles.{PROFILE}]\nurl = "{url}"\nflavor = "cloud"\nemail = "{DEMO.email}"\n'
        f'token_env = "JIRA_TOKEN"\n{extra}'
    )
    if worklogs == "tempo":
        text += (
            f'worklogs = "tempo"\n[profiles.{PROFILE}.tempo]\nurl = "{url}/tempo/4"\n'
            'token_env = "TEMPO_TOKEN"\n'
        )
    path.write_text(text)
    return path


def environment(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUIWS_")}
    env.update(
        TUIWS_CONFIG_DIR=str(folder / "config"),
        TUIWS_DATA_DIR=str(folder / "data"),
        JIRA_TOKEN=DEMO.api_token,
        TEMPO_TOKEN=DEMO.tempo_token,
    )
    return env


async def synced(emu: JiraEmulator, data: Path, worklogs: str = "jira") -> None:
    """The profile's cache under `data`, filled by a sync as the app leaves it."""
    from tuiws.factory import build_connection, connect
    from tuiws.services.sync import SyncService
    from tuiws.store.cache import WorklogCache

    profile = demo_profile(emu, worklogs=worklogs)
    async with build_connection(profile) as client:
        session = await connect(client, profile)
        with WorklogCache.for_profile(PROFILE, data / "cache") as cache:
            await SyncService(session, cache).sync()


def recorded(path: Path, env: dict[str, str], data: Path) -> StartFacts:
    """The facts a second `tuiws` finds: the first validated the file and recorded them."""
    configured_start(path, env, None, data)
    facts, validated = configured_start(path, env, None, data)
    assert validated is None, "recorded: the second start validates only after its frame"
    return facts


@pytest.fixture
def emu() -> Iterator[JiraEmulator]:
    with JiraEmulator("cloud") as running:
        yield running


@pytest.mark.slow
@pytest.mark.parametrize("worklogs", ["jira", "tempo"])
async def test_the_first_frame_is_the_caches_week_then_jiras(
    emu: JiraEmulator, tmp_path: Path, worklogs: str
) -> None:
    """Whichever backend keeps the worklogs: a Tempo profile's cache is Tempo's (its sync
    bound it so), and its first frame is that cache's week too."""
    path = write_config(tmp_path, emu.url, worklogs=worklogs)
    env = environment(tmp_path)
    await synced(emu, tmp_path / "data", worklogs)
    emu.latency_ms = 500  # Jira answers late: what shows first must be the cache's
    facts = recorded(path, env, tmp_path / "data")
    assert facts.profile == PROFILE and facts.worklogs == worklogs
    app = make_configured_app(facts, config_path=path, environ=env, data_dir=tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        home = app.home
        # On mount, before any worker ran: the grid already holds the cache's week, and its
        # cells can be worked on before Jira answers (the cache's own reader drew it).
        assert home.grid.week is not None and home.grid.week.lines
        assert home.status.from_cache and "cached" in home.status.plain
        assert app.session is None
        assert home.week is not None and home.week.view() == home.grid.week
        assert "zone Europe/Berlin" in str(home.query_one("#zone-label", Label).render())
        first = home.grid.week
        # Then Jira's week, the same one.
        await until(
            pilot, lambda: app.session is not None and not home.status.from_cache, timeout=20
        )
        await until(pilot, lambda: not home.status.loading, timeout=20)
        # The same week, now with each day's required hours (hours per day, or Tempo's
        # schedule, whose workdays are 8 hours too) and Tempo's locks.
        assert home.grid.week == replace(
            first, required=home.grid.week.required, locked=home.grid.week.locked
        )
        assert home.grid.week.required[first.start] == 8 * 3600
        assert home.team is None  # validated: no [teams] configured


async def test_a_configuration_the_validator_refuses_after_the_first_frame_closes_the_app(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    """The facts were recorded for this file; its token variable is gone since (the
    environment's tokens are not in their key): the validation after the first frame refuses,
    the app closes and no Jira is asked."""
    path = write_config(tmp_path, emu.url)
    env = environment(tmp_path)
    facts = recorded(path, env, tmp_path / "data")
    del env["JIRA_TOKEN"]
    app = make_configured_app(facts, config_path=path, environ=env, data_dir=tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.refused is not None)
    assert app.return_code == 2
    assert app.refused is not None and "JIRA_TOKEN" in app.refused
    assert emu.requests == []


def test_a_file_not_validated_as_it_is_is_validated_before_any_screen(tmp_path: Path) -> None:
    path = write_config(tmp_path, "https://example.atlassian.net", extra=TOO_LONG_A_DAY)
    env, data = environment(tmp_path), tmp_path / "data"
    with pytest.raises(CannotStart, match="line 6") as refused:
        configured_start(path, env, None, data)
    assert "hours_per_day" in str(refused.value)
    assert not facts_record(data).exists(), "nothing recorded for a refused file"
    path.write_text(path.read_text().replace(TOO_LONG_A_DAY, 'week_start = "sunday"\n'))
    facts, validated = configured_start(path, env, None, data)  # edited: validated again
    assert validated is not None and facts.first_weekday == 6
    assert configured_start(path, env, None, data) == (facts, None)
    # Another profile, Jira or zone from the environment is another start: validated first.
    assert configured_start(path, {**env, "TUIWS_TZ": "Asia/Tokyo"}, None, data)[1] is not None


async def test_facts_that_do_not_match_the_validated_file_close_the_app_and_are_put_right(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    path = write_config(tmp_path, emu.url)
    env, data = environment(tmp_path), tmp_path / "data"
    facts = recorded(path, env, data)
    wrong = StartFacts(PROFILE, "https://elsewhere.example", 0, None, facts.ui)
    record_facts(facts_record(data), facts_key(path.read_bytes(), env, None), wrong)
    app = make_configured_app(wrong, config_path=path, environ=env, data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.refused is not None)
    assert app.refused is not None and "changed while tuiws started" in app.refused
    assert emu.requests == []
    assert configured_start(path, env, None, data) == (facts, None)


async def test_a_cache_of_another_jira_is_not_shown(emu: JiraEmulator, tmp_path: Path) -> None:
    """The profile now points elsewhere: its cache holds the old site's week, so the first
    frame waits for the new one (whose first sync empties the cache)."""
    await synced(emu, tmp_path / "data")
    with JiraEmulator("cloud") as other:
        path = write_config(tmp_path, other.url)
        env = environment(tmp_path)
        facts = recorded(path, env, tmp_path / "data")
        assert facts.url == other.url
        app = make_configured_app(facts, config_path=path, environ=env, data_dir=tmp_path / "data")
        async with app.run_test(size=SIZE) as pilot:
            assert app.home.grid.week is None and not app.home.status.from_cache
            await until(pilot, lambda: app.session is not None, timeout=20)
            await until(pilot, lambda: app.home.grid.week is not None, timeout=20)
            assert not app.home.status.from_cache


async def test_the_team_comes_from_the_validated_configuration(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    path = write_config(
        tmp_path,
        emu.url,
        extra='[teams.platform]\nmembers = ["a", "b"]\n[teams.ops]\ngroup = "g"\n',
    )
    env = environment(tmp_path)
    facts = recorded(path, env, tmp_path / "data")
    app = make_configured_app(facts, config_path=path, environ=env, data_dir=tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.session is not None, timeout=20)
        assert app.home.team is not None and app.home.team.name == "ops"  # first by name


# -- the real command, on a pty ------------------------------------------------------------------

FIRST_FRAME = textwrap.dedent(
    """
    import sys
    from tuiws.app.app import TuiwsApp
    from tuiws.entry import main

    HEAVY = ("pydantic", "httpx", "tuiws.config.models", "tuiws.services.weeks")
    run = TuiwsApp.run

    def first_frame_run(app, *args, **kwargs):
        def after_display():
            grid = app.home.grid
            if app.home.is_mounted and grid.week is not None and app.home.status.from_cache:
                loaded = [m for m in HEAVY if m in sys.modules]
                print("FIRST", grid.week.total_seconds, ",".join(loaded) or "-", file=sys.stderr)
                app.exit()
        app.post_display_hook = after_display
        run(app, headless=True, size=(80, 24))

    TuiwsApp.run = first_frame_run
    sys.exit(main(sys.argv[1:]))
    """
)


def tuiws_on_a_pty(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    leader, follower = pty.openpty()
    try:
        return subprocess.run(
            [sys.executable, "-c", FIRST_FRAME, *args],
            stdin=subprocess.DEVNULL,
            stdout=follower,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=60,
        )
    finally:
        os.close(follower)
        os.close(leader)


def test_tuiws_draws_the_cached_grid_before_pydantic_or_httpx_load(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    """The first start validates the new file before its frame; the next draws the cached
    grid from the facts the first recorded, before any validating or HTTP library loads."""
    write_config(tmp_path, emu.url)
    asyncio.run(synced(emu, tmp_path / "data"))
    frames = []
    for latency in (0, 3000):  # the second: Jira answers late, what shows first is the cache's
        emu.latency_ms = latency
        done = tuiws_on_a_pty(environment(tmp_path))
        assert done.returncode == 0, done.stderr
        first = [line.split() for line in done.stderr.splitlines() if line.startswith("FIRST")]
        assert first and int(first[0][1]) > 0, done.stderr
        frames.append(first[0][2])
    assert "pydantic" in frames[0], "the first start validated the file before its frame"
    assert frames[1] == "-", f"loaded before the first frame: {frames[1]}"


def test_a_refused_configuration_is_explained_and_nothing_is_written(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    write_config(tmp_path, emu.url, extra=TOO_LONG_A_DAY)
    done = tuiws_on_a_pty(environment(tmp_path))
    assert done.returncode == 2
    assert "tuiws: " in done.stderr and "hours_per_day" in done.stderr
    assert "Nothing was written." in done.stderr
    assert DEMO.api_token not in done.stderr
    assert emu.requests == []


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[profiles.work\n", "line 1"),
        ('[profiles.work]\nurl = "ftp://jira.example.com"\n', "https://"),
    ],
    ids=["not toml", "ftp url"],
)
def test_a_file_that_cannot_be_read_is_explained_before_any_screen(
    tmp_path: Path, text: str, said: str
) -> None:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(text)
    done = tuiws_on_a_pty(environment(tmp_path))
    assert done.returncode == 2
    assert "config.toml" in done.stderr and said in done.stderr
    assert "FIRST" not in done.stderr


def test_only_a_profile_option_takes_the_fast_path() -> None:
    from tuiws.entry import _only_profile_option

    assert _only_profile_option([]) == (None,)
    assert _only_profile_option(["--profile", "work"]) == ("work",)
    assert _only_profile_option(["--profile=work"]) == ("work",)
    assert _only_profile_option(["week"]) is None
    assert _only_profile_option(["--profile", "work", "week"]) is None
    assert _only_profile_option(["--profile", "--help"]) is None


async def test_the_palette_switches_to_another_profile(emu: JiraEmulator, tmp_path: Path) -> None:
    from textual.widgets import OptionList

    from tuiws.app.launch import switched_app
    from tuiws.app.screens.dialogs import PickProfileScreen

    other = (
        f'[profiles.home]\nurl = "{emu.url}"\nflavor = "cloud"\nemail = "{DEMO.email}"\n'
        'token_env = "JIRA_TOKEN"\n'
    )
    path = write_config(tmp_path, emu.url)
    path.write_text(f'default_profile = "{PROFILE}"\n' + path.read_text() + other)
    env = environment(tmp_path)
    facts = recorded(path, env, tmp_path / "data")
    assert facts.profile == PROFILE
    app = make_configured_app(facts, config_path=path, environ=env, data_dir=tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.session is not None)
        assert app.profiles == ["home", PROFILE]
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Switch profile" in titles
        app.choose_profile()
        await until(pilot, lambda: isinstance(app.screen, PickProfileScreen))
        options = app.screen.query_one(OptionList)
        assert options.highlighted == 0  # the other profile, not the one open now
        await pilot.press("enter")
        await until(pilot, lambda: app.switch_to == "home")
    assert app.switch_to == "home"
    again = switched_app("home", env, path, tmp_path / "data")
    assert again is not None and again.profile_name == "home"
    async with again.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: again.session is not None)


async def test_a_timer_the_shell_started_shows_before_jira_answers(
    emu: JiraEmulator, tmp_path: Path
) -> None:
    """The timer is read after the first frame (its modules load then), before any answer."""
    from tuiws.app.launch import timer_service

    path = write_config(tmp_path, emu.url)
    env = environment(tmp_path)
    facts = recorded(path, env, tmp_path / "data")
    timer_service(PROFILE, tmp_path / "data" / "timers", None).start("INT-2")
    emu.latency_ms = 1500
    app = make_configured_app(facts, config_path=path, environ=env, data_dir=tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.home.status.running is not None)
        running = app.home.status.running
        assert running is not None and running.issue_key == "INT-2"
        assert app.session is None, "before Jira answered"
