"""The `tuiws` command's entry point: opening the app is the fast path.

`tuiws [--profile NAME]` and `tuiws --demo [cloud|server|tempo|everit]` (no command) open the
app without importing the command line's machinery (pydantic, the services, httpx, the
emulator): those load in the app's connect worker, after its first frame (a configuration not
validated as it is by an earlier start is validated before it). Everything else goes to
`tuiws.cli`. `--debug` (a verbose log file) is allowed on either path.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import tuiws
from tuiws import app
from tuiws.logfile import log_start, start_log

DEMO_NAMES = ("cloud", "server", "tempo", "everit", "extender")
"""What `--demo NAME` takes (tuiws.app.demo.DEMOS says what each runs; not imported here, to start
quickly)."""


def split_demo(argv: list[str]) -> tuple[list[str], str | None]:
    """Take `--demo [NAME]` out of argv (argparse cannot tell the name from a command)."""
    if "--demo" not in argv:
        return argv, None
    i = argv.index("--demo")
    flavor = "cloud"
    rest = argv[:i] + argv[i + 1 :]
    if i + 1 < len(argv) and argv[i + 1] in DEMO_NAMES:
        flavor = argv[i + 1]
        rest = argv[:i] + argv[i + 2 :]
    return rest, flavor


def _only_profile_option(argv: list[str]) -> tuple[str | None] | None:
    """`(NAME,)` for `--profile NAME` alone, `(None,)` for no arguments; else None."""
    if not argv:
        return (None,)
    if len(argv) == 2 and argv[0] == "--profile" and not argv[1].startswith("-"):
        return (argv[1],)
    if len(argv) == 1 and argv[0].startswith("--profile="):
        return (argv[0].removeprefix("--profile="),)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    rest, demo = split_demo(args)
    debug = "--debug" in rest
    rest = [arg for arg in rest if arg != "--debug"]  # only for choosing the fast path
    if demo is not None and not rest and sys.stdout.isatty():
        # The emulator starts before Textual loads: it imports and seeds on the other core
        # meanwhile, and listens well before the app's first request.
        try:
            emulator: app.demo_server.DemoServer | None = app.demo_server.DemoServer.spawn(demo)
        except app.demo_server.DemoServerError:
            emulator = None  # the app's connect worker tries again, and shows why it failed
        _start_log(debug)
        try:
            return app.demo_launch.run_demo_app(demo, emulator)
        except KeyboardInterrupt:
            return 130
        finally:
            if emulator is not None:  # the app stopped it, unless it never got to start
                emulator.close()
    profile = _only_profile_option(rest) if demo is None else None
    if profile is not None and sys.stdout.isatty():
        _start_log(debug)
        try:
            return app.launch.run_configured_app(profile[0])
        except KeyboardInterrupt:
            return 130
    return tuiws.cli.main(args)


def _start_log(debug: bool) -> None:
    start_log(debug=debug)
    log_start("app")


if __name__ == "__main__":
    sys.exit(main())
