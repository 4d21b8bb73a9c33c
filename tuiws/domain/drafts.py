"""What makes a worklog draft writable, checked against what the backend declares it can do.

Validation names the field and the fix, and runs once per save, before anything leaves the
machine: an invalid draft costs no request. What passes is a `CheckedDraft`, the only thing a
backend's writes accept; how it is written on the wire is the adapter's business.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Protocol

from tuiws.domain.durations import DurationError, format_duration, parse_duration
from tuiws.domain.issue_keys import ISSUE_KEY as ISSUE_KEY
from tuiws.domain.issue_keys import issue_key_problem
from tuiws.domain.issue_keys import normalise_issue_key as normalise_issue_key
from tuiws.domain.models import AdjustEstimate, AdjustMode, TimeTracking, WorklogDraft, WriteVerb

MIN_SECONDS = 60
# Jira stores timeSpentSeconds as a Java long, but a single entry over a week is a typo.
MAX_SECONDS = 7 * 24 * 3600
MAX_COMMENT_CHARS = 32_000


class DraftRules(Protocol):
    """What validation needs to know of the backend (its declared capabilities)."""

    def adjust_choices(self, verb: WriteVerb) -> tuple[AdjustMode, ...]: ...


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class DraftInvalid(ValueError):
    """The draft cannot be sent; `problems` lists each field with what to change."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems

    def for_field(self, name: str) -> str | None:
        return next((p.message for p in self.problems if p.field == name), None)


def check_issue_key(key: str) -> FieldProblem | None:
    problem = issue_key_problem(key)
    return FieldProblem("issue", problem) if problem is not None else None


@dataclass(frozen=True)
class CheckedDraft:
    """A draft that passed validation for `verb`: what a backend's writes accept.

    Made only by `check_draft`, so a write never validates again.
    """

    draft: WorklogDraft
    verb: WriteVerb
    tracking: TimeTracking


def adjust_problems(
    adjust: AdjustEstimate, verb: WriteVerb, tracking: TimeTracking, rules: DraftRules
) -> list[FieldProblem]:
    allowed = rules.adjust_choices(verb)
    if adjust.mode not in allowed:
        return [
            FieldProblem(
                "adjust",
                f"'{adjust.mode}' is not possible when you {verb} a worklog; "
                f"choose {', '.join(allowed)}",
            )
        ]
    if adjust.mode in ("new", "manual"):
        what = {
            "new": "the new remaining estimate",
            "manual": "how much to reduce the estimate by"
            if verb == "add"
            else "how much to add back to the estimate",
        }[adjust.mode]
        if not adjust.value or not adjust.value.strip():
            return [FieldProblem("adjust", f"enter {what}, e.g. 2h")]
        try:
            seconds = estimate_seconds(adjust.value, tracking)
        except DurationError as exc:
            return [FieldProblem("adjust", str(exc))]
        if adjust.mode == "manual" and seconds <= 0:
            return [FieldProblem("adjust", f"enter {what}, e.g. 2h")]
    return []


def estimate_seconds(text: str, tracking: TimeTracking) -> int:
    """An estimate in seconds; unlike a worklog's duration, nothing ("0m") is allowed."""
    text = text.strip()
    # A remaining estimate of nothing is meaningful for `new` ("0m"), unlike a worklog.
    if re.fullmatch(r"0+\s*[wdhm]?", text, flags=re.IGNORECASE):
        return 0
    return parse_duration(text, tracking)


def draft_problems(
    draft: WorklogDraft, *, verb: WriteVerb, tracking: TimeTracking, rules: DraftRules
) -> list[FieldProblem]:
    """Every problem the domain's rules find in `draft`, each naming its field."""
    problems: list[FieldProblem] = []
    if (p := check_issue_key(draft.issue_key)) is not None:
        problems.append(p)
    if draft.started.tzinfo is None or draft.started.utcoffset() is None:
        problems.append(FieldProblem("started", "the start time needs a time zone"))
    elif not 1970 <= draft.started.year <= 9999:
        problems.append(FieldProblem("date", f"{draft.started.year} is not a plausible year"))
    if draft.time_spent_seconds < MIN_SECONDS:
        problems.append(FieldProblem("duration", "log at least one minute (1m)"))
    elif draft.time_spent_seconds > MAX_SECONDS:
        problems.append(
            FieldProblem(
                "duration",
                f"{format_duration(draft.time_spent_seconds)} is more than a week in one "
                "entry; split it or check the unit",
            )
        )
    elif draft.time_spent_seconds % 60:
        problems.append(FieldProblem("duration", "Jira counts whole minutes"))
    if draft.comment is not None and len(draft.comment) > MAX_COMMENT_CHARS:
        problems.append(
            FieldProblem("comment", f"keep the comment under {MAX_COMMENT_CHARS} characters")
        )
    elif draft.comment is not None and not is_sendable_text(draft.comment):
        problems.append(FieldProblem("comment", NOT_TEXT))
    if draft.original_comment_adf and not is_sendable_text(_as_json(draft.original_comment_adf)):
        problems.append(FieldProblem("comment", f"the original comment: {NOT_TEXT}"))
    problems.extend(adjust_problems(draft.adjust, verb, tracking, rules))
    return problems


def check_draft(
    draft: WorklogDraft,
    *,
    verb: WriteVerb,
    tracking: TimeTracking,
    rules: DraftRules,
    extra: list[FieldProblem] | None = None,
) -> CheckedDraft:
    """The draft, checked: raise `DraftInvalid` listing every problem (the domain's and the
    backend's `extra` ones) at once."""
    problems = draft_problems(draft, verb=verb, tracking=tracking, rules=rules)
    problems.extend(extra or [])
    if problems:
        raise DraftInvalid(problems)
    return CheckedDraft(draft, verb, tracking)


def check_adjust(
    adjust: AdjustEstimate, verb: WriteVerb, tracking: TimeTracking, rules: DraftRules
) -> AdjustEstimate:
    """`adjust`, or `DraftInvalid` when a write of `verb` cannot move the estimate so."""
    problems = adjust_problems(adjust, verb, tracking, rules)
    if problems:
        raise DraftInvalid(problems)
    return adjust


NOT_TEXT = (
    "holds bytes that are not text (invalid UTF-8 or a lone surrogate, e.g. from a shell "
    "variable or a broken paste); retype those characters"
)


def is_sendable_text(text: str) -> bool:
    """True when `text` encodes as UTF-8, as every request body must (a lone surrogate,
    which is how Python keeps invalid UTF-8 from the command line, does not)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _as_json(document: Any) -> str:
    try:
        return json.dumps(document, ensure_ascii=False)
    except (TypeError, ValueError):
        return "\ud800"  # not serialisable: as unsendable as a lone surrogate
