"""Use cases over the backend contract: validate once then write, weeks, team, sync, doctor.

No Textual, no adapter: only `tuiws.backends` base, capabilities, errors and backoff. The app's
first frame needs none of them: the submodules below load on first use
(`tuiws.services.undo.UndoService(...)`, see `tuiws.lazy_modules`). The UI names them by their
full path: `services` there is the `Services` bundle a screen is handed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tuiws.lazy_modules import lazy_submodules

if TYPE_CHECKING:
    from tuiws.services import bundle as bundle
    from tuiws.services import cached_weeks as cached_weeks
    from tuiws.services import restored_drafts as restored_drafts
    from tuiws.services import sanity as sanity
    from tuiws.services import schedule as schedule
    from tuiws.services import setup as setup
    from tuiws.services import team_spec as team_spec
    from tuiws.services import timer as timer
    from tuiws.services import undo as undo
    from tuiws.services import write_flow as write_flow
else:
    __getattr__, __dir__ = lazy_submodules(
        __name__,
        (
            "bundle",
            "cached_weeks",
            "restored_drafts",
            "sanity",
            "schedule",
            "setup",
            "team_spec",
            "timer",
            "undo",
            "write_flow",
        ),
    )
