"""tuiws: a keyboard-first terminal timesheet for Jira worklogs.

The command line and the composition root (httpx, pydantic) load on first use
(`tuiws.cli.main(argv)`, see `tuiws.lazy_modules`): the entry's fast path into the app imports
neither before its first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tuiws.lazy_modules import lazy_submodules

__version__ = "0.1.0"

if TYPE_CHECKING:
    from tuiws import cli as cli
    from tuiws import factory as factory
else:
    __getattr__, __dir__ = lazy_submodules(__name__, ("cli", "factory"))
