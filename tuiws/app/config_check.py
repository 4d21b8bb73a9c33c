"""Validating `config.toml` around `tuiws`'s first frame, and the facts that frame is drawn from.

A configuration validated as it is now by an earlier start is validated again right after the
first frame, which is drawn from the facts that start recorded (`tuiws.config.start_facts`);
any other is validated before any screen, and its facts recorded. The validator is
`tuiws.config`'s own (`load_config`, `resolve_profile`), loaded only when it runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import tuiws.config  # its validator loads on first use (PEP 562), after any first frame
from tuiws.app.startup import CannotStart
from tuiws.config.errors import ConfigError
from tuiws.config.start_facts import StartFacts, facts_key, record_facts, recorded_facts
from tuiws.config.ui_settings import UiSettings

if TYPE_CHECKING:
    from tuiws.config import Config, ResolvedProfile

    Validated: TypeAlias = tuple[ResolvedProfile, Config]
    """A validated configuration and the profile it resolves to."""

__all__ = ["configured_start", "facts_record", "validated_after_frame"]


def facts_record(data_dir: Path) -> Path:
    """Where the facts of validated starts are kept (`tuiws.config.start_facts`)."""
    return data_dir / "start-facts.json"


def configured_start(
    path: Path, env: Mapping[str, str], profile_option: str | None, data_dir: Path
) -> tuple[StartFacts, Validated | None]:
    """The facts `tuiws`'s first frame is drawn from: those recorded when this configuration
    was last validated (validated again after the frame), else validated now, before any
    screen, and recorded. Raises `CannotStart` with the validator's message."""
    key = facts_key(_config_bytes(path), env, profile_option)
    facts = recorded_facts(facts_record(data_dir), key)
    if facts is not None:
        return facts, None
    validated = _validated(path, env, profile_option)
    facts = _facts_of(*validated)
    if facts_key(_config_bytes(path), env, profile_option) == key:  # the file it validated
        record_facts(facts_record(data_dir), key, facts)
    return facts, validated


def _validated(path: Path, env: Mapping[str, str], option: str | None) -> Validated:
    try:
        config = tuiws.config.load_config(path)
        return tuiws.config.resolve_profile(config, env, option), config
    except ConfigError as exc:
        raise CannotStart(str(exc)) from None


def _facts_of(profile: ResolvedProfile, config: Config) -> StartFacts:
    return StartFacts.of(profile, UiSettings.from_config(config.ui))


def validated_after_frame(
    path: Path, env: Mapping[str, str], option: str | None, shown: StartFacts, record: Path
) -> Validated:
    """The configuration validated after a first frame drawn from `shown`."""
    key = facts_key(_config_bytes(path), env, option)
    profile, config = _validated(path, env, option)
    facts = _facts_of(profile, config)
    if facts != shown:
        # What was shown is not this configuration's (the file changed as tuiws started): the
        # facts are put right for the next start.
        record_facts(record, key, facts)
        raise CannotStart(
            f"the configuration changed while tuiws started (profile {profile.name!r}, "
            f"{profile.url}); start it again"
        )
    return profile, config


def _config_bytes(path: Path) -> bytes:
    """The file's bytes, for the key of its facts (unreadable: the validator will say why)."""
    try:
        return path.read_bytes()
    except OSError:
        return b""
