"""Draft validation (the domain's rules, against declared capabilities) and the exact
request bodies/parameters the Jira adapter builds from a checked draft."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiws.backends.capabilities import Capabilities
from tuiws.backends.jira.adf import text_to_adf
from tuiws.backends.jira.connection import CLOUD, SERVER
from tuiws.backends.jira.drafts import adf_problems, adjust_params, worklog_body
from tuiws.domain.drafts import (
    CheckedDraft,
    DraftInvalid,
    check_adjust,
    check_draft,
    check_issue_key,
)
from tuiws.domain.models import AdjustEstimate, TimeTracking, WorklogDraft, WriteVerb

BERLIN = ZoneInfo("Europe/Berlin")
TT = TimeTracking()


def draft(**changes: Any) -> WorklogDraft:
    base = WorklogDraft(
        issue_key="PLAT-12",
        started=datetime(2026, 3, 10, 9, 30, tzinfo=BERLIN),
        time_spent_seconds=5400,
        comment="Reviewed the PR",
    )
    return replace(base, **changes)


def validate(d: WorklogDraft, caps: Capabilities, verb: WriteVerb = "add") -> CheckedDraft:
    """As the service validates: the domain's rules and what the adapter adds for Cloud."""
    extra = adf_problems(d) if caps.comment_format == "adf" else []
    return check_draft(d, verb=verb, tracking=TT, rules=caps, extra=extra)


def body(d: WorklogDraft, caps: Capabilities, verb: WriteVerb) -> dict[str, object]:
    return worklog_body(CheckedDraft(d, verb, TT), adf=caps.comment_format == "adf")


def test_valid_draft_passes_both_flavors() -> None:
    for caps in (CLOUD, SERVER):
        assert validate(draft(), caps).draft == draft()


def test_a_broken_original_rich_comment_is_refused_on_cloud_only() -> None:
    broken = draft(original_comment_adf={"type": "doc"}, comment_touched=False)
    with pytest.raises(DraftInvalid) as info:
        validate(broken, CLOUD)
    assert info.value.for_field("comment")
    validate(broken, SERVER)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"issue_key": "plat 12"}, "issue"),
        ({"issue_key": ""}, "issue"),
        ({"time_spent_seconds": 59}, "duration"),
        ({"time_spent_seconds": 90}, "duration"),
        ({"time_spent_seconds": 8 * 24 * 3600}, "duration"),
        ({"started": datetime(2026, 3, 10, 9, 30)}, "started"),
        ({"adjust": AdjustEstimate(mode="new")}, "adjust"),
        ({"adjust": AdjustEstimate(mode="manual", value="banana")}, "adjust"),
        ({"comment": "x" * 40_000}, "comment"),
    ],
)
def test_each_problem_names_its_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(DraftInvalid) as info:
        validate(draft(**changes), CLOUD)
    assert info.value.for_field(field), info.value.problems


def test_all_problems_reported_at_once() -> None:
    bad = draft(issue_key="nope", time_spent_seconds=0)
    with pytest.raises(DraftInvalid) as info:
        validate(bad, SERVER)
    assert {p.field for p in info.value.problems} == {"issue", "duration"}


def test_update_refuses_manual_adjust() -> None:
    with pytest.raises(DraftInvalid, match="not possible when you update"):
        check_adjust(AdjustEstimate(mode="manual", value="1h"), "update", TT, CLOUD)


@pytest.mark.parametrize(
    ("verb", "adjust", "expected"),
    [
        ("add", AdjustEstimate(mode="auto"), {"adjustEstimate": "auto"}),
        ("add", AdjustEstimate(mode="leave"), {"adjustEstimate": "leave"}),
        (
            "add",
            AdjustEstimate(mode="new", value="2d"),
            {"adjustEstimate": "new", "newEstimate": "960m"},
        ),
        (
            "add",
            AdjustEstimate(mode="manual", value="1h 30m"),
            {"adjustEstimate": "manual", "reduceBy": "90m"},
        ),
        (
            "update",
            AdjustEstimate(mode="new", value="0m"),
            {"adjustEstimate": "new", "newEstimate": "0m"},
        ),
        (
            "delete",
            AdjustEstimate(mode="manual", value="45m"),
            {"adjustEstimate": "manual", "increaseBy": "45m"},
        ),
        (
            "delete",
            AdjustEstimate(mode="new", value="1w"),
            {"adjustEstimate": "new", "newEstimate": "2400m"},
        ),
    ],
)
def test_adjust_params_follow_each_verb(
    verb: str, adjust: AdjustEstimate, expected: dict[str, str]
) -> None:
    assert adjust_params(adjust, verb, TT) == expected  # type: ignore[arg-type]


def test_cloud_body_has_strict_started_and_adf() -> None:
    sent = body(draft(), CLOUD, "add")
    assert sent["started"] == "2026-03-10T09:30:00.000+0100"  # winter offset for a March date
    assert sent["timeSpentSeconds"] == 5400
    assert sent["comment"] == text_to_adf("Reviewed the PR")


def test_server_body_has_plain_comment() -> None:
    sent = body(draft(started=datetime(2026, 7, 1, 9, 0, tzinfo=BERLIN)), SERVER, "add")
    assert sent["comment"] == "Reviewed the PR"
    assert sent["started"] == "2026-07-01T09:00:00.000+0200"


def test_empty_comment_is_left_out_on_add() -> None:
    for caps in (CLOUD, SERVER):
        assert "comment" not in body(draft(comment="  "), caps, "add")


def test_untouched_rich_comment_is_sent_back_verbatim() -> None:
    rich = {
        "type": "doc",
        "version": 1,
        "content": [
            {
                "type": "bulletList",
                "content": [
                    {
                        "type": "listItem",
                        "content": [
                            {
                                "type": "paragraph",
                                "content": [
                                    {"type": "text", "text": "one", "marks": [{"type": "strong"}]}
                                ],
                            }
                        ],
                    }
                ],
            }
        ],
    }
    copy = draft(comment="one", original_comment_adf=rich, comment_touched=False)
    assert body(copy, CLOUD, "add")["comment"] == rich
    # On update an untouched comment is not sent at all, so Jira keeps it as it is.
    assert "comment" not in body(copy, CLOUD, "update")


def test_edited_comment_replaces_the_rich_one() -> None:
    rich = text_to_adf("old")
    edited = draft(comment="new text", original_comment_adf=rich, comment_touched=True)
    assert body(edited, CLOUD, "update")["comment"] == text_to_adf("new text")


@given(st.from_regex(r"[A-Z][A-Z0-9]{0,5}-[1-9][0-9]{0,5}", fullmatch=True))
def test_issue_keys_accepted(key: str) -> None:
    assert check_issue_key(key) is None


@given(st.text(max_size=12).filter(lambda s: "-" not in s or not s[:1].isupper()))
def test_non_keys_refused(text: str) -> None:
    assert check_issue_key(text) is not None


@pytest.mark.parametrize("comment", ["caf\udcff", "lone \ud800 half", "\udfff"])
def test_comments_that_are_not_text_are_refused(comment: str) -> None:
    for caps in (CLOUD, SERVER):
        with pytest.raises(DraftInvalid) as info:
            validate(draft(comment=comment), caps)
        assert "not text" in (info.value.for_field("comment") or "")


def test_an_untouched_original_comment_that_is_not_text_is_refused() -> None:
    broken = text_to_adf("ok")
    broken["content"][0]["content"][0]["text"] = "bad \ud83d"
    untouched = draft(comment=None, comment_touched=False, original_comment_adf=broken)
    with pytest.raises(DraftInvalid, match="original comment"):
        validate(untouched, CLOUD, "update")
