"""The keystroke benchmark still runs (a small grid, a few keys), so it cannot rot."""

from __future__ import annotations

import pytest

from bench import keystroke


def test_keystroke_bench_runs_small(capsys: pytest.CaptureFixture[str]) -> None:
    keystroke.main(["--rows", "12", "--keys", "4"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("keystroke to repaint: 12 issues in the week")
    assert "median of 4 presses" in lines[0]
    assert lines[1].startswith("bare DataTable") and lines[1].endswith(" ms")
    assert lines[2].startswith("tuiws week grid") and "x   (slowest" in lines[2]
    assert lines[3].startswith("target: 50 ms a keystroke: ")
