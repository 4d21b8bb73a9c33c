"""Find issues from free text or JQL: one input, JQL recognised by its operators."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence

from tuiws.domain.drafts import ISSUE_KEY
from tuiws.domain.models import Issue
from tuiws.jira.convert import to_issue
from tuiws.services.lookups import fetch_issues, jql_string
from tuiws.services.session import Session

SEARCH_FIELDS = ("summary", "status", "project", "timetracking")
_JQL_HINT = re.compile(
    r"(!=|!~|>=|<=|[=~<>]|\border\s+by\b|\b(?:not\s+)?in\s*\(|\bis\s+(?:not\s+)?empty\b)",
    re.IGNORECASE,
)


def looks_like_jql(text: str) -> bool:
    return bool(_JQL_HINT.search(text))


class SearchService:
    def __init__(self, session: Session) -> None:
        self.session = session

    async def search(self, text: str, *, jql: bool | None = None, limit: int = 50) -> list[Issue]:
        """Issues for `text`: as JQL when `jql` is true (or, when None, when it looks like JQL)."""
        text = text.strip()
        if not text:
            return []
        client = self.session.client
        if jql if jql is not None else looks_like_jql(text):
            beans = await client.search(text, SEARCH_FIELDS, limit=limit)
            return [to_issue(b) for b in beans]
        query = f"text ~ {jql_string(text)} ORDER BY updated DESC"
        key = text.upper()
        if ISSUE_KEY.match(key):
            # An exact key comes first; `key = X` in JQL would fail whole if X does not exist.
            exact, found = await asyncio.gather(
                self.issues([key]), client.search(query, SEARCH_FIELDS, limit=limit)
            )
            rest = [to_issue(b) for b in found if b.key != key]
            return (exact + rest)[:limit]
        return [to_issue(b) for b in await client.search(query, SEARCH_FIELDS, limit=limit)]

    async def issues(self, keys: Sequence[str]) -> list[Issue]:
        return await fetch_issues(self.session.client, keys, SEARCH_FIELDS)
