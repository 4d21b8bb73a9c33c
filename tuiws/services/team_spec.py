"""Which team: as configured (`[teams.NAME]`), or ad hoc from `--members`.

Kept apart from the team service so the app can be handed a team before the services (and
httpx under them) are loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tuiws.config import Team

__all__ = ["ADHOC", "TeamError", "TeamSpec", "app_team", "pick_team"]

ADHOC = "ad hoc"


class TeamError(ValueError):
    """The team cannot be worked out from what was asked (no request was wasted on it)."""


@dataclass(frozen=True)
class TeamSpec:
    """A team as configured: people by account id / email / username, and/or a Jira group."""

    name: str
    members: tuple[str, ...] = ()
    group: str | None = None

    @classmethod
    def adhoc(cls, members: Iterable[str], name: str = ADHOC) -> TeamSpec:
        people = tuple(m.strip() for m in members if m.strip())
        if not people:
            raise TeamError("--members needs at least one person, e.g. --members alice,bob")
        return cls(name=name, members=people)

    @classmethod
    def from_config(cls, name: str, team: Team) -> TeamSpec:
        return cls(name=name, members=tuple(team.members), group=team.group)


def pick_team(teams: Mapping[str, Team], name: str | None) -> TeamSpec:
    """The named team, or the only one; otherwise say which exist or how to define one."""
    how = (
        'Define one in config.toml as [teams.NAME] with members = ["..."] and/or '
        'group = "...", or pass --members A,B,C.'
    )
    if name is not None:
        if name in teams:
            return TeamSpec.from_config(name, teams[name])
        known = ", ".join(sorted(teams)) or "none"
        raise TeamError(f"No team named '{name}' (configured teams: {known}). {how}")
    if len(teams) == 1:
        only, team = next(iter(teams.items()))
        return TeamSpec.from_config(only, team)
    if not teams:
        raise TeamError(f"No teams are configured. {how}")
    names = ", ".join(sorted(teams))
    raise TeamError(f"Several teams are configured ({names}): pick one with --team NAME.")


def app_team(teams: Mapping[str, Team]) -> TeamSpec | None:
    """The team the app's `m` shows: the only one configured, else the first by name."""
    if not teams:
        return None
    name = sorted(teams)[0]
    return TeamSpec.from_config(name, teams[name])
