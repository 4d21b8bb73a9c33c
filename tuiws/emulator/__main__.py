"""`python -m tuiws.emulator [cloud|server] [--port N] [--latency-ms N]`."""

from __future__ import annotations

import argparse
import sys

from .cli_support import serve_forever


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tuiws.emulator", description=__doc__)
    parser.add_argument("flavor", nargs="?", default="cloud", choices=("cloud", "server"))
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--latency-ms", type=int, default=0)
    options = parser.parse_args(argv)
    serve_forever(options.flavor, options.port, options.latency_ms, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
