"""Pure domain rules: models, durations, `started`, weeks and ADF. No I/O, no Textual.

What the week's first frame does not draw loads on first use: the submodules below
(`domain.render.render_week(...)`, see `tuiws.lazy_modules`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tuiws.lazy_modules import lazy_submodules

if TYPE_CHECKING:
    from tuiws.domain import render as render
    from tuiws.domain import timer as timer
    from tuiws.domain import wiki_text as wiki_text
else:
    __getattr__, __dir__ = lazy_submodules(
        __name__,
        (
            "render",
            "timer",
            "wiki_text",
        ),
    )
