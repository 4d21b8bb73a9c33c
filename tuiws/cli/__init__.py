"""The `tuiws` command line: parser, input parsing, one module per command group.

Only `tuiws.entry` imports it, and only off the app's fast path.
"""

from __future__ import annotations

from tuiws.cli.main import main

__all__ = ["main"]
