"""config.toml loading, profile resolution, URL rules and token sources (no network)."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from tuiws.config import (
    Config,
    ConfigError,
    CredentialError,
    Profile,
    ResolvedProfile,
    Secret,
    Team,
    TrackingOverride,
    UiConfig,
    VendorApi,
    example_config,
    load_config,
    normalise_url,
    resolve_profile,
)
from tuiws.config import secrets as config_module
from tuiws.config.models import SecretText
from tuiws.domain.models import Flavor, TimeTracking

TOKEN = "tok-3x4mpl3-S3CR3T-value"
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUIWS_CONFIG_DIR", str(tmp_path / "cfg"))
    monkeypatch.setenv("TUIWS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TUIWS_CACHE_DIR", str(tmp_path / "cache"))


def write(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def make_config(**profiles: dict[str, Any]) -> Config:
    return Config.model_validate({"profiles": profiles})


def python_command(code: str) -> str:
    return shlex.join([sys.executable, "-c", code])


def assert_not_leaked(exc: BaseException, secret: str) -> None:
    """`secret` is in no message, repr, argument, chained error, or tuiws frame's locals."""
    package = str(Path(config_module.__file__).parent)
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        assert secret not in str(current)
        assert secret not in repr(current)
        assert all(secret not in repr(arg) for arg in current.args)
        tb = current.__traceback__
        while tb is not None:
            frame = tb.tb_frame
            if frame.f_code.co_filename.startswith(package):
                for name, value in frame.f_locals.items():
                    assert secret not in repr(value), (
                        f"local {name!r} of {frame.f_code.co_name} holds the secret"
                    )
            tb = tb.tb_next
        current = current.__cause__ or current.__context__


# --- the example and the models ----------------------------------------------------------------


def test_example_config_parses_and_resolves(tmp_path: Path) -> None:
    path = write(tmp_path, example_config())
    config = load_config(path)
    assert config.default_profile == "work"
    assert set(config.profiles) == {"work", "onprem", "tempo-team"}
    assert config.teams["platform"].members == ["alice@example.com", "bob@example.com"]
    resolved = resolve_profile(config, {"JIRA_API_TOKEN": TOKEN})
    assert resolved.name == "work"
    assert resolved.flavor is Flavor.CLOUD
    assert resolved.token.reveal() == TOKEN
    onprem = resolve_profile(config, {}, name="onprem")
    assert onprem.url == "https://jira.example.com/jira"
    assert onprem.token.source.startswith("token_file ")
    tempo = resolve_profile(
        config, {"JIRA_API_TOKEN": TOKEN, "TEMPO_API_TOKEN": "tempo-secret"}, name="tempo-team"
    )
    assert tempo.worklogs == "tempo"
    assert tempo.tempo is not None and tempo.tempo.url == "https://api.tempo.io/4"
    assert tempo.tempo.token.reveal() == "tempo-secret"


@pytest.mark.parametrize("model", [Config, Profile, VendorApi, Team, UiConfig])
def test_every_setting_is_documented_and_in_the_example(model: type[BaseModel]) -> None:
    text = example_config()
    for name, info in model.model_fields.items():
        assert info.description, f"{model.__name__}.{name} has no attribute docstring"
        assert name in text, f"{model.__name__}.{name} is missing from example_config()"


def test_missing_file_is_an_empty_config(tmp_path: Path) -> None:
    assert load_config(tmp_path / "nope.toml") == Config()


def test_default_path_comes_from_paths(tmp_path: Path) -> None:
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    (cfg / "config.toml").write_text('[ui]\ntheme = "x"\n', encoding="utf-8")
    assert load_config().ui.theme == "x"


def test_defaults() -> None:
    config = Config()
    assert config.default_profile == "default"
    assert config.profiles == {} and config.teams == {}
    assert config.ui == UiConfig(
        theme="tuiws-dark", duration_format="hm", daily_ceiling_hours=10.0, keymap={}
    )


# --- errors in plain words ------------------------------------------------------------------------


def test_unknown_key_is_named_with_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[profiles.work]\nurl = "https://x.example.com"\nflavr = "cloud"\n',
    )
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert str(path) in message
    assert "line 3, profiles.work.flavr: unknown key" in message
    assert "did you mean 'flavor'?" in message
    assert "pydantic" not in message and "input_value" not in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("colour = 1\n", "line 1, colour: unknown key (expected one of: default_profile"),
        ('[ui]\nthem = "x"\n', "line 2, ui.them: unknown key (did you mean 'theme'?)"),
        ('[teams.a]\nmembrs = ["x"]\n', "line 2, teams.a.membrs: unknown key"),
        ("[ui.keymap]\nsave = 3\n", "line 2, ui.keymap.save: must be a string in quotes"),
    ],
)
def test_other_unknown_or_bad_keys(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=r"problem") as info:
        load_config(write(tmp_path, text))
    assert expected in str(info.value)


def test_invalid_toml_reports_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[ui]\ntheme = "a"\nduration_format hm\n')
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"{path}: line 3, column")
    assert "not valid TOML" in message


def test_bad_values_in_plain_words(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "\n".join(
            [
                "[profiles.work]",
                'flavor = "clod"',
                'week_start = "someday"',
                "hours_per_day = 30",
                'zone = "Mars/Olympus"',
                "[ui]",
                "daily_ceiling_hours = 'ten'",
                "",
            ]
        ),
    )
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert "6 problems" in message
    assert "line 1, profiles.work.url: is required but missing" in message
    assert "line 2, profiles.work.flavor: must be one of 'auto', 'cloud' or 'server'" in message
    assert "line 3, profiles.work.week_start: must be a day of the week" in message
    assert "line 4, profiles.work.hours_per_day: must be less than or equal to 24" in message
    assert "line 5, profiles.work.zone: unknown time zone 'Mars/Olympus'" in message
    assert "line 7, ui.daily_ceiling_hours: must be a number" in message
    # Problems are listed in file order.
    assert message.index("line 1,") < message.index("line 7,")


def test_token_in_the_file_is_refused_without_echoing_it(tmp_path: Path) -> None:
    path = write(tmp_path, f'[profiles.work]\nurl = "https://x.example.com"\ntoken = "{TOKEN}"\n')
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert "line 3, profiles.work.token" in str(info.value)
    assert "token_env, token_file or token_command" in str(info.value)
    assert_not_leaked(info.value, TOKEN)


def test_token_pasted_into_token_env_is_not_echoed(tmp_path: Path) -> None:
    pasted = "ATATT3x-" + TOKEN + "=ABC"
    path = write(tmp_path, f'[profiles.w]\nurl = "https://x.example.com"\ntoken_env = "{pasted}"\n')
    with pytest.raises(ConfigError, match="not the token itself") as info:
        load_config(path)
    assert_not_leaked(info.value, pasted)


def test_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot be read"):
        load_config(tmp_path)  # a directory
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe[ui]\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(binary)


def test_relative_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[profiles.w]\nurl = "https://x.example.com"\ntoken_file = "w.token"\n'
        'ca_bundle = "/abs/ca.pem"\n',
    )
    profile = load_config(path).profiles["w"]
    assert profile.token_file == tmp_path / "w.token"
    assert profile.ca_bundle == Path("/abs/ca.pem")


# --- URLs --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://example.atlassian.net/", "https://example.atlassian.net"),
        ("  HTTPS://Jira.Example.com/jira//  ", "https://jira.example.com/jira"),
        ("https://jira.example.com:8443/", "https://jira.example.com:8443"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        ("http://127.10.0.5", "http://127.10.0.5"),
        ("http://localhost:2990/jira", "http://localhost:2990/jira"),
        ("http://[::1]:9000/", "http://[::1]:9000"),
        ("http://[::ffff:127.0.0.1]/", "http://[::ffff:127.0.0.1]"),
    ],
)
def test_urls_accepted(raw: str, expected: str) -> None:
    assert normalise_url(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("http://jira.example.com", "unencrypted"),
        ("http://10.0.0.1:8080", "unencrypted"),
        ("http://localhost.example.com", "unencrypted"),
        ("ftp://jira.example.com", "https://"),
        ("jira.example.com", "https://"),
        ("https://", "no host"),
        ("https://jira.example.com:99999", "invalid port"),
        ("https://jira.example.com/?a=1", "query"),
        ("https://jira example.com", "spaces"),
        ("", "empty"),
    ],
)
def test_urls_refused(raw: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        normalise_url(raw)


def test_credentials_in_the_url_are_refused_and_not_echoed() -> None:
    with pytest.raises(ValueError, match="user name or password") as info:
        normalise_url(f"https://me:{TOKEN}@jira.example.com")
    assert TOKEN not in str(info.value)
    with pytest.raises(ConfigError) as info2:
        resolve_profile(Config(), {"TUIWS_URL": f"https://me:{TOKEN}@jira.example.com"})
    assert_not_leaked(info2.value, TOKEN)


def test_http_url_in_the_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, '[profiles.w]\nurl = "http://jira.example.com"\n')
    with pytest.raises(ConfigError, match=r"line 2, profiles\.w\.url: plain http://"):
        load_config(path)
    ok = write(tmp_path, '[profiles.w]\nurl = "http://127.0.0.1:8080/"\n', name="ok.toml")
    assert load_config(ok).profiles["w"].url == "http://127.0.0.1:8080"


def test_http_tuiws_url_is_refused() -> None:
    env = {"TUIWS_URL": "http://jira.example.com", "TUIWS_TOKEN": TOKEN}
    with pytest.raises(ConfigError, match="TUIWS_URL: plain http://") as info:
        resolve_profile(Config(), env)
    assert_not_leaked(info.value, TOKEN)


# --- choosing a profile ------------------------------------------------------------------------


def test_env_only_profile() -> None:
    env = {
        "TUIWS_URL": "https://example.atlassian.net/",
        "TUIWS_FLAVOR": "Cloud",
        "TUIWS_EMAIL": "me@example.com",
        "TUIWS_TOKEN": f"  {TOKEN}\n",
        "TUIWS_TZ": "Europe/Berlin",
    }
    resolved = resolve_profile(Config(), env)
    assert resolved.name == "default"
    assert resolved.url == "https://example.atlassian.net"
    assert resolved.flavor is Flavor.CLOUD
    assert resolved.email == "me@example.com"
    assert resolved.zone == "Europe/Berlin"
    assert resolved.auth == "auto"
    assert resolved.week_start == "monday" and resolved.week_start_weekday == 0
    assert resolved.tracking_override is None
    assert resolved.token.reveal() == TOKEN
    assert resolved.token.source == "TUIWS_TOKEN"


def test_env_only_profile_takes_the_name_from_tuiws_profile() -> None:
    env = {"TUIWS_URL": "http://127.0.0.1:9", "TUIWS_PROFILE": "ci", "TUIWS_TOKEN": TOKEN}
    resolved = resolve_profile(Config(), env)
    assert resolved.name == "ci"
    assert resolved.flavor is None


def test_nothing_configured_explains_how() -> None:
    with pytest.raises(ConfigError) as info:
        resolve_profile(Config(), {"TUIWS_TOKEN": TOKEN})
    message = str(info.value)
    needles = ("tuiws init", "tuiws --demo", "tuiws locate config", "TUIWS_URL", "[profiles.")
    for needle in (*needles, "TUIWS_TOKEN"):
        assert needle in message
    assert_not_leaked(info.value, TOKEN)
    with pytest.raises(ConfigError, match="tuiws --demo"):
        resolve_profile(Config(), {"TUIWS_PROFILE": "work"})


def test_profile_selection_order() -> None:
    config = Config.model_validate(
        {
            "default_profile": "a",
            "profiles": {
                name: {"url": f"https://{name}.example.com", "token_env": "TOK"}
                for name in ("a", "b", "c")
            },
        }
    )
    env = {"TOK": TOKEN}
    assert resolve_profile(config, env).name == "a"
    assert resolve_profile(config, {**env, "TUIWS_PROFILE": "b"}).name == "b"
    assert resolve_profile(config, {**env, "TUIWS_PROFILE": "b"}, name="c").name == "c"
    assert resolve_profile(config, env, name="c").url == "https://c.example.com"


def test_unknown_profile_lists_the_known_ones() -> None:
    config = make_config(a={"url": "https://a.example.com"}, b={"url": "https://b.example.com"})
    with pytest.raises(
        ConfigError, match=r"no profile named 'x' \(from --profile\); profiles: a, b"
    ):
        resolve_profile(config, {}, name="x")
    with pytest.raises(ConfigError, match=r"from TUIWS_PROFILE"):
        resolve_profile(config, {"TUIWS_PROFILE": "x", "TUIWS_URL": "https://x.example.com"})


def test_single_profile_is_used_without_default_profile() -> None:
    config = make_config(only={"url": "https://only.example.com", "token_env": "T"})
    assert resolve_profile(config, {"T": TOKEN}).name == "only"


def test_several_profiles_and_none_chosen() -> None:
    config = make_config(a={"url": "https://a.example.com"}, b={"url": "https://b.example.com"})
    with pytest.raises(ConfigError, match="several profiles"):
        resolve_profile(config, {})


def test_default_profile_naming_nothing() -> None:
    config = Config.model_validate(
        {"default_profile": "wrok", "profiles": {"work": {"url": "https://a.example.com"}}}
    )
    with pytest.raises(ConfigError, match=r"default_profile is 'wrok'.*profiles: work"):
        resolve_profile(config, {})


def test_env_overrides_a_file_profile() -> None:
    config = make_config(
        work={
            "url": "https://old.example.com",
            "flavor": "cloud",
            "email": "old@example.com",
            "zone": "UTC",
            "token_env": "T",
            "hours_per_day": 7.5,
            "week_start": "Sun",
        }
    )
    env = {
        "T": TOKEN,
        "TUIWS_URL": "https://new.example.com/",
        "TUIWS_FLAVOR": "server",
        "TUIWS_EMAIL": "new@example.com",
        "TUIWS_TZ": "Asia/Kolkata",
        "TUIWS_PROFILE": "",  # empty counts as unset
    }
    resolved = resolve_profile(config, env)
    assert resolved.name == "work"
    assert resolved.url == "https://new.example.com"
    assert resolved.flavor is Flavor.SERVER
    assert resolved.email == "new@example.com"
    assert resolved.zone == "Asia/Kolkata"
    assert resolved.week_start == "sunday" and resolved.week_start_weekday == 6
    assert resolved.tracking_override == TrackingOverride(hours_per_day=7.5)
    assert resolve_profile(config, {"T": TOKEN, "TUIWS_FLAVOR": "auto"}).flavor is None


@pytest.mark.parametrize(
    ("env", "match"),
    [
        ({"TUIWS_FLAVOR": "cluod"}, "TUIWS_FLAVOR must be cloud, server or auto"),
        ({"TUIWS_TZ": "Nowhere/Town"}, "TUIWS_TZ: unknown time zone"),
        ({"TUIWS_URL": "ftp://x"}, "TUIWS_URL: the URL must start with https://"),
    ],
)
def test_bad_env_overrides(env: dict[str, str], match: str) -> None:
    config = make_config(w={"url": "https://w.example.com", "token_env": "T"})
    with pytest.raises(ConfigError, match=match):
        resolve_profile(config, {"T": TOKEN, **env})


def test_missing_ca_bundle(tmp_path: Path) -> None:
    config = make_config(w={"url": "https://w.example.com", "ca_bundle": str(tmp_path / "ca.pem")})
    with pytest.raises(ConfigError, match="ca_bundle .* is not a file"):
        resolve_profile(config, {"TUIWS_TOKEN": TOKEN})
    (tmp_path / "ca.pem").write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    assert resolve_profile(config, {"TUIWS_TOKEN": TOKEN}).ca_bundle == tmp_path / "ca.pem"


# --- auth ----------------------------------------------------------------------------------------


def resolved_with(**profile: Any) -> ResolvedProfile:
    """A resolved profile; TUIWS_TOKEN is set only when the profile names no token source."""
    config = make_config(p={"url": "https://p.example.com", **profile})
    has_source = any(key.startswith("token_") for key in profile)
    return resolve_profile(config, {} if has_source else {"TUIWS_TOKEN": TOKEN})


def test_auth_auto() -> None:
    cloud = resolved_with(email="me@example.com")
    assert cloud.auth_for(Flavor.CLOUD) == "basic"
    assert cloud.auth_for(Flavor.SERVER) == "bearer"  # server with a username set: still bearer
    assert resolved_with().auth_for(Flavor.SERVER) == "bearer"
    with pytest.raises(ConfigError, match="Jira Cloud signs in with your account email"):
        resolved_with().auth_for(Flavor.CLOUD)


def test_auth_forced() -> None:
    assert resolved_with(auth="basic", email="admin").auth_for(Flavor.SERVER) == "basic"
    assert resolved_with(auth="bearer", email="x@y.z").auth_for(Flavor.CLOUD) == "bearer"
    with pytest.raises(ConfigError, match='auth = "basic"'):
        resolved_with(auth="basic")
    with pytest.raises(ConfigError, match="set email in the profile or TUIWS_EMAIL"):
        resolved_with(flavor="cloud")


def test_tracking_override_applies_over_the_site() -> None:
    site = TimeTracking(hours_per_day=8, days_per_week=5)
    assert TrackingOverride(hours_per_day=6).apply(site) == TimeTracking(
        hours_per_day=6, days_per_week=5
    )
    both = resolved_with(hours_per_day=7, days_per_week=4).tracking_override
    assert both is not None
    assert both.apply(site).seconds_per_week == 7 * 4 * 3600


# --- token sources -------------------------------------------------------------------------------


def token_file(tmp_path: Path, content: str, mode: int) -> Path:
    path = tmp_path / "jira.token"
    path.write_text(content, encoding="utf-8")
    path.chmod(mode)
    return path


@posix_only
def test_token_file_0600_is_accepted(tmp_path: Path) -> None:
    path = token_file(tmp_path, TOKEN + "\n", 0o600)
    resolved = resolved_with(token_file=str(path))
    assert not resolved.token.loaded
    assert resolved.token.reveal() == TOKEN
    assert resolved.token.loaded


@posix_only
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_token_file_readable_by_others_is_refused(tmp_path: Path, mode: int) -> None:
    path = token_file(tmp_path, TOKEN + "\n", mode)
    resolved = resolved_with(token_file=str(path))
    with pytest.raises(CredentialError) as info:
        resolved.token.reveal()
    assert str(path) in str(info.value)
    assert f"chmod 600 {path}" in str(info.value)
    assert_not_leaked(info.value, TOKEN)


def test_token_file_missing(tmp_path: Path) -> None:
    resolved = resolved_with(token_file=str(tmp_path / "absent"))
    with pytest.raises(CredentialError, match="absent does not exist"):
        resolved.token.reveal()


@posix_only
@pytest.mark.parametrize(
    ("content", "match"),
    [("\n", "is empty"), (f"{TOKEN}\nsecond line\n", "single line")],
)
def test_token_file_empty_or_multiline(tmp_path: Path, content: str, match: str) -> None:
    resolved = resolved_with(token_file=str(token_file(tmp_path, content, 0o600)))
    with pytest.raises(CredentialError, match=match) as info:
        resolved.token.reveal()
    assert_not_leaked(info.value, TOKEN)


def test_token_command_success() -> None:
    resolved = resolved_with(token_command=python_command(f"print('  {TOKEN}  ')"))
    assert resolved.token.source == f"token_command ({Path(sys.executable).name})"
    assert resolved.token.reveal() == TOKEN


def test_token_command_failure_never_shows_the_token(monkeypatch: pytest.MonkeyPatch) -> None:
    # Like a password manager: the command prints the token (from elsewhere), then fails.
    monkeypatch.setenv("LEAKY_SOURCE", TOKEN)
    code = "import os, sys; print(os.environ['LEAKY_SOURCE']); sys.stderr.write(os.environ['LEAKY_SOURCE']); sys.exit(3)"  # noqa: E501
    resolved = resolved_with(token_command=python_command(code))
    with pytest.raises(CredentialError) as info:
        resolved.token.reveal()
    assert "exit code 3" in str(info.value)
    assert info.value.__context__ is None and info.value.__cause__ is None
    assert_not_leaked(info.value, TOKEN)
    assert repr(resolved).count("Secret('****')") == 1
    assert TOKEN not in repr(resolved)


def test_token_command_failure_is_retried_not_cached(tmp_path: Path) -> None:
    marker = tmp_path / "unlocked"
    code = (
        f"import pathlib, sys; p = pathlib.Path({str(marker)!r}); "
        f"print({TOKEN!r}) if p.exists() else sys.exit(1)"
    )
    resolved = resolved_with(token_command=python_command(code))
    with pytest.raises(CredentialError, match="exit code 1"):
        resolved.token.reveal()
    marker.touch()
    assert resolved.token.reveal() == TOKEN
    marker.unlink()
    assert resolved.token.reveal() == TOKEN  # now cached: the command does not run again


def test_token_command_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config_module, "TOKEN_COMMAND_TIMEOUT", 0.3)
    monkeypatch.setenv("LEAKY_SOURCE", TOKEN)
    code = "import os, time; print(os.environ['LEAKY_SOURCE'], flush=True); time.sleep(30)"
    resolved = resolved_with(token_command=python_command(code))
    with pytest.raises(CredentialError, match="did not finish within 0.3 seconds") as info:
        resolved.token.reveal()
    assert info.value.__context__ is None
    assert_not_leaked(info.value, TOKEN)


def test_token_command_not_found_or_empty(tmp_path: Path) -> None:
    missing = resolved_with(token_command=f"{tmp_path / 'no-such-program'} --flag")
    with pytest.raises(CredentialError, match="'no-such-program' was not found"):
        missing.token.reveal()
    empty = resolved_with(token_command=python_command("print()"))
    with pytest.raises(CredentialError, match="is empty"):
        empty.token.reveal()


def test_token_command_must_split(tmp_path: Path) -> None:
    path = write(tmp_path, '[profiles.w]\nurl = "https://w.example.com"\ntoken_command = "a \'b"\n')
    with pytest.raises(ConfigError, match="line 3, profiles.w.token_command: cannot be split"):
        load_config(path)


@posix_only
def test_token_sources_in_order(tmp_path: Path) -> None:
    path = token_file(tmp_path, "from-file\n", 0o600)
    config = make_config(
        p={
            "url": "https://p.example.com",
            "token_env": "MY_JIRA_TOKEN",
            "token_file": str(path),
            "token_command": python_command("print('from-command')"),
        }
    )
    everything = {"TUIWS_TOKEN": "from-tuiws", "MY_JIRA_TOKEN": "from-env"}
    assert resolve_profile(config, everything).token.reveal() == "from-tuiws"
    assert resolve_profile(config, {"MY_JIRA_TOKEN": "from-env"}).token.reveal() == "from-env"
    assert resolve_profile(config, {"MY_JIRA_TOKEN": ""}).token.reveal() == "from-file"
    no_file = config.profiles["p"].model_copy(update={"token_file": None})
    config2 = Config(profiles={"p": no_file})
    assert resolve_profile(config2, {}).token.reveal() == "from-command"


def test_token_env_not_set_is_named() -> None:
    with pytest.raises(CredentialError, match="token_env names MY_JIRA_TOKEN, which is not set"):
        resolved_with(token_env="MY_JIRA_TOKEN")


def test_no_token_source_lists_the_options() -> None:
    config = make_config(p={"url": "https://p.example.com"})
    with pytest.raises(CredentialError) as info:
        resolve_profile(config, {"TUIWS_TOKEN": "   "})
    message = str(info.value)
    for option in ("TUIWS_TOKEN", "token_env", "token_file", "token_command"):
        assert option in message


# --- Secret --------------------------------------------------------------------------------------


def test_secret_never_shows_its_value() -> None:
    secret = Secret(TOKEN, source="TUIWS_TOKEN")
    for shown in (repr(secret), str(secret), f"{secret}", f"{secret!r}", "%s" % secret):  # noqa: UP031
        assert shown == "Secret('****')"
    assert TOKEN not in repr([secret, {"t": secret}])
    assert secret.reveal() == TOKEN


def test_secret_equality_and_hashing() -> None:
    assert Secret("a") == Secret("a")
    assert Secret("a") != Secret("b")
    assert Secret("a") != "a"
    assert Secret.lazy(lambda: "a", source="x") == Secret("a")
    with pytest.raises(TypeError):
        hash(Secret("a"))


def test_secret_in_a_pydantic_model_dumps_masked() -> None:
    class Holder(BaseModel):
        token: SecretText

    holder = Holder.model_validate({"token": TOKEN})
    assert holder.token.reveal() == TOKEN
    assert holder.model_dump() == {"token": "****"}
    assert TOKEN not in holder.model_dump_json()
    assert TOKEN not in repr(holder)


def test_lazy_secret_loads_once() -> None:
    calls: list[int] = []

    def loader() -> str:
        calls.append(1)
        return TOKEN

    secret = Secret.lazy(loader, source="test")
    assert not secret.loaded and calls == []
    assert secret.reveal() == TOKEN
    assert secret.reveal() == TOKEN
    assert calls == [1]


def test_resolved_profiles_compare_without_loading_tokens() -> None:
    config = make_config(p={"url": "https://p.example.com", "token_command": "false"})
    first, second = resolve_profile(config, {}), resolve_profile(config, {})
    assert first == second
    assert not first.token.loaded


# -- where worklogs live: Tempo, Everit, the extender ------------------------------------------

JIRA = {"url": "https://example.atlassian.net", "email": "me@example.com", "token_env": "JT"}


def test_worklogs_default_to_jira_and_need_no_vendor() -> None:
    resolved = resolve_profile(make_config(work=JIRA), {"JT": TOKEN})
    assert (resolved.worklogs, resolved.tempo, resolved.everit) == ("jira", None, None)


def test_tempo_takes_its_default_url_and_its_own_token_sources(tmp_path: Path) -> None:
    token_file = write(tmp_path, "tempo-file-token\n", name="tempo.token")
    token_file.chmod(0o600)
    config = make_config(work={**JIRA, "worklogs": "tempo", "tempo": {"token_file": token_file}})
    resolved = resolve_profile(config, {"JT": TOKEN})
    assert resolved.tempo is not None
    assert resolved.tempo.url == "https://api.tempo.io/4"
    assert resolved.tempo.token.reveal() == "tempo-file-token"
    assert "tempo-file-token" not in repr(resolved)


def test_the_environment_picks_the_backend_its_url_and_token() -> None:
    env = {
        "JT": TOKEN,
        "TUIWS_WORKLOGS": "Everit",
        "TUIWS_EVERIT_URL": "https://everit.example.com/timetracker/api/latest/public/",
        "TUIWS_EVERIT_TOKEN": "ev-token",
    }
    resolved = resolve_profile(make_config(work=JIRA), env)
    assert resolved.worklogs == "everit"
    assert resolved.everit is not None
    assert resolved.everit.url == "https://everit.example.com/timetracker/api/latest/public"
    assert resolved.everit.token.source == "TUIWS_EVERIT_TOKEN"


def test_a_vendor_without_a_token_says_how_to_give_one() -> None:
    with pytest.raises(CredentialError, match="TUIWS_TEMPO_TOKEN") as caught:
        resolve_profile(make_config(work={**JIRA, "worklogs": "tempo"}), {"JT": TOKEN})
    assert "keeps its worklogs in Tempo" in str(caught.value)


def test_an_unknown_backend_in_the_environment_is_refused() -> None:
    with pytest.raises(ConfigError, match="TUIWS_WORKLOGS must be one of"):
        resolve_profile(make_config(work=JIRA), {"JT": TOKEN, "TUIWS_WORKLOGS": "harvest"})


def test_the_extender_needs_server() -> None:
    config = make_config(work={**JIRA, "flavor": "cloud", "worklogs": "extender"})
    with pytest.raises(ConfigError, match="Server plugin"):
        resolve_profile(config, {"JT": TOKEN})


def test_an_inline_token_needs_a_private_config_file(tmp_path: Path) -> None:
    text = (
        '[profiles.work]\nurl = "https://example.atlassian.net"\nemail = "me@example.com"\n'
        'token_env = "JT"\nworklogs = "tempo"\n[profiles.work.tempo]\ntoken = "inline-tempo"\n'
    )
    path = write(tmp_path, text)
    path.chmod(0o644)
    with pytest.raises(CredentialError, match="chmod 600") as caught:
        load_config(path)
    assert "inline-tempo" not in str(caught.value)
    path.chmod(0o600)
    resolved = resolve_profile(load_config(path), {"JT": TOKEN})
    assert resolved.tempo is not None and resolved.tempo.token.reveal() == "inline-tempo"


def test_a_vendor_token_env_holding_a_token_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[profiles.w]\nurl = "https://x.atlassian.net"\n[profiles.w.tempo]\n'
        'token_env = "abc def-123"\n',
    )
    with pytest.raises(ConfigError, match="not the token itself"):
        load_config(path)


def test_vendor_sections_are_strict(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[profiles.w]\nurl = "https://x.atlassian.net"\n[profiles.w.tempo]\ntokn_env = "X"\n',
    )
    with pytest.raises(ConfigError, match="token_env"):
        load_config(path)
