"""The Textual screens: week grid (home), cell view, issue search, worklog editor.

The week's frame paints before the flows' screens load: they are the submodules below, each
imported on its first use (`screens.editor.WorklogEditorScreen(...)`, see `tuiws.lazy_modules`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tuiws.lazy_modules import lazy_submodules

if TYPE_CHECKING:
    from tuiws.app.screens import cell as cell
    from tuiws.app.screens import dialogs as dialogs
    from tuiws.app.screens import editor as editor
    from tuiws.app.screens import fill_flow as fill_flow
    from tuiws.app.screens import help as help  # noqa: A004 - the help screen's module
    from tuiws.app.screens import quit_saving as quit_saving
    from tuiws.app.screens import search as search
    from tuiws.app.screens import setup as setup
    from tuiws.app.screens import sharing as sharing
    from tuiws.app.screens import team as team
    from tuiws.app.screens import timer_flow as timer_flow
    from tuiws.app.screens import undo_dialog as undo_dialog
else:
    __getattr__, __dir__ = lazy_submodules(
        __name__,
        (
            "cell",
            "dialogs",
            "editor",
            "fill_flow",
            "help",
            "quit_saving",
            "search",
            "setup",
            "sharing",
            "team",
            "timer_flow",
            "undo_dialog",
        ),
    )
