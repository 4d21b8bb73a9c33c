"""`tuiws init` (and `tuiws --version`) through the command line, against the emulator."""

from __future__ import annotations

import argparse
import io
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest

from tuiws.cli import main
from tuiws.cli.init_command import run_init
from tuiws.cli.parser import build_parser
from tuiws.config import load_config, resolve_profile
from tuiws.emulator import DEMO, JiraEmulator


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """No configuration and no TUIWS_* settings: a machine tuiws has never run on."""
    for name in list(os.environ):
        if name.startswith("TUIWS_") and name != "TUIWS_LOG_DIR":
            monkeypatch.delenv(name)
    monkeypatch.setenv("TUIWS_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("TUIWS_DATA_DIR", str(tmp_path / "data"))
    yield tmp_path / "config"


def token_of(flavor: str) -> str:
    return DEMO.api_token if flavor == "cloud" else DEMO.pat


def login_flags(flavor: str) -> list[str]:
    return ["--email", DEMO.email] if flavor == "cloud" else ["--username", DEMO.username]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_version_is_the_installed_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"tuiws {version('tuiws')}"


def test_init_with_flags_writes_a_config_doctor_accepts(
    emulator: JiraEmulator,
    flavor: str,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("MY_JIRA_TOKEN", token_of(flavor))
    code = main(
        ["init", "--url", emulator.url, *login_flags(flavor), "--token-env", "MY_JIRA_TOKEN"]
        + ["--profile", "work", "--yes"]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Signed in as Dana Reyes" in out
    config = home / "config.toml"
    assert mode(config) == 0o600
    assert token_of(flavor) not in config.read_text() + out + err
    assert resolve_profile(load_config(config), os.environ).name == "work"

    assert main(["doctor"]) == 0
    assert "All good." in capsys.readouterr().out


def test_a_wrong_token_exits_1_and_writes_nothing(
    emulator: JiraEmulator,
    flavor: str,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("MY_JIRA_TOKEN", "wrong-token-value")
    code = main(
        ["init", "--url", emulator.url, *login_flags(flavor), "--token-env", "MY_JIRA_TOKEN"]
        + ["--yes"]
    )
    out, err = capsys.readouterr()
    assert code == 1
    assert "did not accept the token" in err and "Nothing was written." in err
    assert "wrong-token-value" not in out + err
    assert not home.exists()


@pytest.mark.parametrize("flavor", ["cloud"])
def test_an_existing_config_needs_force(
    emulator: JiraEmulator,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home.mkdir()
    (home / "config.toml").write_text("# mine\n")
    argv = ["init", "--url", emulator.url, "--email", DEMO.email, "--token-env", "T", "--yes"]
    assert main(argv) == 2
    assert "--force" in capsys.readouterr().err
    assert (home / "config.toml").read_text() == "# mine\n"
    assert emulator.requests == []  # refused before anything was asked of Jira

    monkeypatch.setenv("T", DEMO.api_token)
    assert main([*argv, "--force"]) == 0
    assert "[profiles.default]" in (home / "config.toml").read_text()


def test_yes_without_an_answer_is_bad_input(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "--yes"]) == 2
    err = capsys.readouterr().err
    assert "--url is needed with --yes" in err and "Nothing was written." in err


def parse(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(["init", *argv])


def test_the_questions_ask_for_the_token_unseen_and_write_it_0600(
    emulator: JiraEmulator, flavor: str, tmp_path: Path
) -> None:
    path = tmp_path / "conf" / "config.toml"
    typed = iter([emulator.url, DEMO.email if flavor == "cloud" else DEMO.username, "2", "y"])
    prompts: list[str] = []
    secret_prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return next(typed)

    def ask_secret(prompt: str) -> str:
        secret_prompts.append(prompt)
        return token_of(flavor)

    out, err = io.StringIO(), io.StringIO()
    code = run_init(parse(), out, err, environ={}, path=path, ask=ask, ask_secret=ask_secret)
    assert code == 0, err.getvalue()
    assert len(secret_prompts) == 1  # the token went through getpass, nowhere else
    assert prompts[1].startswith("Email" if flavor == "cloud" else "Username")
    assert "readable by you alone" in prompts[2]
    token_file = path.parent / "default.token"
    assert mode(token_file) == 0o600 and mode(path) == 0o600
    assert token_file.read_text().strip() == token_of(flavor)
    assert token_of(flavor) not in path.read_text() + out.getvalue() + err.getvalue()
    assert resolve_profile(load_config(path), {}).token.reveal() == token_of(flavor)


@pytest.mark.parametrize("flavor", ["cloud"])
def test_saying_no_writes_nothing(emulator: JiraEmulator, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    answers = iter([emulator.url, DEMO.email, "1", "", "n"])
    out = io.StringIO()
    code = run_init(
        parse(),
        out,
        io.StringIO(),
        environ={"JIRA_API_TOKEN": DEMO.api_token},
        path=path,
        ask=lambda _prompt: next(answers),
    )
    assert code == 0 and not path.exists()
    assert "Nothing was written." in out.getvalue()


def clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUIWS_")}
    env.update(
        TUIWS_CONFIG_DIR=str(tmp_path / "config"),
        TUIWS_DATA_DIR=str(tmp_path / "data"),
    )
    return env


@pytest.mark.parametrize("flavor", ["server"])
def test_init_as_a_subprocess_with_a_token_file(emulator: JiraEmulator, tmp_path: Path) -> None:
    token_file = tmp_path / "jira.token"
    token_file.write_text(DEMO.pat + "\n")
    token_file.chmod(0o644)
    argv = [sys.executable, "-m", "tuiws.cli", "init", "--url", emulator.url]
    argv += ["--username", DEMO.username, "--token-file", str(token_file), "--yes"]
    env = clean_env(tmp_path)

    refused = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
    assert refused.returncode == 2
    assert "chmod 600" in refused.stderr and "Nothing was written." in refused.stderr
    assert not (tmp_path / "config").exists()

    token_file.chmod(0o600)
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    config = tmp_path / "config" / "config.toml"
    assert f'token_file = "{token_file}"' in config.read_text()
    doctor = subprocess.run(
        [sys.executable, "-m", "tuiws.cli", "doctor"], capture_output=True, text=True, env=env
    )
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr


@pytest.mark.parametrize("flavor", ["cloud"])
def test_the_profile_is_named_as_tuiws_profile_says(
    emulator: JiraEmulator,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("TUIWS_PROFILE", "client")
    monkeypatch.setenv("JIRA_API_TOKEN", DEMO.api_token)
    argv = ["init", "--url", emulator.url, "--email", DEMO.email, "--token-env", "JIRA_API_TOKEN"]
    assert main([*argv, "--yes"]) == 0, capsys.readouterr().err
    assert "[profiles.client]" in (home / "config.toml").read_text()
    assert resolve_profile(load_config(home / "config.toml"), os.environ).name == "client"
