"""Draft validation and the exact request bodies/parameters Jira gets."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuiws.domain.adf import text_to_adf
from tuiws.domain.drafts import (
    DraftInvalid,
    adjust_params,
    check_issue_key,
    validate_draft,
    worklog_body,
)
from tuiws.domain.models import AdjustEstimate, Flavor, TimeTracking, WorklogDraft

BERLIN = ZoneInfo("Europe/Berlin")
TT = TimeTracking()


def draft(**changes: object) -> WorklogDraft:
    base = WorklogDraft(
        issue_key="PLAT-12",
        started=datetime(2026, 3, 10, 9, 30, tzinfo=BERLIN),
        time_spent_seconds=5400,
        comment="Reviewed the PR",
    )
    return base.model_copy(update=changes)


def test_valid_draft_passes_both_flavors() -> None:
    for flavor in Flavor:
        validate_draft(draft(), flavor=flavor, verb="add", tracking=TT)


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
        validate_draft(draft(**changes), flavor=Flavor.CLOUD, verb="add", tracking=TT)
    assert info.value.for_field(field), info.value.problems


def test_all_problems_reported_at_once() -> None:
    bad = draft(issue_key="nope", time_spent_seconds=0)
    with pytest.raises(DraftInvalid) as info:
        validate_draft(bad, flavor=Flavor.SERVER, verb="add", tracking=TT)
    assert {p.field for p in info.value.problems} == {"issue", "duration"}


def test_update_refuses_manual_adjust() -> None:
    with pytest.raises(DraftInvalid, match="not possible when you update"):
        adjust_params(AdjustEstimate(mode="manual", value="1h"), "update", TT)


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
    body = worklog_body(draft(), flavor=Flavor.CLOUD, verb="add")
    assert body["started"] == "2026-03-10T09:30:00.000+0100"  # winter offset for a March date
    assert body["timeSpentSeconds"] == 5400
    assert body["comment"] == text_to_adf("Reviewed the PR")


def test_server_body_has_plain_comment() -> None:
    body = worklog_body(
        draft(started=datetime(2026, 7, 1, 9, 0, tzinfo=BERLIN)), flavor=Flavor.SERVER, verb="add"
    )
    assert body["comment"] == "Reviewed the PR"
    assert body["started"] == "2026-07-01T09:00:00.000+0200"


def test_empty_comment_is_left_out_on_add() -> None:
    for flavor in Flavor:
        assert "comment" not in worklog_body(draft(comment="  "), flavor=flavor, verb="add")


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
    assert worklog_body(copy, flavor=Flavor.CLOUD, verb="add")["comment"] == rich
    # On update an untouched comment is not sent at all, so Jira keeps it as it is.
    assert "comment" not in worklog_body(copy, flavor=Flavor.CLOUD, verb="update")


def test_edited_comment_replaces_the_rich_one() -> None:
    rich = text_to_adf("old")
    edited = draft(comment="new text", original_comment_adf=rich, comment_touched=True)
    assert worklog_body(edited, flavor=Flavor.CLOUD, verb="update")["comment"] == text_to_adf(
        "new text"
    )


@given(st.from_regex(r"[A-Z][A-Z0-9]{0,5}-[1-9][0-9]{0,5}", fullmatch=True))
def test_issue_keys_accepted(key: str) -> None:
    assert check_issue_key(key) is None


@given(st.text(max_size=12).filter(lambda s: "-" not in s or not s[:1].isupper()))
def test_non_keys_refused(text: str) -> None:
    assert check_issue_key(text) is not None


@pytest.mark.parametrize("comment", ["caf\udcff", "lone \ud800 half", "\udfff"])
def test_comments_that_are_not_text_are_refused(comment: str) -> None:
    for flavor in Flavor:
        with pytest.raises(DraftInvalid) as info:
            validate_draft(draft(comment=comment), flavor=flavor, verb="add", tracking=TT)
        assert "not text" in (info.value.for_field("comment") or "")


def test_an_untouched_original_comment_that_is_not_text_is_refused() -> None:
    broken = text_to_adf("ok")
    broken["content"][0]["content"][0]["text"] = "bad \ud83d"
    untouched = draft(comment=None, comment_touched=False, original_comment_adf=broken)
    with pytest.raises(DraftInvalid, match="original comment"):
        validate_draft(untouched, flavor=Flavor.CLOUD, verb="update", tracking=TT)
