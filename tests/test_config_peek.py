"""The quick read of config.toml (the app's first frame) agrees with the validating reader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tuiws.config import ConfigError, ResolvedProfile, load_config, resolve_profile
from tuiws.config.peek import ConfigPeek, peek_config
from tuiws.config.ui_settings import UiSettings

NAMES = ["default", "work", "client", "two words"]
# Values `UiConfig` refuses, and values it accepts only by converting them (a quick reader
# that is unsure of these leaves them to the validator, which is allowed).
ODD = object()


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value)  # a TOML basic string: JSON's escapes are TOML's


def to_toml(data: dict[str, Any]) -> str:
    """Enough TOML for these configs: top-level values, then tables, then nested tables."""
    lines: list[str] = []
    tables: list[tuple[str, dict[str, Any]]] = []

    def walk(prefix: str, table: dict[str, Any]) -> None:
        for key, value in table.items():
            name = f"{prefix}.{json.dumps(key)}" if prefix else json.dumps(key)
            if isinstance(value, dict):
                tables.append((name, value))
                walk(name, value)

    for key, value in data.items():
        if not isinstance(value, dict):
            lines.append(f"{json.dumps(key)} = {toml_value(value)}")
    walk("", data)
    for name, table in tables:
        lines.append(f"[{name}]")
        lines += [
            f"{json.dumps(k)} = {toml_value(v)}"
            for k, v in table.items()
            if not isinstance(v, dict)
        ]
    return "\n".join(lines) + "\n"


def plain_or_odd(plain: list[Any], odd: list[Any]) -> st.SearchStrategy[Any]:
    """Mostly plain values; one in ten odd (marked, so the test knows)."""
    return st.integers(0, 9).flatmap(
        lambda n: st.sampled_from(odd).map(lambda v: (ODD, v)) if n == 0 else st.sampled_from(plain)
    )


_profile = st.fixed_dictionaries(
    {
        "url": plain_or_odd(
            [
                "https://example.atlassian.net",
                "HTTPS://Jira.Example.com/jira/",
                "http://127.0.0.1:8080",
            ],
            ["ftp://jira.example.com", "http://jira.example.com"],
        ),
        "email": st.just("dana@example.com"),
    },
    optional={
        "flavor": st.sampled_from(["cloud", "server", "auto"]),
        "week_start": plain_or_odd(["monday", "Sun", " fri ", "WEDNESDAY"], ["weds", 3]),
        "zone": plain_or_odd(["Europe/Berlin", " UTC ", "Asia/Kathmandu"], ["Mars/Base", ""]),
    },
)
_ui = st.fixed_dictionaries(
    {},
    optional={
        "theme": plain_or_odd(["tuiws-light", "nord"], [7]),
        "duration_format": plain_or_odd(["hm", "decimal"], ["dec"]),
        "daily_ceiling_hours": plain_or_odd([8, 10.5, 24], [0, 24.5, True, "9"]),
        "late_after_hours": plain_or_odd([1, 48, 744, 0.5], [745, -1]),
        "round_minutes": plain_or_odd([0, 15, 240], [-1, 241, 1.5, True, "15"]),
        "round_mode": plain_or_odd(["up", "nearest", "down"], ["Up", 1]),
        "keymap": plain_or_odd([{"week.next": "n"}, {}], [{"week.next": 1}]),
    },
)
_config = st.fixed_dictionaries(
    {},
    optional={
        "default_profile": st.sampled_from([*NAMES, "nope"]),
        "profiles": st.dictionaries(st.sampled_from(NAMES), _profile, max_size=3),
        "ui": _ui,
    },
)
_env = st.fixed_dictionaries(
    {"TUIWS_TOKEN": st.just("a-token")},
    optional={
        "TUIWS_PROFILE": st.sampled_from([*NAMES, "nope", ""]),
        "TUIWS_URL": st.sampled_from(
            [
                "https://other.atlassian.net/",
                " https://x.example.com ",
                "ftp://other.example.com",
                "",
            ]
        ),
        "TUIWS_TZ": st.sampled_from(["America/New_York", " Europe/Paris ", "Nowhere/Else", ""]),
        "TUIWS_EMAIL": st.just("env@example.com"),
    },
)


def unwrap(value: Any) -> tuple[Any, bool]:
    """The config without its `(ODD, v)` marks, and whether any was there."""
    if isinstance(value, tuple) and len(value) == 2 and value[0] is ODD:
        return unwrap(value[1])[0], True
    if isinstance(value, dict):
        pairs = {k: unwrap(v) for k, v in value.items()}
        return {k: v for k, (v, _) in pairs.items()}, any(odd for _, odd in pairs.values())
    return value, False


def validated(path: Path, env: dict[str, str], option: str | None) -> Any:
    try:
        config = load_config(path)
        return config, resolve_profile(config, env, option)
    except ConfigError:
        return None


def agrees(peek: ConfigPeek, config: Any, profile: ResolvedProfile) -> None:
    assert peek.profile == profile.name
    assert peek.url == profile.url
    assert peek.first_weekday == profile.week_start_weekday
    assert peek.zone == profile.zone
    assert peek.ui == UiSettings.from_config(config.ui)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(marked=_config, env=_env, option=st.none() | st.sampled_from([*NAMES, "nope"]))
def test_the_quick_read_agrees_with_the_validated_profile(
    tmp_path: Path, marked: dict[str, Any], env: dict[str, str], option: str | None
) -> None:
    data, odd = unwrap(marked)
    path = tmp_path / "config.toml"
    path.write_text(to_toml(data), encoding="utf-8")
    peek = peek_config(path, env, option)
    full = validated(path, env, option)
    if peek is not None and full is not None:
        agrees(peek, *full)
    if full is not None and not odd:
        # What validates in plain terms opens fast: the quick read is not just "unsure".
        assert peek is not None


def test_a_missing_file_with_tuiws_url_is_the_default_profile(tmp_path: Path) -> None:
    env = {
        "TUIWS_URL": "https://example.atlassian.net",
        "TUIWS_TOKEN": "t",
        "TUIWS_TZ": "UTC",
        "TUIWS_EMAIL": "dana@example.com",
    }
    peek = peek_config(tmp_path / "missing.toml", env)
    assert peek == ConfigPeek(
        profile="default",
        url="https://example.atlassian.net",
        first_weekday=0,
        zone="UTC",
        ui=UiSettings(),
    )
    assert peek_config(tmp_path / "missing.toml", {}) is None  # nothing configured


def test_a_typical_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[profiles.work]\nurl = "https://example.atlassian.net"\nemail = "d@example.com"\n'
        'token_env = "JIRA_TOKEN"\nweek_start = "sunday"\nzone = "Europe/Berlin"\n'
        '[teams.platform]\nmembers = ["a", "b"]\n'
        '[ui]\nduration_format = "decimal"\nlate_after_hours = 24\n'
        '[ui.keymap]\n"week.next" = "n"\n'
    )
    peek = peek_config(path, {})
    assert peek == ConfigPeek(
        profile="work",
        url="https://example.atlassian.net",
        first_weekday=6,
        zone="Europe/Berlin",
        ui=UiSettings(duration_format="decimal", late_after_hours=24.0, keymap={"week.next": "n"}),
    )


@pytest.mark.parametrize(
    "text",
    [
        b"[profiles.work\n",  # not TOML
        b'[profiles.work]\nurl = "\xff"\n',  # not UTF-8
        b'colour = "blue"\n[profiles.work]\nurl = "https://x.example.com"\n',  # unknown key
        b'[profiles.w]\nurl = "https://x.example.com"\n[ui]\ncolour = "blue"\n',  # unknown [ui] key
        b'[profiles.a]\nurl = "https://a.example.com"\n[profiles.b]\nurl = "https://b.example.com"\n',
    ],
    ids=["toml", "utf-8", "unknown key", "unknown ui key", "several profiles, none chosen"],
)
def test_unsure_is_none_so_the_validator_explains(tmp_path: Path, text: bytes) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(text)
    assert peek_config(path, {}) is None
    with pytest.raises(ConfigError):
        resolve_profile(load_config(path), {})


@settings(max_examples=300, deadline=None)
@given(marked=_ui)
def test_the_quick_ui_settings_are_the_validated_ones(marked: dict[str, Any]) -> None:
    """Whatever `[ui]` the quick reader takes, `UiConfig` takes and reads the same way; and
    it takes every plain one."""
    from pydantic import ValidationError

    from tuiws.config import UiConfig

    table, odd = unwrap(marked)
    quick = UiSettings.quick(table)
    try:
        full: UiSettings | None = UiSettings.from_config(UiConfig.model_validate(table))
    except ValidationError:
        full = None
    if quick is not None:
        assert quick == full
    if not odd:
        assert quick is not None
