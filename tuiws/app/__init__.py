"""The Textual app: the app itself, its screens, widgets, themes and cross-screen messages.

Importing the package (or one of its modules: the entry's fast path) loads nothing else: the
submodules below load on first use (`app.launch.run_app(...)`, see `tuiws.lazy_modules`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tuiws.lazy_modules import lazy_submodules

if TYPE_CHECKING:
    from tuiws.app import demo_in_process as demo_in_process
    from tuiws.app import demo_launch as demo_launch
    from tuiws.app import demo_profile as demo_profile
    from tuiws.app import demo_server as demo_server
    from tuiws.app import launch as launch
    from tuiws.app import themes as themes
else:
    __getattr__, __dir__ = lazy_submodules(
        __name__,
        (
            "demo_in_process",
            "demo_launch",
            "demo_profile",
            "demo_server",
            "launch",
            "themes",
        ),
    )
