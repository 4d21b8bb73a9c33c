"""The route table: which handler answers which method and path, and Jira's 404/405."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import fields_api, issues_api, people_api, worklogs_api
from .calls import Handler, Reply
from .render import errors


@dataclass(frozen=True)
class Route:
    pattern: re.Pattern[str]
    methods: dict[str, Handler]
    anonymous: bool = False


def _route(pattern: str, anonymous: bool = False, **methods: Handler) -> Route:
    return Route(re.compile(f"^{pattern}$"), methods, anonymous)


_ISSUE = r"issue/(?P<issue>[^/]+)"
ROUTES: tuple[Route, ...] = (
    _route("serverInfo", anonymous=True, GET=people_api.server_info),
    _route("myself", GET=people_api.myself),
    _route("mypermissions", GET=people_api.my_permissions),
    _route("user", GET=people_api.get_user),
    _route("user/search", GET=people_api.search_users),
    _route("user/bulk", GET=people_api.users_bulk),
    _route("group/member", GET=people_api.group_members),
    _route("configuration", GET=people_api.configuration),
    _route("configuration/timetracking", GET=people_api.tracking_provider),
    _route("configuration/timetracking/options", GET=people_api.tracking_options),
    _route("project", GET=people_api.projects),
    _route("field", GET=fields_api.list_fields),
    _route("issue/picker", GET=issues_api.issue_picker),
    _route(_ISSUE, GET=issues_api.get_issue),
    _route(_ISSUE + "/worklog", GET=worklogs_api.list_worklogs, POST=worklogs_api.add_worklog),
    _route(
        _ISSUE + r"/worklog/(?P<worklog>[^/]+)",
        GET=worklogs_api.get_worklog,
        PUT=worklogs_api.update_worklog,
        DELETE=worklogs_api.delete_worklog,
    ),
    _route("search", GET=issues_api.search, POST=issues_api.search),
    _route("search/jql", GET=issues_api.search_jql, POST=issues_api.search_jql),
    _route("worklog/updated", GET=worklogs_api.updated_worklogs),
    _route("worklog/deleted", GET=worklogs_api.deleted_worklogs),
    _route("worklog/list", POST=worklogs_api.worklog_list),
)
_API_PATH = re.compile(r"^/rest/api/(?P<version>[23]|latest)/(?P<rest>.+?)/?$")
# `latest` is v2 on both Cloud and Server/DC (Cloud's v3 is never "latest").
_LATEST = 2


@dataclass(frozen=True)
class Match:
    route: Route
    version: int
    params: dict[str, str]


def resolve(flavor: str, method: str, path: str) -> Match | Reply:
    """The route for a request, or the 404/405 reply Jira would give."""
    found = _API_PATH.match(path)
    if found is None or (flavor == "server" and found.group("version") == "3"):
        return Reply(404, errors([f"No resource found for {method} {path}."]))
    rest = found.group("rest")
    for route in ROUTES:
        hit = route.pattern.match(rest)
        if hit is None:
            continue
        if method not in route.methods:
            allowed = ", ".join(sorted(route.methods))
            return Reply(
                405,
                errors([f"Method {method} is not allowed for {path}."]),
                {"Allow": allowed},
            )
        params = {k: v for k, v in hit.groupdict().items() if v is not None}
        version = found.group("version")
        return Match(route, _LATEST if version == "latest" else int(version), params)
    return Reply(404, errors([f"No resource found for {method} {path}."]))
