"""platformdirs locations and their TUIWS_* overrides."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from tuiws.config import paths

OVERRIDES = ("TUIWS_CONFIG_DIR", "TUIWS_DATA_DIR", "TUIWS_CACHE_DIR", "TUIWS_LOG_DIR")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in OVERRIDES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults_come_from_platformdirs(clean_env: pytest.MonkeyPatch) -> None:
    assert paths.config_dir() == platformdirs.user_config_path("tuiws", appauthor=False)
    assert paths.data_dir() == platformdirs.user_data_path("tuiws", appauthor=False)
    assert paths.cache_dir() == platformdirs.user_cache_path("tuiws", appauthor=False)
    assert paths.log_dir() == platformdirs.user_log_path("tuiws", appauthor=False)
    assert paths.config_file() == paths.config_dir() / "config.toml"


def test_env_overrides(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_env.setenv("TUIWS_CONFIG_DIR", str(tmp_path / "c"))
    clean_env.setenv("TUIWS_DATA_DIR", str(tmp_path / "d"))
    clean_env.setenv("TUIWS_CACHE_DIR", str(tmp_path / "k"))
    assert paths.config_dir() == tmp_path / "c"
    assert paths.config_file() == tmp_path / "c" / "config.toml"
    assert paths.data_dir() == tmp_path / "d"
    assert paths.cache_dir() == tmp_path / "k"
    assert paths.state_file() == tmp_path / "d" / "state.json"
    assert paths.drafts_dir() == tmp_path / "d" / "drafts"
    # With only the data dir overridden, logs follow it: a sandbox writes nowhere else.
    assert paths.log_dir() == tmp_path / "d" / "log"
    clean_env.setenv("TUIWS_LOG_DIR", str(tmp_path / "l"))
    assert paths.log_dir() == tmp_path / "l"


def test_state_is_apart_from_config(clean_env: pytest.MonkeyPatch) -> None:
    assert paths.state_file().parent == paths.data_dir()
    assert paths.state_file() != paths.config_file()
    assert paths.drafts_dir().parent == paths.data_dir()


def test_nothing_is_created(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_env.setenv("TUIWS_DATA_DIR", str(tmp_path / "d"))
    paths.drafts_dir()
    paths.state_file()
    assert not (tmp_path / "d").exists()


def test_overrides_expand_home_and_become_absolute(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clean_env.setenv("HOME", str(tmp_path))
    clean_env.setenv("USERPROFILE", str(tmp_path))
    clean_env.setenv("TUIWS_CONFIG_DIR", "~/conf")
    assert paths.config_dir() == tmp_path / "conf"
    clean_env.chdir(tmp_path)
    clean_env.setenv("TUIWS_CACHE_DIR", "rel")
    assert paths.cache_dir() == tmp_path / "rel"
    assert paths.cache_dir().is_absolute()


def test_empty_override_is_ignored(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("TUIWS_CONFIG_DIR", "  ")
    assert paths.config_dir() == platformdirs.user_config_path("tuiws", appauthor=False)


@pytest.mark.parametrize("name", ["config", "data", "cache", "log"])
def test_locate(clean_env: pytest.MonkeyPatch, tmp_path: Path, name: str) -> None:
    for env in OVERRIDES:
        clean_env.setenv(env, str(tmp_path / env))
    expected = {
        "config": tmp_path / "TUIWS_CONFIG_DIR" / "config.toml",
        "data": tmp_path / "TUIWS_DATA_DIR",
        "cache": tmp_path / "TUIWS_DATA_DIR" / "cache",  # the worklog cache's own folder
        "log": tmp_path / "TUIWS_LOG_DIR" / "tuiws.log",
    }[name]
    assert paths.locate(name) == expected
    assert name in paths.LOCATION_NAMES


def test_locate_unknown_lists_the_valid_names() -> None:
    with pytest.raises(
        ValueError, match="unknown location 'configs': expected one of config, data, cache, log"
    ):
        paths.locate("configs")
