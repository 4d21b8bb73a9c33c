"""The team-week benchmark still runs (tiny, no latency), so it cannot rot between releases."""

from __future__ import annotations

import pytest

from bench import team_week


@pytest.mark.parametrize("flavor", ["cloud", "server"])
def test_team_week_bench_runs_small(flavor: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--people", "3", "--worklogs", "100", "--latency-ms", "0", "--rounds", "1"]
    team_week.main([*argv, "--flavor", flavor])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("team week: 3 people, 100 worklogs")
    naive, ours, cached = (line.split() for line in lines[2:5])
    assert naive[0] == "naive" and ours[0] == "tuiws" and cached[0] == "tuiws"
    assert naive[-2] == ours[-2] == cached[-2] == "100", "all three see every worklog of the week"
    assert naive[-1] == ours[-1] == cached[-1], "and the same hours"
    assert int(ours[-4]) < int(naive[-4]), "tuiws needs fewer requests"
    assert cached[-4] == "0", "the cache needs none"
    assert lines[-1].startswith("speed-up: ")
