"""The backend-week benchmark still runs (tiny, no latency), so it cannot rot between releases."""

from __future__ import annotations

import pytest

from bench import backend_week


def test_backend_week_bench_runs_small(capsys: pytest.CaptureFixture[str]) -> None:
    backend_week.main(["--issues", "4", "--latency-ms", "0", "--rounds", "1"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("my week on Jira Server + Worklog extender: 4 issues, 20 worklogs")
    rows = [line.rsplit(maxsplit=3) for line in lines[2:6]]
    names = [r[0].strip() for r in rows]
    assert names == [name for name, _ in backend_week.MEASURES]
    requests = [int(r[1]) for r in rows]
    walls = [float(r[2].removesuffix("s")) for r in rows]
    logged = {r[3] for r in rows}
    assert logged == {"5.0h"}, "every client sees the same week: 4 issues × 5 × 15 min"
    assert all(w > 0 for w in walls)
    assert requests[0] == 7, "the naive extender client asks once a day"
    assert requests[3] <= 2, "tuiws asks the plugin once and Jira once for the issues"
    speed = lines[6]
    assert speed.startswith("speed-up of the extender: ")
    assert float(speed.split()[4].removesuffix("x")) > 0
