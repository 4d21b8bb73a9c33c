"""Data an add-on (Tempo, Everit) keeps beside one `EmulatorState`, and its own worklog ids.

The add-ons store Jira worklogs underneath, as the real products do: what they add (Tempo's
attributes, Everit's tags, their own ids) lives here, keyed by the state it belongs to, so the
state itself stays the one Jira instance and needs no field for them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from .state import EmulatorState

T = TypeVar("T")
_LOCK = threading.Lock()
_SIDECARS: WeakKeyDictionary[EmulatorState, dict[str, Any]] = WeakKeyDictionary()


def sidecar(state: EmulatorState, name: str, kind: type[T], factory: Callable[[], T]) -> T:
    """The `name` add-on's data for `state`, made by `factory` the first time it is asked for."""
    with _LOCK:
        held = _SIDECARS.setdefault(state, {})
        found = held.get(name)
        if not isinstance(found, kind):
            found = factory()
            held[name] = found
        return found


class IdMap:
    """An add-on's own worklog ids and the Jira worklog id each stands for.

    Ids are handed out the first time a Jira worklog is seen, and a mapping outlives the Jira
    worklog (a deletion event still names both ids). Callers hold the state's lock.
    """

    def __init__(self, first: int) -> None:
        self._first = first
        self._next = first
        self._own_by_jira: dict[int, int] = {}
        self._jira_by_own: dict[int, int] = {}

    def own_id(self, jira_id: int) -> int:
        found = self._own_by_jira.get(jira_id)
        if found is None:
            found = self._next
            self._next += 1
            self._own_by_jira[jira_id] = found
            self._jira_by_own[found] = jira_id
        return found

    def jira_id(self, own_id: int) -> int | None:
        return self._jira_by_own.get(own_id)

    def relink(self, own_id: int, jira_id: int) -> None:
        """The add-on's worklog now stands on another Jira worklog (a move re-creates it)."""
        self._own_by_jira[jira_id] = own_id
        self._jira_by_own[own_id] = jira_id

    def clear(self) -> None:
        self._next = self._first
        self._own_by_jira.clear()
        self._jira_by_own.clear()
