"""Benchmark: launch to the first painted week grid beside a bare Textual DataTable app.

Each figure is a fresh process (imports included), run headless, stopped at the first
refresh after its table holds data; medians of several runs, all measured in this run:
`tuiws --demo` to its week frame and to the filled grid (a first demo, and a demo after one
that was left open until it synced its cache), and `tuiws` on a profile whose
local cache a sync filled, with a Jira slow enough that the first grid is the cache's: as
most starts find it (an earlier start validated this config.toml and recorded what the first
frame needs), and just after config.toml was edited (validated before the first frame).

The tuiws figures run the real command (`tuiws.entry.main`, in its own import order, with its
terminal check on a real pty); only `App.run` is made headless and timed.

    python -m bench.startup [--runs 5]
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402 - the clock starts before any import
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from collections.abc import Callable, Mapping  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402


def watch_frames(
    app: Any, wanted: Mapping[str, Callable[[], object]], last: str
) -> dict[str, float]:
    """Seconds since launch to the first frame displayed while each condition held.

    Timed in Textual's `post_display_hook`, which runs right after each frame is composed and
    handed to the terminal (headless too), not by a callback that might run a frame later;
    the app exits once `last` has been seen.
    """
    marks: dict[str, float] = {}

    def after_display() -> None:
        now = time.perf_counter() - STARTED
        for name, holds in wanted.items():
            if name not in marks and holds():
                marks[name] = now
        if last in marks:
            app.exit()

    app.post_display_hook = after_display
    return marks


def child_bare() -> list[float]:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table: DataTable[str] = self.query_one(DataTable)
            table.add_columns("Issue", *[f"Day {n}" for n in range(7)], "Total")
            for n in range(8):
                table.add_row(f"PLAT-{n} something", *["1:00"] * 7, "7:00")

    app = Bare()
    marks = watch_frames(
        app,
        {"bare": lambda: app.screen.query(DataTable) and app.query_one(DataTable).row_count},
        "bare",
    )
    app.run(headless=True, size=(80, 24))
    return [marks.get("bare", float("nan"))]


def child_command(
    argv: list[str], wanted: dict[str, Callable[[Any], object]], last: str
) -> list[float]:
    """`tuiws ARGV`, timed to the first frame where each of `wanted`'s conditions held of
    the week screen.

    `TuiwsApp.run` is made headless as `tuiws.app.app` loads, where the command imports it:
    importing it here first would move the command's own import order (the demo starts its
    emulator before it)."""
    from tuiws.entry import main as tuiws_main

    watched: list[dict[str, float]] = []

    def headless(app_class: Any) -> None:
        run = app_class.run

        def headless_run(app: Any, *args: Any, **kwargs: Any) -> None:
            home = app.home
            checks = {
                name: (lambda holds=holds: home.is_mounted and holds(home))
                for name, holds in wanted.items()
            }
            watched.append(watch_frames(app, checks, last))
            run(app, headless=True, size=(80, 24))

        app_class.run = headless_run

    when_loaded("tuiws.app.app", lambda module: headless(module.TuiwsApp))
    code = tuiws_main(argv)
    if code or not watched:
        raise SystemExit(f"tuiws {' '.join(argv)} exited {code} (opened the app: {bool(watched)})")
    return [watched[0].get(name, float("nan")) for name in wanted]


def when_loaded(name: str, then: Callable[[Any], None]) -> None:
    """Call `then(module)` right after module `name` is first imported (and before its
    importer goes on)."""
    import importlib.abc
    import importlib.machinery

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
            if fullname != name:
                return None
            sys.meta_path.remove(self)
            spec = importlib.machinery.PathFinder.find_spec(fullname, path)
            if spec is None or spec.loader is None:
                return spec
            loader = spec.loader
            execute = loader.exec_module

            def exec_then(module: Any) -> None:
                execute(module)
                then(module)

            loader.exec_module = exec_then  # type: ignore[method-assign]
            return spec

    sys.meta_path.insert(0, Finder())


def child_demo() -> list[float]:
    """`tuiws --demo`: the painted frame with the week's days, then with the week's data."""
    return child_command(
        ["--demo"],
        {
            "skeleton": lambda home: home.grid.columns,
            "filled": lambda home: home.week and home.grid.row_count,
        },
        "filled",
    )


def child_demo_synced() -> list[float]:
    """`tuiws --demo` until its cache is synced (the demo a person leaves open a while)."""

    def synced(home: Any) -> bool:
        cache = home.app.cache
        return bool(home.week and not home.status.from_cache and cache and cache.last_synced_at())

    return child_command(["--demo"], {"synced": synced}, "synced")


def child_cached() -> list[float]:
    """`tuiws` on a profile whose cache a sync filled (`main` set it up; Jira answers late):
    the grid painted from the cache, then the cache's week validated (its cells open)."""
    return child_command(
        [],
        {
            "cached": lambda home: (
                home.grid.week is not None and home.grid.row_count > 1 and home.status.from_cache
            ),
            "usable": lambda home: home.week is not None and home.status.from_cache,
        },
        "usable",
    )


def filled_cache(data: Path) -> tuple[Any, str]:
    """An emulator (kept running) and the `bench` profile's cache under `data`, synced from it
    as `tuiws` leaves it; from then on the emulator answers after 3 s."""
    import asyncio

    from tuiws.app.demo import demo_profile
    from tuiws.emulator import JiraEmulator
    from tuiws.factory import build_connection, connect
    from tuiws.services.sync import SyncService
    from tuiws.store.cache import WorklogCache

    emu = JiraEmulator("cloud")
    emu.__enter__()

    async def sync() -> None:
        profile = demo_profile(emu)
        async with build_connection(profile) as client:
            session = await connect(client, profile)
            with WorklogCache.for_profile("bench", data / "cache") as cache:
                await SyncService(session, cache).sync()

    asyncio.run(sync())
    emu.latency_ms = 3000  # from now on Jira is slow: the first grid must come from the cache
    return emu, emu.url


def configured(folder: Path, url: str) -> dict[str, str]:
    """The environment of a user whose config.toml has the one profile `bench`, for `url`."""
    from tuiws.emulator import DEMO

    config = folder / "config"
    config.mkdir()
    (config / "config.toml").write_text(
        f'[profiles.bench]\nurl = "{url}"\nflavor = "cloud"\nemail = "{DEMO.email}"\n'
        'token_env = "BENCH_TOKEN"\n'
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUIWS_")}
    env.update(
        TUIWS_CONFIG_DIR=str(config),
        TUIWS_DATA_DIR=str(folder / "data"),
        BENCH_TOKEN=DEMO.api_token,
    )
    return env


def run_child(child: str, env: dict[str, str], out: Path) -> list[float]:
    """A fresh process; its standard output is a terminal (a pty), as the app requires."""
    import pty

    leader, follower = pty.openpty()
    try:
        subprocess.run(
            [sys.executable, "-m", "bench.startup", "--child", child, "--out", str(out)],
            stdin=subprocess.DEVNULL,
            stdout=follower,
            stderr=subprocess.PIPE,
            check=True,
            env=env,
        )
    finally:
        os.close(follower)
        os.close(leader)
    return [float(x) for x in out.read_text().split()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--child", choices=["bare", "demo", "demo-again", "demo-synced", "cached", "edited"]
    )
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.child:
        children = {
            "bare": child_bare,
            "demo": child_demo,
            "demo-again": child_demo,
            "demo-synced": child_demo_synced,
            "cached": child_cached,
            "edited": child_cached,
        }
        figures = children[args.child]()
        args.out.write_text(" ".join(str(f) for f in figures))
        return

    from tuiws.app.config_check import facts_record

    compile_package()
    folder = Path(tempfile.mkdtemp())
    emu, url = filled_cache(folder / "data")
    env = configured(folder, url)
    names: dict[str, list[str]] = {
        "bare": ["bare"],
        "demo": ["skeleton", "filled"],
        "demo-again": ["again frame", "again"],
        "cached": ["cached", "usable"],
        "edited": ["edited", "edited usable"],
    }
    # `demo`: a first demo ever (a data folder of its own each run). `demo-again`: a demo
    # after one left open until its cache was synced (the same cache every run: a demo closed
    # at its first frame leaves it as it was). `edited`: the first start after config.toml
    # changed, which validates it before the frame.
    record = facts_record(folder / "data")
    results: dict[str, list[float]] = {n: [] for group in names.values() for n in group}
    try:
        run_child("demo-synced", env, folder / "out")
        for run in range(args.runs):
            for child, labels in names.items():
                if child == "edited":
                    record.unlink(missing_ok=True)
                child_env = env
                if child == "demo":
                    child_env = {**env, "TUIWS_DATA_DIR": str(folder / f"first-demo-{run}")}
                figures = run_child(child, child_env, folder / "out")
                for name, value in zip(labels, figures, strict=True):
                    results[name].append(value)
    finally:
        emu.__exit__(None, None, None)
    median = {name: statistics.median(values) for name, values in results.items()}
    bare = median["bare"]
    rows = [
        ("bare", "bare Textual app with a DataTable"),
        ("skeleton", "tuiws --demo, a first demo: the week frame (skeleton)"),
        ("filled", "tuiws --demo, a first demo: the grid with the week in it"),
        ("again", "tuiws --demo again: the grid with the week in it"),
        ("cached", "tuiws: the grid from the local cache"),
        ("usable", "tuiws: the cached week validated (cells open)"),
        ("edited", "tuiws, config.toml just edited: the cached grid"),
    ]
    print(f"launch to first painted grid, 80x24, headless, median of {args.runs}")
    for key, label in rows:
        ratio = "" if key == "bare" else f"   {median[key] / bare:.2f}x"
        print(f"{label:56} {median[key] * 1000:8.0f} ms{ratio}")
    print("targets: tuiws --demo's filled grid at most 1.5x; tuiws's cached grid at most 1.3x")
    print("(a first demo ever has no cache: its grid waits for its emulator to seed and answer)")


def compile_package() -> None:
    """Byte-compile tuiws as pip does when it installs the wheel (textual's files are): with
    PYTHONDONTWRITEBYTECODE set, a checkout would otherwise compile its sources every start."""
    import compileall

    import tuiws

    compileall.compile_dir(Path(tuiws.__file__).parent, quiet=1)


if __name__ == "__main__":
    main()
