"""Everit Timetracker under `{emulator}/timetracker/api/latest/public`: the API key, the CSRF
header, the `x-timezone` zone, the license and the 479 for a missing permission."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..calls import Reply
from ..state import EmulatorState
from . import report_api, worklog_api
from .store import BASE_PATH, everit_store
from .wire import EveritCall, EveritError

Handler = Callable[[EveritCall], Reply]
ROUTES: dict[str, dict[str, Handler]] = {
    "/worklog": {
        "GET": worklog_api.get,
        "POST": worklog_api.create,
        "PATCH": worklog_api.patch,
        "DELETE": worklog_api.delete,
    },
    "/report/details": {"POST": report_api.details},
    "/tag": {"GET": report_api.tags},
}
_CHANGES = ("POST", "PATCH", "PUT", "DELETE")


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
    """Everit's answer below its base path, or None. Everit Cloud pairs with Jira Cloud."""
    if flavor != "cloud" or not path.startswith(BASE_PATH + "/"):
        return None
    store = everit_store(state)
    key = headers.get("x-everit-api-key", "").strip()
    with state.lock:
        user = store.user_for_key(state, key) if key else None
    if user is None:
        return Reply(401, {"message": "Unauthorized: a valid x-everit-api-key is required."})
    methods = ROUTES.get(path[len(BASE_PATH) :].rstrip("/"))
    if methods is None:
        return Reply(404, {"message": f"No resource at {path}."})
    handler = methods.get(method)
    if handler is None:
        return Reply(
            405, {"message": f"Method {method} not allowed."}, {"Allow": ", ".join(methods)}
        )
    if method in _CHANGES and "x-requested-by" not in headers:
        return Reply(403, {"message": "The x-requested-by header is required (CSRF protection)."})
    if user.account_id in store.without_permission:
        return Reply(479, {"message": "You do not have the necessary Timetracker permission."})
    if not store.license_active:
        return EveritError(400, additional=[("NoActiveLicense", None)]).reply()
    zone_name = headers.get("x-timezone", "").strip() or "UTC"
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        return EveritError(400, [("Invalid", [["x-timezone"]])]).reply()
    call = EveritCall(state, store, user, zone, method, query, body)
    try:
        with state.lock:
            for worklog in state.all_worklogs():  # ids in Jira-id order, never by first sight
                store.ids.own_id(worklog.id)
        return handler(call)
    except EveritError as error:
        return error.reply()
    except Exception as error:  # a bug in the emulator: answer like a crashed service
        return Reply(500, {"message": f"Internal server error: {error!r}"})
