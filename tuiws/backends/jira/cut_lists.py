"""The rest of the worklogs of issues whose embedded list Jira cut short, in few requests.

Per issue, the rest costs one `GET /issue/{key}/worklog` each: 32 requests for a team week of
250 issues. The change feed costs far fewer when the lists were cut recently: walk
`worklog/updated` from the latest creation among the cut lists' embedded entries (Jira embeds
an issue's oldest 20, so every missing entry was created, hence updated, after it), hydrate
the ids with `worklog/list` (1000 a request), and keep each issue's list only if it is then
provably whole: as many distinct entries as the issue's worklog `total`. Any issue that falls
short (an entry changed in the last minute, which the feed leaves out, or an older one) is
fetched per issue, and so is every one when the feed would cost more than that.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from tuiws.backends.errors import FeedUnavailable, Forbidden, Invalid, NotFound
from tuiws.backends.jira.client import WORKLOG_LIST_BATCH, JiraClient
from tuiws.backends.jira.started import parse_started
from tuiws.backends.jira.wire import IssueBean, WireWorklog

__all__ = ["whole_lists_from_feed"]

FEED_PAGE = 1000  # ids a `worklog/updated` page holds at most
_TIE = timedelta(seconds=1)  # feed stamps are milliseconds; creation times may be rounded


async def whole_lists_from_feed(
    client: JiraClient, cut: Sequence[IssueBean]
) -> dict[str, list[WireWorklog]]:
    """The whole worklog list of each cut issue the feed proves complete, by issue key."""
    budget = len(cut)  # requests the per-issue route would cost
    since = _feed_start(cut)
    if since is None or budget < 4:  # the feed costs at least a page and a hydration
        return {}
    ids: dict[int, None] = {}
    pages = 0
    try:
        cursor = since
        while True:
            page = await client.worklogs_updated(cursor)
            pages += 1
            ids.update((v.worklog_id, None) for v in page.values)
            if page.last_page or not page.values or page.until <= cursor:
                break
            if pages + 1 + -(-len(ids) // WORKLOG_LIST_BATCH) >= budget:
                return {}  # the feed would cost more than asking each issue
            cursor = page.until
        if pages + -(-len(ids) // WORKLOG_LIST_BATCH) >= budget or not ids:
            return {}
        hydrated = await client.worklogs_by_id(list(ids))
    except (FeedUnavailable, Forbidden, Invalid, NotFound):
        return {}  # no feed on this Jira (or not for this account): ask per issue
    by_issue: dict[str, dict[str, WireWorklog]] = {b.id: {} for b in cut}
    for bean in cut:
        embedded = bean.fields.worklog
        for w in embedded.worklogs if embedded else ():
            by_issue[bean.id][w.id] = w
    for w in hydrated:
        if w.issue_id in by_issue:
            by_issue[w.issue_id].setdefault(w.id, w)
    whole: dict[str, list[WireWorklog]] = {}
    for bean in cut:
        embedded = bean.fields.worklog
        found = by_issue[bean.id]
        if embedded is not None and len(found) == embedded.total:
            whole[bean.key] = list(found.values())
    return whole


def _feed_start(cut: Sequence[IssueBean]) -> int | None:
    """Epoch ms from which the feed holds every entry missing from the cut lists."""
    latest: list[int] = []
    for bean in cut:
        page = bean.fields.worklog
        stamps = [_stamp(w.created or w.updated) for w in page.worklogs] if page else []
        known = [s for s in stamps if s is not None]
        if not known:
            return None
        latest.append(int((max(known) - _TIE).timestamp() * 1000))
    return min(latest) if latest else None


def _stamp(text: str | None) -> datetime | None:
    try:
        return parse_started(text) if text else None
    except ValueError:
        return None
