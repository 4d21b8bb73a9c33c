"""The products served beside Jira on the same emulator and state: Tempo Cloud (`/tempo`),
Everit Timetracker (`/timetracker/api/latest/public`) and the Worklog extender plugin
(`/rest/extender/1.0`). The server asks here first; None means "Jira's request"."""

from __future__ import annotations

from .calls import Reply
from .everit import routes as everit_routes
from .extender import api as extender_api
from .state import EmulatorState
from .tempo import routes as tempo_routes

_READS = ("/worklogs/search", "/worklogs/jira-to-tempo", "/worklogs/tempo-to-jira")


def dispatch(
    state: EmulatorState,
    flavor: str,
    base_url: str,
    method: str,
    path: str,
    query: dict[str, list[str]],
    headers: dict[str, str],
    body: bytes,
) -> Reply | None:
    for product in (tempo_routes.dispatch, everit_routes.dispatch, extender_api.dispatch):
        reply = product(state, flavor, base_url, method, path, query, headers, body)
        if reply is not None:
            return reply
    return None


def is_worklog_write(method: str, path: str) -> bool:
    """A request that changes a worklog, on any of the APIs (searches and reports excluded)."""
    trimmed = path.rstrip("/")
    if method not in ("POST", "PUT", "DELETE", "PATCH") or "/worklog" not in trimmed:
        return False
    return not trimmed.endswith(("/worklog/list", *_READS))
