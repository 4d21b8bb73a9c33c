"""What an endpoint handler receives (`Call`) and returns (`Reply`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .models import JiraError, User
from .render import View
from .state import EmulatorState


@dataclass
class Call:
    """One request as a handler sees it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    version: int
    base_url: str
    user: User | None = None
    params: dict[str, str] = field(default_factory=dict)

    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def args(self, name: str) -> list[str]:
        return self.query.get(name, [])

    def json(self) -> Any:
        if not self.body.strip():
            raise JiraError(400, ["No content to map due to end-of-input"])
        content_type = self.headers.get("content-type", "")
        if "json" not in content_type.lower():
            raise JiraError(415, ["Unsupported Media Type: send the body as application/json."])
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError) as error:
            raise JiraError(400, [f"Unexpected character in the JSON body: {error}"]) from None

    def int_arg(self, name: str, default: int, *, minimum: int = 0) -> int:
        raw = self.arg(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            # Jira's REST layer (JAX-RS) cannot bind a typed parameter and answers 404.
            raise JiraError(
                404, [f"No resource found: '{name}' must be a number, not '{raw}'."]
            ) from None
        return max(minimum, value)


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[EmulatorState, Call], Reply]


def view_for(state: EmulatorState, call: Call) -> View:
    return View(call.base_url, call.version, state.flavor, call.user)


def me(call: Call) -> User:
    assert call.user is not None, "route requires authentication"
    return call.user
