"""The `tuiws` command's entry point: opening the app is the fast path.

`tuiws` and `tuiws --demo [cloud|server]` (no command) open the app without importing the
command line's machinery (the services, httpx, the emulator): those load in the app's connect
worker, after its first frame. Everything else goes to `tuiws.cli`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def split_demo(argv: list[str]) -> tuple[list[str], str | None]:
    """Take `--demo [cloud|server]` out of argv (argparse cannot tell the flavor from a command)."""
    if "--demo" not in argv:
        return argv, None
    i = argv.index("--demo")
    flavor = "cloud"
    rest = argv[:i] + argv[i + 1 :]
    if i + 1 < len(argv) and argv[i + 1] in ("cloud", "server"):
        flavor = argv[i + 1]
        rest = argv[:i] + argv[i + 2 :]
    return rest, flavor


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    rest, demo = split_demo(args)
    if demo is not None and not rest and sys.stdout.isatty():
        from tuiws.launch import run_demo_app

        try:
            return run_demo_app(demo)
        except KeyboardInterrupt:
            return 130
    from tuiws.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
