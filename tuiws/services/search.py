"""Find issues from free text or the directory's query language (JQL on Jira): one input,
a query recognised by its operators."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from tuiws.domain.drafts import ISSUE_KEY
from tuiws.domain.models import Issue
from tuiws.services.session import Session


class SearchService:
    def __init__(self, session: Session) -> None:
        self.session = session

    def looks_like_query(self, text: str) -> bool:
        return self.session.directory.looks_like_query(text)

    async def search(self, text: str, *, jql: bool | None = None, limit: int = 50) -> list[Issue]:
        """Issues for `text`: as a query when `jql` is true (or, when None, when it looks like
        one), else as words."""
        text = text.strip()
        if not text:
            return []
        directory = self.session.directory
        if jql if jql is not None else directory.looks_like_query(text):
            return await directory.search_query(text, limit=limit)
        key = text.upper()
        if ISSUE_KEY.match(key):
            # An exact key comes first; asking for it by key in a query would fail whole if it
            # does not exist.
            exact, found = await asyncio.gather(
                self.issues([key]), directory.search_text(text, limit=limit)
            )
            rest = [i for i in found if i.key != key]
            return (exact + rest)[:limit]
        return await directory.search_text(text, limit=limit)

    async def issues(self, keys: Sequence[str]) -> list[Issue]:
        return await self.session.directory.issues(keys)
