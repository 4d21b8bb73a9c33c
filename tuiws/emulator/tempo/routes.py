"""Tempo Cloud under `{emulator}/tempo`: Bearer tokens, the five-a-second limit, core/3's
410 switch, and which handler answers which path."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..calls import Reply
from ..state import EmulatorState
from . import core3_api, deletions, schemes_api, v4_api
from .reads import sync_ids
from .store import BASE_PATH, tempo_store
from .wire import TempoCall, TempoError

Handler = Callable[[TempoCall], Reply]
_ACCOUNT = r"(?P<account>[^/]+)"
_ID = r"(?P<id>[^/]+)"
_TABLE: tuple[tuple[str, dict[str, Handler]], ...] = (
    ("/4/worklogs", {"GET": v4_api.list_worklogs, "POST": v4_api.create_worklog}),
    ("/4/worklogs/search", {"POST": v4_api.search_worklogs}),
    ("/4/worklogs/jira-to-tempo", {"POST": v4_api.jira_to_tempo}),
    ("/4/worklogs/tempo-to-jira", {"POST": v4_api.tempo_to_jira}),
    (f"/4/worklogs/user/{_ACCOUNT}", {"GET": v4_api.user_worklogs}),
    (
        f"/4/worklogs/{_ID}",
        {
            "GET": v4_api.get_worklog,
            "PUT": v4_api.update_worklog,
            "DELETE": v4_api.delete_worklog,
        },
    ),
    ("/4/work-attributes", {"GET": schemes_api.work_attributes}),
    ("/4/globalconfiguration", {"GET": schemes_api.global_configuration}),
    ("/4/user-schedule", {"GET": schemes_api.user_schedule}),
    (f"/4/user-schedule/{_ACCOUNT}", {"GET": schemes_api.user_schedule}),
    (f"/4/timesheet-approvals/user/{_ACCOUNT}", {"GET": schemes_api.timesheet_approval}),
    ("/papertrail/1/events/deleted/types/worklog", {"GET": deletions.papertrail}),
    ("/core/3/worklogs", {"GET": core3_api.worklogs, "POST": core3_api.create_worklog}),
    (f"/core/3/worklogs/user/{_ACCOUNT}", {"GET": core3_api.user_worklogs}),
    (r"/core/3/worklogs/jira/(?P<jira>[^/]+)", {"GET": core3_api.by_jira_id}),
    (
        f"/core/3/worklogs/{_ID}",
        {
            "GET": core3_api.get_worklog,
            "PUT": core3_api.update_worklog,
            "DELETE": core3_api.delete_worklog,
        },
    ),
    ("/core/3/work-attributes", {"GET": schemes_api.work_attributes}),
    ("/audit/1/events/deleted/types/worklog", {"GET": deletions.audit}),
)
ROUTES = tuple((re.compile(f"^{pattern}/?$"), methods) for pattern, methods in _TABLE)
_RETIRED = ("/core/3/", "/audit/1/")


def _bearer(headers: dict[str, str]) -> str | None:
    scheme, _, value = headers.get("authorization", "").strip().partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


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
    """Tempo's answer for a request below `/tempo/`, or None when it is not Tempo's.

    Tempo Cloud pairs with Jira Cloud only: on a Server emulator the path is Jira's 404."""
    if flavor != "cloud" or not path.startswith(BASE_PATH + "/"):
        return None
    rest = path[len(BASE_PATH) :]
    store = tempo_store(state)
    if store.core3_gone and rest.startswith(_RETIRED):
        return TempoError(
            410, "This API version is no longer available. Use https://api.tempo.io/4 instead."
        ).reply()
    token = _bearer(headers)
    with state.lock:
        user = store.user_for_token(state, token) if token else None
        bucket = store.bucket(token) if token else None
    if user is None or token is None:
        return TempoError(401, "Unauthorized: a valid Tempo API token is required.").reply()
    lacking = store.missing_scope(token, rest)
    if lacking is not None:
        return TempoError(403, f"The access token does not have the '{lacking}' scope.").reply()
    refusal = bucket.spend(1.0) if bucket is not None else None
    if refusal is not None:
        return TempoError(
            429, "Rate limit exceeded.", {"Retry-After": str(refusal.retry_after)}
        ).reply()
    for pattern, methods in ROUTES:
        hit = pattern.match(rest)
        if hit is None:
            continue
        handler = methods.get(method)
        if handler is None:
            allowed = ", ".join(sorted(methods))
            return Reply(
                405, {"errors": [{"message": f"Method {method} not allowed."}]}, {"Allow": allowed}
            )
        call = TempoCall(
            state=state,
            store=store,
            user=user,
            method=method,
            path=rest,
            query=query,
            body=body,
            base_url=base_url + BASE_PATH,
            jira_url=base_url,
            params={k: v for k, v in hit.groupdict().items() if v is not None},
        )
        try:
            with state.lock:
                sync_ids(call)
            return handler(call)
        except TempoError as error:
            return error.reply()
        except Exception as error:  # a bug in the emulator: answer like a crashed service
            return Reply(500, {"errors": [{"message": f"Internal server error: {error!r}"}]})
    return TempoError(404, f"No resource found for {method} {path}.").reply()
