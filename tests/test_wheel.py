"""What a user installs: the wheel, in a fresh virtual environment, not the editable tree.

The wheel is built from this checkout, installed with no access to the tree (its own
site-packages comes first), and `tuiws --demo` runs on a pty to its first painted grid with
the bundled theme; a command-line command runs from the same install.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import textwrap
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tuiws.emulator import DEMO, JiraEmulator

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.xdist_group("wheel"), pytest.mark.slow]

FIRST_GRID = textwrap.dedent(
    """
    import sys
    import tuiws
    from tuiws.app.app import TuiwsApp
    from tuiws.entry import main

    run = TuiwsApp.run

    def first_grid_run(app, *args, **kwargs):
        def after_display():
            grid = app.home.grid
            if app.home.is_mounted and grid.week is not None and grid.week.total_seconds > 0:
                print("GRID", grid.week.total_seconds, app.theme, tuiws.__file__, file=sys.stderr)
                app.exit()
        app.post_display_hook = after_display
        run(app, headless=True, size=(80, 24))

    TuiwsApp.run = first_grid_run
    sys.exit(main(sys.argv[1:]))
    """
)


FIRST_RUN = textwrap.dedent(
    """
    import sys
    from tuiws.entry import main
    from tuiws.app.screens.setup import SetupApp, SetupScreen

    run = SetupApp.run

    def setup_run(app, *args, **kwargs):
        def after_display():
            if isinstance(app.screen, SetupScreen) and app.screen.is_mounted:
                print("SETUP", app.screen.first_run.config_file, file=sys.stderr)
                app.exit()
        app.post_display_hook = after_display
        return run(app, headless=True, size=(80, 24))

    SetupApp.run = setup_run
    sys.exit(main(sys.argv[1:]))
    """
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            out,
            ROOT,
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (found,) = out.glob("tuiws-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh venv holding the wheel; its dependencies come from this interpreter's."""
    home = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(home)
    python = home / "bin" / "python"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "--no-deps",
            "--no-index",
            wheel,
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    yield home


def clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUIWS_")}
    env.update(
        TUIWS_CONFIG_DIR=str(tmp_path / "config"),
        TUIWS_DATA_DIR=str(tmp_path / "data"),
        TUIWS_CACHE_DIR=str(tmp_path / "cache"),
    )
    env.pop("NO_COLOR", None)
    env.pop("PYTHONPATH", None)
    return env


def test_the_wheel_carries_the_themes(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(name).name for name in names if name.startswith("tuiws/_themes/")}
    assert shipped == {path.name for path in (ROOT / "themes").glob("*.toml")}


def test_the_installed_demo_paints_its_grid_with_its_own_theme(
    installed: Path, tmp_path: Path
) -> None:
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [installed / "bin" / "python", "-c", FIRST_GRID, "--demo"],
            stdin=subprocess.DEVNULL,
            stdout=follower,
            stderr=subprocess.PIPE,
            text=True,
            env=clean_env(tmp_path),
            cwd=tmp_path,
            timeout=120,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 0, done.stderr[-3000:]
    grid = [line.split() for line in done.stderr.splitlines() if line.startswith("GRID")]
    assert grid, done.stderr[-3000:]
    _, total, theme, module = grid[0]
    assert int(total) > 0
    assert theme == "tuiws-dark"
    assert str(installed) in module  # the wheel's copy, not the checkout


def test_the_installed_command_line_runs(installed: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [installed / "bin" / "tuiws", "--demo", "tour"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=clean_env(tmp_path),
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Dana Reyes" in done.stdout and "Deleted worklog" in done.stdout


def test_the_installed_version_is_the_wheels(installed: Path, wheel: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [installed / "bin" / "tuiws", "--version"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=clean_env(tmp_path),
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    version = wheel.name.split("-")[1]  # tuiws-<version>-py3-none-any.whl
    assert done.stdout.strip() == f"tuiws {version}"


def test_the_installed_init_sets_up_a_profile(installed: Path, tmp_path: Path) -> None:
    """`tuiws init` from the install, against the emulator, then a command on that profile."""
    env = clean_env(tmp_path) | {"MY_JIRA_TOKEN": DEMO.pat}
    with JiraEmulator("server") as emulator:
        argv: list[str | Path] = [installed / "bin" / "tuiws", "init", "--url", emulator.url]
        argv += ["--username", DEMO.username, "--token-env", "MY_JIRA_TOKEN", "--yes"]
        done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode == 0, done.stderr[-3000:]
        assert "Signed in as Dana Reyes" in done.stdout
        week = subprocess.run(
            [installed / "bin" / "tuiws", "week"], capture_output=True, text=True, env=env
        )
    assert week.returncode == 0, week.stderr[-3000:]
    assert (tmp_path / "config" / "config.toml").stat().st_mode & 0o077 == 0


def test_the_installed_tuiws_with_no_configuration_opens_the_setup(
    installed: Path, tmp_path: Path
) -> None:
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [installed / "bin" / "python", "-c", FIRST_RUN],
            stdin=subprocess.DEVNULL,
            stdout=follower,
            stderr=subprocess.PIPE,
            text=True,
            env=clean_env(tmp_path),
            cwd=tmp_path,
            timeout=120,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"SETUP {tmp_path / 'config' / 'config.toml'}" in done.stderr
    assert "nothing was set up" in done.stderr  # left without an answer: nothing written
    assert not (tmp_path / "config").exists()
