"""`tuiws emulator`: prints paste-able settings and stops cleanly."""

from __future__ import annotations

import io
import threading
import time

import httpx

from tuiws.emulator import DEMO
from tuiws.emulator.cli_support import serve_forever


def test_serve_forever_prints_env_lines_and_stops() -> None:
    out = io.StringIO()
    stop = threading.Event()
    thread = threading.Thread(
        target=serve_forever, args=("server", 0, 0, out), kwargs={"stop": stop}
    )
    thread.start()
    deadline = time.monotonic() + 5
    while "TUIWS_TOKEN" not in out.getvalue() and time.monotonic() < deadline:
        time.sleep(0.01)
    text = out.getvalue()
    url = next(line.split("=", 1)[1] for line in text.splitlines() if "TUIWS_URL=" in line)
    assert "TUIWS_FLAVOR=server" in text
    assert f"TUIWS_EMAIL={DEMO.username}" in text
    assert f"TUIWS_TOKEN={DEMO.pat}" in text
    response = httpx.get(
        f"{url}/rest/api/2/myself", headers={"Authorization": f"Bearer {DEMO.pat}"}
    )
    assert response.status_code == 200
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert out.getvalue().endswith("Emulator stopped.\n")
