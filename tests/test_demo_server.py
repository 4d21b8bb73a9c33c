"""The demo's emulator in a process of its own: where it listens, and that it never outlives
the app."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

from tuiws.app.demo_server import DemoServer, DemoServerError


def test_it_serves_jira_over_loopback_until_its_input_closes() -> None:
    server = DemoServer.spawn("server")
    try:
        site = server.site()
        assert site.flavor == "server" and site.url.startswith("http://127.0.0.1:")
        answer = httpx.get(
            f"{site.url}/rest/api/2/myself", headers={"Authorization": f"Bearer {site.pat}"}
        )
        assert answer.status_code == 200 and answer.json()["name"]
        assert server.process.stdin is not None
        server.process.stdin.close()  # what `close()` does, and the app's death does to the pipe
        assert server.process.wait(timeout=20) == 0
    finally:
        server.close()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{site.url}/rest/api/2/serverInfo")


def test_an_emulator_that_does_not_start_says_why() -> None:
    failing = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.exit('no port for the emulator')"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    server = DemoServer(failing, "cloud")
    with pytest.raises(DemoServerError, match="did not start: no port for the emulator"):
        server.site()
    server.close()
