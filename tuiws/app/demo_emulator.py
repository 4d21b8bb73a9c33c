"""`python -m tuiws.app.demo_emulator cloud|server`: the demo's emulator process.

Started by `tuiws.app.demo_server.DemoServer`: it prints one `DemoSite` line once it listens,
then serves until its standard input closes (the app closed it, or the app is gone).
"""

from __future__ import annotations

import sys

from tuiws.app.demo_server import DemoSite
from tuiws.emulator import DEMO, JiraEmulator
from tuiws.emulator.everit import BASE_PATH as EVERIT_BASE_PATH


def site_of(emulator: JiraEmulator) -> DemoSite:
    """Where the running `emulator` listens, with the demo user's sign-in."""
    return DemoSite(
        url=emulator.url,
        flavor=emulator.flavor,
        email=DEMO.email,
        api_token=DEMO.api_token,
        pat=DEMO.pat,
        tempo_token=DEMO.tempo_token,
        everit_api_key=DEMO.everit_api_key,
        everit_path=EVERIT_BASE_PATH,
    )


def main(argv: list[str]) -> int:
    with JiraEmulator("server" if argv[:1] == ["server"] else "cloud") as emulator:
        sys.stdout.write(site_of(emulator).to_line())
        sys.stdout.flush()
        sys.stdin.read()  # returns at EOF: the app closed the pipe or exited
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
