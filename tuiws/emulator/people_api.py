"""Endpoints about the instance and its people: serverInfo, myself, users, configuration."""

from __future__ import annotations

from typing import Any

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
