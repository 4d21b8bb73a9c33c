"""The backend-week benchmark still runs (tiny, no latency), so it cannot rot between releases;
its request and round-trip counts hold at any size."""

from __future__ import annotations

import asyncio

import pytest

from bench import backend_week
from tuiws.emulator import JiraEmulator
from tuiws.emulator.tempo import tempo_store


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

    assert lines[7].startswith("my week on Jira Cloud + Tempo v4: 4 issues, 20 worklogs")
    tempo = [line.rsplit(maxsplit=4) for line in lines[9:11]]
    assert [r[0].strip() for r in tempo] == [name for name, _ in backend_week.TEMPO_MEASURES]
    (naive_requests, naive_trips), (our_requests, _) = ((int(r[1]), int(r[2])) for r in tempo)
    assert {r[4] for r in tempo} == {"5.0h"}, "both see the same week on Tempo"
    assert naive_requests == naive_trips == 7 + 4, "a request per day, then per issue, serially"
    assert our_requests <= 4, "worklogs, schedule and approvals beside them, then Jira once"
    assert lines[11].startswith("speed-up on Tempo v4: ")


def test_my_week_on_tempo_is_two_round_trips() -> None:
    # Round trips need latency: with none, requests sent together may not overlap. At 150 ms
    # a request, the three sent together overlap even on a loaded machine.
    emu = JiraEmulator("cloud", seed=False)
    with backend_week.watched(emu) as trips:
        tempo_store(emu.state).rate_limit = None
        backend_week.arrange(emu, 2)
        emu.latency_ms = 150
        ours = asyncio.run(backend_week.tuiws_tempo(emu, trips))
        paths = [r.path.rsplit("/", 1)[0] for r in emu.requests]
    assert (ours.requests, ours.round_trips) == (4, 2), paths
    assert ours.seconds == 2 * 5 * 900
