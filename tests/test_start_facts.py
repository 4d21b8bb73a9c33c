"""The record of validated starts' facts (`tuiws.config.start_facts`)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tuiws.config.start_facts import (
    FACTS_KEPT,
    StartFacts,
    facts_key,
    record_facts,
    recorded_facts,
)
from tuiws.config.ui_settings import UiSettings

FACTS = StartFacts(
    profile="work",
    url="https://example.atlassian.net",
    first_weekday=6,
    zone="Europe/Berlin",
    ui=UiSettings(theme="tuiws-light", duration_format="decimal", keymap={"week.log": "l"}),
    worklogs="tempo",
)


def test_facts_round_trip_under_their_key(tmp_path: Path) -> None:
    record = tmp_path / "data" / "start-facts.json"
    assert recorded_facts(record, "k") is None
    record_facts(record, "k", FACTS)
    assert recorded_facts(record, "k") == FACTS
    assert recorded_facts(record, "other") is None
    assert sorted(p.name for p in record.parent.iterdir()) == ["start-facts.json"]


def test_the_record_keeps_the_newest_keys(tmp_path: Path) -> None:
    record = tmp_path / "start-facts.json"
    for n in range(FACTS_KEPT):
        record_facts(record, f"k{n}", FACTS)
    record_facts(record, "k0", FACTS)  # used again: the newest
    record_facts(record, "new", FACTS)  # one too many: the oldest (k1) goes
    kept = [n for n in range(FACTS_KEPT) if recorded_facts(record, f"k{n}") is not None]
    assert kept == [0, *range(2, FACTS_KEPT)]
    assert recorded_facts(record, "new") == FACTS


def test_a_record_it_cannot_read_is_no_facts(tmp_path: Path) -> None:
    record = tmp_path / "start-facts.json"
    for text in ("{not json", "[1]", '{"k": 3}', '{"k": {"profile": "p"}}'):
        record.write_text(text)
        assert recorded_facts(record, "k") is None
    record_facts(record, "k", FACTS)  # and it is written afresh
    assert recorded_facts(record, "k") == FACTS


def test_a_record_from_before_the_backend_was_kept_is_validated_again(tmp_path: Path) -> None:
    """Without it, a Tempo profile's cached week would be looked for as Jira's (and never
    found): such a record reads as none, so that start validates first and records it."""
    record = tmp_path / "start-facts.json"
    record_facts(record, "k", FACTS)
    text = record.read_text()
    assert '"worklogs": "tempo"' in text
    record.write_text(text.replace(',\n  "worklogs": "tempo"', ""))
    assert "worklogs" not in record.read_text()
    assert recorded_facts(record, "k") is None


@given(
    config=st.binary(max_size=40),
    option=st.none() | st.text(max_size=8),
    url=st.text(max_size=8),
)
def test_the_key_changes_with_the_file_the_option_and_the_choosing_variables(
    config: bytes, option: str | None, url: str
) -> None:
    key = facts_key(config, {"TUIWS_URL": url}, option)
    assert facts_key(config, {"TUIWS_URL": url, "JIRA_TOKEN": "x"}, option) == key
    assert facts_key(config + b" ", {"TUIWS_URL": url}, option) != key
    assert facts_key(config, {"TUIWS_URL": url + "x"}, option) != key
    assert facts_key(config, {"TUIWS_URL": url, "TUIWS_PROFILE": "z"}, option) != key
    assert facts_key(config, {"TUIWS_URL": url}, (option or "") + "x") != key
