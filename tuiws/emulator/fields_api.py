"""`GET /field`: the system fields the emulator serves, as Jira lists them for clients.

Clients (pycontribs `jira` among them) read this to translate JQL names to field ids before a
search, so a missing endpoint fails their search.
"""

from __future__ import annotations

from typing import Any

from .calls import Call, Reply
from .state import EmulatorState

# id -> (name, schema type, schema items, JQL clause names, orderable, navigable, searchable)
_FIELDS: tuple[tuple[str, str, str, str | None, tuple[str, ...], bool, bool, bool], ...] = (
    ("issuekey", "Key", "", None, ("id", "issue", "issuekey", "key"), False, True, True),
    ("summary", "Summary", "string", None, ("summary",), True, True, True),
    ("status", "Status", "status", None, ("status",), False, True, True),
    ("project", "Project", "project", None, ("project",), False, True, True),
    ("issuetype", "Issue Type", "issuetype", None, ("issuetype", "type"), True, True, True),
    ("priority", "Priority", "priority", None, ("priority",), True, True, True),
    ("assignee", "Assignee", "user", None, ("assignee",), True, True, True),
    ("reporter", "Reporter", "user", None, ("reporter",), True, True, True),
    ("created", "Created", "datetime", None, ("created", "createdDate"), False, True, True),
    ("updated", "Updated", "datetime", None, ("updated", "updatedDate"), False, True, True),
    ("description", "Description", "string", None, ("description",), True, True, True),
    ("labels", "Labels", "array", "string", ("labels",), True, True, True),
    ("timetracking", "Time tracking", "timetracking", None, (), True, False, True),
    (
        "timeoriginalestimate",
        "Original Estimate",
        "number",
        None,
        ("originalEstimate", "timeoriginalestimate"),
        False,
        True,
        True,
    ),
    (
        "timeestimate",
        "Remaining Estimate",
        "number",
        None,
        ("remainingEstimate", "timeestimate"),
        False,
        True,
        True,
    ),
    ("timespent", "Time Spent", "number", None, ("timespent",), False, True, True),
    (
        "aggregatetimeoriginalestimate",
        "Σ Original Estimate",
        "number",
        None,
        (),
        False,
        True,
        False,
    ),
    ("aggregatetimeestimate", "Σ Remaining Estimate", "number", None, (), False, True, False),
    ("aggregatetimespent", "Σ Time Spent", "number", None, (), False, True, False),
    ("worklog", "Log Work", "array", "worklog", (), True, False, True),
)


def _field_json(
    state: EmulatorState,
    entry: tuple[str, str, str, str | None, tuple[str, ...], bool, bool, bool],
) -> dict[str, Any]:
    field_id, name, kind, items, clauses, orderable, navigable, searchable = entry
    out: dict[str, Any] = {"id": field_id}
    if state.flavor == "cloud":
        out["key"] = field_id
    out.update(
        {
            "name": name,
            "custom": False,
            "orderable": orderable,
            "navigable": navigable,
            "searchable": searchable,
            "clauseNames": list(clauses),
        }
    )
    if kind:
        schema: dict[str, Any] = {"type": kind}
        if items:
            schema["items"] = items
        schema["system"] = field_id
        out["schema"] = schema
    return out


def list_fields(state: EmulatorState, call: Call) -> Reply:
    return Reply(200, [_field_json(state, entry) for entry in _FIELDS])
