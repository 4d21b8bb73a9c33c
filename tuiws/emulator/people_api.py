"""Endpoints about the instance and its people: serverInfo, myself, users, configuration."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from .calls import Call, Reply, me, view_for
from .jiratime import format_timestamp
from .models import JiraError
from .render import project_json, user_json
from .state import EmulatorState


def server_info(state: EmulatorState, call: Call) -> Reply:
    cloud = state.flavor == "cloud"
    version = "1001.0.0-SNAPSHOT" if cloud else "9.12.4"
    zone = call.user.zone if call.user else state.now().tzinfo
    assert zone is not None
    return Reply(
        200,
        {
            "baseUrl": call.base_url,
            "version": version,
            "versionNumbers": [1001, 0, 0] if cloud else [9, 12, 4],
            "deploymentType": "Cloud" if cloud else "Server",
            "buildNumber": 100282 if cloud else 9120004,
            "buildDate": "2026-01-15T00:00:00.000+0000",
            "serverTime": format_timestamp(state.now(), zone),
            "scmInfo": "tuiws-emulator",
            "serverTitle": "Jira (tuiws emulator)",
        },
    )


def myself(state: EmulatorState, call: Call) -> Reply:
    return Reply(200, user_json(view_for(state, call), me(call), full=True))


def get_user(state: EmulatorState, call: Call) -> Reply:
    names = ("accountId",) if state.flavor == "cloud" else ("username", "key")
    wanted = next((call.arg(n) for n in names if call.arg(n)), None)
    if not wanted:
        raise JiraError(400, [f"The '{names[0]}' query parameter needs to be provided."])
    found = state.find_user(wanted)
    if found is None or wanted.lower() not in {
        found.account_id.lower(),
        found.name,
        found.key.lower(),
    }:
        raise JiraError(404, [f"The user '{wanted}' does not exist."])
    return Reply(200, user_json(view_for(state, call), found))


def search_users(state: EmulatorState, call: Call) -> Reply:
    text = call.arg("query") or call.arg("username") or ""
    if not text and call.arg("accountId"):
        text = call.arg("accountId") or ""
    if not text:
        param = "query" if state.flavor == "cloud" else "username"
        raise JiraError(400, [f"The '{param}' query parameter is required."])
    lowered = text.lower()
    start = call.int_arg("startAt", 0)
    limit = min(call.int_arg("maxResults", 50), 1000)
    found = [
        user
        for user in state.users
        if user.active
        and (
            any(part.startswith(lowered) for part in user.display_name.lower().split())
            or user.display_name.lower().startswith(lowered)
            or user.email.lower().startswith(lowered)
            or user.name.lower().startswith(lowered)
            or user.account_id.lower() == lowered
        )
    ]
    view = view_for(state, call)
    return Reply(200, [user_json(view, u) for u in found[start : start + limit]])


GROUP_PAGE_CAP = 50  # Jira serves group members 50 at most a page
USER_BULK_DEFAULT = 10


def _page_bean(
    view_url: str, query: list[tuple[str, str]], values: list[Any], start: int, limit: int
) -> dict[str, Any]:
    """Jira's PageBean: `self`/`nextPage` links, offsets, `total` and `isLast`."""
    chosen = values[start : start + limit]
    last = start + limit >= len(values)

    def link(at: int) -> str:
        parts = [*query, ("startAt", str(at)), ("maxResults", str(limit))]
        return f"{view_url}?{urlencode(parts)}"

    out: dict[str, Any] = {"self": link(start)}
    if not last:
        out["nextPage"] = link(start + limit)
    out.update({"maxResults": limit, "startAt": start, "total": len(values), "isLast": last})
    out["values"] = chosen
    return out


def group_members(state: EmulatorState, call: Call) -> Reply:
    """`group/member`: by `groupname` (both flavors) or Cloud's `groupId`, 50 a page at most."""
    name = call.arg("groupname")
    group_id = call.arg("groupId") if state.flavor == "cloud" else None
    if name and group_id:
        raise JiraError(400, ["Only one of 'groupname' and 'groupId' can be provided."])
    if not name and not group_id:
        wanted = "'groupname' or 'groupId'" if state.flavor == "cloud" else "'groupname'"
        raise JiraError(400, [f"You must specify {wanted}."])
    group = state.find_group(name=name, group_id=group_id)
    if group is None:
        shown = name or group_id
        raise JiraError(404, [f"The group named '{shown}' does not exist."])
    inactive = (call.arg("includeInactiveUsers") or "").lower() == "true"
    start = call.int_arg("startAt", 0)
    limit = min(call.int_arg("maxResults", GROUP_PAGE_CAP, minimum=1), GROUP_PAGE_CAP)
    view = view_for(state, call)
    people = [user_json(view, u) for u in state.group_members(group, include_inactive=inactive)]
    query = [("groupId", group.group_id) if group_id else ("groupname", group.name)]
    query.append(("includeInactiveUsers", "true" if inactive else "false"))
    return Reply(200, _page_bean(view.api("group/member"), query, people, start, limit))


def users_bulk(state: EmulatorState, call: Call) -> Reply:
    """Cloud's `user/bulk`: accounts by id (repeat `accountId`); unknown ids are left out."""
    if state.flavor != "cloud":
        raise JiraError(404, [f"No resource found for {call.method} {call.path}."])
    ids = call.args("accountId")
    if not ids:
        raise JiraError(400, ["The 'accountId' query parameter needs to be provided."])
    start = call.int_arg("startAt", 0)
    limit = min(call.int_arg("maxResults", USER_BULK_DEFAULT, minimum=1), 1000)
    view = view_for(state, call)
    found = []
    for ident in dict.fromkeys(ids):
        user = state.find_user(ident)
        if user is not None and user.account_id == ident:
            found.append(user_json(view, user))
    query = [("accountId", i) for i in ids]
    return Reply(200, _page_bean(view.api("user/bulk"), query, found, start, limit))


def configuration(state: EmulatorState, call: Call) -> Reply:
    return Reply(
        200,
        {
            "votingEnabled": True,
            "watchingEnabled": True,
            "unassignedIssuesAllowed": True,
            "subTasksEnabled": True,
            "issueLinkingEnabled": True,
            "timeTrackingEnabled": state.time_tracking_enabled,
            "attachmentsEnabled": True,
            "timeTrackingConfiguration": _tracking_options(state),
        },
    )


def _tracking_options(state: EmulatorState) -> dict[str, Any]:
    return {
        "workingHoursPerDay": float(state.hours_per_day),
        "workingDaysPerWeek": float(state.days_per_week),
        "timeFormat": "pretty",
        "defaultUnit": "minute",
    }


def _require_admin(call: Call) -> None:
    if not me(call).admin:
        raise JiraError(
            403,
            [
                "You are not authorized to perform this action. "
                "Administrator privileges are required."
            ],
        )


def tracking_options(state: EmulatorState, call: Call) -> Reply:
    _require_admin(call)
    return Reply(200, _tracking_options(state))


def tracking_provider(state: EmulatorState, call: Call) -> Reply:
    _require_admin(call)
    if not state.time_tracking_enabled:
        return Reply(204)
    return Reply(200, {"key": "JIRA", "name": "JIRA provided time tracking", "url": ""})


def projects(state: EmulatorState, call: Call) -> Reply:
    view = view_for(state, call)
    visible = [p for p in state.projects.values() if p.browsable or me(call).admin]
    return Reply(200, [project_json(view, state, p.key) for p in visible])


# Global permissions `mypermissions` answers for; project ones hold for every signed-in user here.
_PERMISSIONS: dict[str, tuple[str, str, bool]] = {
    "ADMINISTER": ("0", "Administer Jira", True),
    "SYSTEM_ADMIN": ("44", "Jira System Administrators", True),
    "BROWSE_PROJECTS": ("10", "Browse Projects", False),
    "WORK_ON_ISSUES": ("20", "Work On Issues", False),
}


def my_permissions(state: EmulatorState, call: Call) -> Reply:
    """`mypermissions?permissions=KEY,…`: whether the caller holds each (admins hold all)."""
    raw = call.arg("permissions")
    if not raw and state.flavor == "cloud":
        raise JiraError(400, ["The 'permissions' query parameter is required."])
    keys = [k.strip().upper() for k in raw.split(",") if k.strip()] if raw else list(_PERMISSIONS)
    unknown = [k for k in keys if k not in _PERMISSIONS]
    if unknown:
        raise JiraError(400, [f"Invalid permission key: {unknown[0]}"])
    admin = me(call).admin
    out: dict[str, Any] = {}
    for key in keys:
        ident, name, global_only = _PERMISSIONS[key]
        out[key] = {
            "id": ident,
            "key": key,
            "name": name,
            "type": "GLOBAL" if global_only else "PROJECT",
            "description": name,
            "havePermission": admin or not global_only,
        }
    return Reply(200, {"permissions": out})
