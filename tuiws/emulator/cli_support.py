"""`tuiws emulator`: run the emulator in the foreground and print how to point tuiws at it."""

from __future__ import annotations

import threading
from typing import TextIO

from .credentials import DEMO
from .server import JiraEmulator


class EmulatorStartError(Exception):
    """The emulator could not listen (the port is taken, or not ours to use)."""


def env_lines(emulator: JiraEmulator) -> list[str]:
    """`TUIWS_*` lines a user can paste into a shell to use this emulator."""
    if emulator.flavor == "cloud":
        login, token = DEMO.email, DEMO.api_token
    else:
        login, token = DEMO.username, DEMO.pat
    return [
        f"export TUIWS_URL={emulator.url}",
        f"export TUIWS_FLAVOR={emulator.flavor}",
        f"export TUIWS_EMAIL={login}",
        f"export TUIWS_TOKEN={token}",
    ]


def serve_forever(
    flavor: str,
    port: int,
    latency_ms: int,
    out: TextIO,
    *,
    stop: threading.Event | None = None,
) -> None:
    """Start the emulator, print its URL and the demo credentials, block until Ctrl-C.

    `stop` lets a caller (or a test) end the wait without a signal.
    """
    if flavor not in ("cloud", "server"):
        raise ValueError(f"flavor must be 'cloud' or 'server', not {flavor!r}")
    emulator = JiraEmulator("server" if flavor == "server" else "cloud", port=port)
    emulator.latency_ms = latency_ms
    waiter = stop or threading.Event()
    try:
        emulator.start()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise EmulatorStartError(
            f"the emulator cannot listen on 127.0.0.1:{port} ({reason}); "
            "choose another --port, or leave it out to take any free one"
        ) from None
    with emulator:
        kind = "Jira Cloud" if flavor == "cloud" else "Jira Server/DC"
        out.write(f"tuiws Jira emulator ({kind}) listening on {emulator.url}\n")
        if flavor == "server":
            out.write(f"Basic login: {DEMO.username} / {DEMO.password}\n")
        out.write("Paste these lines into your shell to use it:\n\n")
        for line in env_lines(emulator):
            out.write(line + "\n")
        out.write("\nPress Ctrl-C to stop.\n")
        out.flush()
        try:
            while not waiter.wait(0.25):
                pass
        except KeyboardInterrupt:
            pass
    out.write("Emulator stopped.\n")
    out.flush()
