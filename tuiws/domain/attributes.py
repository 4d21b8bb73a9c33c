"""Work attributes: the extra fields a worklog backend (Tempo) asks for beside the time.

Plain definitions, so the editor can offer a static list's values and ask for a required
attribute before saving instead of letting the backend refuse the write.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["WorkAttribute", "missing_required"]


@dataclass(frozen=True, kw_only=True)
class WorkAttribute:
    key: str
    """The backend's key, e.g. `_Account_`."""
    name: str
    """What users call it, e.g. "Account"."""
    kind: str
    """ACCOUNT, CHECKBOX, INPUT_FIELD, INPUT_NUMERIC or STATIC_LIST."""
    required: bool = False
    values: tuple[str, ...] = ()
    """The allowed values of a static list (empty: free input)."""
    labels: Mapping[str, str] = field(default_factory=dict)
    """value → how it is shown."""

    @property
    def title(self) -> str:
        return f"{self.name} ({self.key})"

    def problem(self, value: str | None) -> str | None:
        """Why `value` cannot be saved for this attribute, or None."""
        if not value:
            if not self.required:
                return None
            choices = f": choose one of {', '.join(self.values)}" if self.values else ""
            return f"{self.title} is required{choices}"
        if self.values and value not in self.values:
            return (
                f"'{value}' is not a value of {self.title}; choose one of {', '.join(self.values)}"
            )
        return None


def missing_required(
    attributes: list[WorkAttribute], values: Mapping[str, str]
) -> list[WorkAttribute]:
    """The required attributes `values` leaves empty."""
    return [a for a in attributes if a.required and not values.get(a.key)]
