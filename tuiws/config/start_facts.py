"""What the app's first frame needs of the configuration, as the last validated start found it.

`tuiws` paints its first frame (the profile's cached week) before the configuration's validator
loads (pydantic, `tuiws.config.loading`): from the facts a start recorded once it had validated
this same file under the same choice of profile, Jira and zone. They are keyed by a hash of the
file's bytes, `--profile` and the variables that change those facts, so an edited file, another
profile or another `TUIWS_URL` finds none, and is validated before any screen instead. The rules
that turn a file into these facts stay `resolve_profile()`'s alone: nothing here reads the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tuiws.config.env_names import ENV_PROFILE, ENV_TZ, ENV_URL
from tuiws.config.ui_settings import UiSettings

if TYPE_CHECKING:
    # Recorded from a validated profile; the first frame reads the facts without it.
    from tuiws.config.profile import ResolvedProfile

__all__ = ["FACTS_KEPT", "StartFacts", "facts_key", "record_facts", "recorded_facts"]

FACTS_KEPT = 8
"""How many keys the record keeps (one per file version, profile and environment), newest last."""

_CHOOSING_VARIABLES = (ENV_PROFILE, ENV_URL, ENV_TZ)
"""The variables that change which profile, Jira and zone a file resolves to."""


@dataclass(frozen=True)
class StartFacts:
    """A validated profile's facts the first frame is drawn from."""

    profile: str
    url: str
    """Its Jira (normalised): the cache must be of it to be shown."""
    first_weekday: int
    """Its `week_start`, as `date.weekday()` counts."""
    zone: str | None
    """Its bucket zone override; None: the Jira profile's zone."""
    ui: UiSettings
    worklogs: str = "jira"
    """Where its worklogs live (`jira`, `tempo`, …): the cache must be that backend's too."""

    @classmethod
    def of(cls, profile: ResolvedProfile, ui: UiSettings) -> StartFacts:
        return cls(
            profile=profile.name,
            url=profile.url,
            first_weekday=profile.week_start_weekday,
            zone=profile.zone,
            ui=ui,
            worklogs=profile.worklogs,
        )


def facts_key(config: bytes, env: Mapping[str, str], profile_option: str | None) -> str:
    """The record's key for the file `config` holds, `--profile`, and the environment."""
    digest = hashlib.sha256(config)
    for value in (profile_option, *(env.get(name, "").strip() for name in _CHOOSING_VARIABLES)):
        digest.update(b"\0" + (value or "").encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def recorded_facts(record: Path, key: str) -> StartFacts | None:
    """The facts recorded under `key`, or None: none recorded, or a record this cannot read
    (then the start validates first, as for a new file)."""
    entry = _read(record).get(key)
    if not isinstance(entry, dict):
        return None
    try:
        ui = entry["ui"]
        facts = StartFacts(
            profile=entry["profile"],
            url=entry["url"],
            first_weekday=entry["first_weekday"],
            zone=entry["zone"],
            ui=UiSettings(**{**ui, "keymap": dict(ui["keymap"])}),
            # Required: a record from before it was kept is validated again, once.
            worklogs=entry["worklogs"],
        )
    except (KeyError, TypeError, ValueError):
        return None
    # Its own writer's file: a type check is enough (and the validation after the first frame
    # compares these facts with the validated profile's).
    if not (
        isinstance(facts.profile, str)
        and isinstance(facts.url, str)
        and isinstance(facts.first_weekday, int)
        and (facts.zone is None or isinstance(facts.zone, str))
        and isinstance(facts.worklogs, str)
    ):
        return None
    return facts


def record_facts(record: Path, key: str, facts: StartFacts) -> None:
    """Keep `facts` under `key` (the newest of `FACTS_KEPT`), written atomically; a record
    that cannot be written costs only the next start's head start."""
    entries = {k: v for k, v in _read(record).items() if k != key}
    entries[key] = asdict(facts)
    kept = dict(list(entries.items())[-FACTS_KEPT:])
    with contextlib.suppress(OSError):
        record.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=record.parent, prefix=f".{record.name}.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(kept, handle, indent=1)
            os.replace(temporary, record)
        except OSError:
            os.unlink(temporary)
            raise


def _read(record: Path) -> dict[str, object]:
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
