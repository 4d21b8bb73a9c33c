"""The exact request Jira gets for a checked draft: its body and `adjustEstimate` parameters.

`started` goes in Jira's one shape; the comment as an ADF document for Cloud (the untouched
original when the user did not edit it), a plain string for Server/DC. Nothing here validates:
writes take a `CheckedDraft`, validated once by the service.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tuiws.backends.jira.adf import AdfError, text_to_adf, validate_adf
from tuiws.backends.jira.started import format_started
from tuiws.backends.jira.wire import WireProperty
from tuiws.domain.drafts import CheckedDraft, FieldProblem, estimate_seconds
from tuiws.domain.models import AdjustEstimate, TimeTracking, WorklogDraft, WriteVerb

__all__ = ["OPERATION_PROPERTY", "adf_problems", "adjust_params", "operation_of", "worklog_body"]

OPERATION_PROPERTY = "tuiws.op"
"""The worklog entity property holding the write journal's operation id: `{"op": id}`."""


def operation_of(properties: Sequence[WireProperty]) -> str | None:
    """The operation id a worklog was created with, if tuiws tagged it."""
    for prop in properties:
        if prop.key == OPERATION_PROPERTY and isinstance(prop.value, dict):
            op = prop.value.get("op")
            return op if isinstance(op, str) else None
    return None


def adf_problems(draft: WorklogDraft) -> list[FieldProblem]:
    """An untouched rich comment goes back verbatim on Cloud, so it must be a valid document."""
    if draft.comment_touched or not draft.original_comment_adf:
        return []
    try:
        validate_adf(draft.original_comment_adf)
    except AdfError as exc:
        return [FieldProblem("comment", f"the original comment is not valid: {exc}")]
    return []


def adjust_params(
    adjust: AdjustEstimate, verb: WriteVerb, tracking: TimeTracking
) -> dict[str, str]:
    """The query parameters for `adjustEstimate` and its companion, as each verb allows."""
    params: dict[str, str] = {"adjustEstimate": adjust.mode}
    if adjust.mode in ("new", "manual"):
        seconds = estimate_seconds(adjust.value or "", tracking)
        # Jira parses its own notation with the instance's day length; minutes are exact.
        value = f"{seconds // 60}m"
        if adjust.mode == "new":
            params["newEstimate"] = value
        else:
            params["reduceBy" if verb == "add" else "increaseBy"] = value
    return params


def worklog_body(checked: CheckedDraft, *, adf: bool) -> dict[str, Any]:
    """The JSON body for add/update; `adf` when comments are Atlassian Documents (Cloud)."""
    draft = checked.draft
    body: dict[str, Any] = {
        "started": format_started(draft.started),
        "timeSpentSeconds": draft.time_spent_seconds,
    }
    comment = _comment_for(draft, adf, checked.verb)
    if comment is not None:
        body["comment"] = comment
    return body


def _comment_for(draft: WorklogDraft, adf: bool, verb: WriteVerb) -> Any:
    if not draft.comment_touched:
        if verb == "update":
            # Leaving the field out keeps whatever Jira has, rich formatting included.
            return None
        if adf and draft.original_comment_adf:
            return draft.original_comment_adf
    text = (draft.comment or "").strip("\n")
    if adf:
        if not text.strip():
            return text_to_adf("") if verb == "update" else None
        return text_to_adf(text)
    if not text.strip():
        return "" if verb == "update" else None
    return text
