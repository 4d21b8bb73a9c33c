"""Local files tuiws keeps: the cache, the write journal, drafts, timers. No Textual.

The cache opens, and the drafts' validation (pydantic) and the journal load, after the first
frame, on first use: the submodules below (`store.drafts.EditorDraft(...)`, see
`tuiws.lazy_modules`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tuiws.lazy_modules import lazy_submodules

if TYPE_CHECKING:
    from tuiws.store import cache as cache
    from tuiws.store import drafts as drafts
    from tuiws.store import journal as journal
    from tuiws.store import timer_store as timer_store
else:
    __getattr__, __dir__ = lazy_submodules(
        __name__,
        (
            "cache",
            "drafts",
            "journal",
            "timer_store",
        ),
    )
