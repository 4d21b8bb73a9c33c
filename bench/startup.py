"""Benchmark: launch to the first painted week grid (demo) beside a bare Textual DataTable app.

Each figure is a fresh process (imports included), run headless, stopped at the first
refresh after its table holds data; medians of several runs, both measured in this run.

    python -m bench.startup [--runs 5]
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402 - the clock starts before any import
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402


def child_bare() -> float:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer

    class Bare(App[float]):
        def compose(self) -> ComposeResult:
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table: DataTable[str] = self.query_one(DataTable)
            table.add_columns("Issue", *[f"Day {n}" for n in range(7)], "Total")
            for n in range(8):
                table.add_row(f"PLAT-{n} something", *["1:00"] * 7, "7:00")
            self.call_after_refresh(lambda: self.exit(time.perf_counter() - STARTED))

    return Bare().run(headless=True, size=(80, 24)) or 0.0


def child_tuiws() -> str:
    """`skeleton filled`: seconds to the painted frame with the week's days, then with data."""
    # The imports and the app of `tuiws --demo` (tuiws.entry's fast path).
    import tuiws.entry  # noqa: F401 - part of what the real command imports
    from tuiws.launch import make_demo_app

    with tempfile.TemporaryDirectory() as folder:
        app = make_demo_app("cloud", data_dir=Path(folder))
        marks: dict[str, float] = {}

        def mark(name: str) -> None:
            marks[name] = time.perf_counter() - STARTED
            if name == "filled":
                app.exit()

        def check() -> None:
            if "skeleton" not in marks and app.home.is_mounted and app.home.grid.columns:
                marks["skeleton"] = 0.0
                app.call_after_refresh(mark, "skeleton")
            if "filled" not in marks and app.home.week is not None and app.home.grid.row_count:
                marks["filled"] = 0.0
                app.call_after_refresh(mark, "filled")

        app.call_later(lambda: app.set_interval(0.002, check))
        app.run(headless=True, size=(80, 24))
        return f"{marks.get('skeleton', float('nan'))} {marks.get('filled', float('nan'))}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", choices=["bare", "tuiws"])
    args = parser.parse_args()
    if args.child:
        print(child_bare() if args.child == "bare" else child_tuiws())
        return
    results: dict[str, list[float]] = {"bare": [], "skeleton": [], "filled": []}
    for _ in range(args.runs):
        for child in ("bare", "tuiws"):
            out = subprocess.run(
                [sys.executable, "-m", "bench.startup", "--child", child],
                capture_output=True, text=True, check=True,
            )
            figures = [float(x) for x in out.stdout.strip().splitlines()[-1].split()]
            if child == "bare":
                results["bare"].append(figures[0])
            else:
                results["skeleton"].append(figures[0])
                results["filled"].append(figures[1])
    bare, skeleton, filled = (statistics.median(results[n]) for n in results)
    print(f"launch to first painted grid, 80x24, headless, median of {args.runs}")
    print(f"{'bare Textual app with a DataTable':44} {bare * 1000:8.0f} ms")
    print(f"{'tuiws --demo: the week frame (skeleton)':44} {skeleton * 1000:8.0f} ms"
          f"   {skeleton / bare:.2f}x")
    print(f"{'tuiws --demo: the grid with the week in it':44} {filled * 1000:8.0f} ms"
          f"   {filled / bare:.2f}x")
    print("target: under 1.5x")


if __name__ == "__main__":
    main()
