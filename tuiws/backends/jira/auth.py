"""The two ways tuiws signs requests: Basic (Cloud email + API token, old Server username +
password) and Bearer (Server/DC personal access token). Neither ever prints its secret."""

from __future__ import annotations

from collections.abc import Generator

import httpx


class BearerAuth(httpx.Auth):
    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request

    def __repr__(self) -> str:
        return "BearerAuth(****)"


class BasicAuth(httpx.BasicAuth):
    def __init__(self, username: str, secret: str) -> None:
        super().__init__(username, secret)
        self._username = username

    def __repr__(self) -> str:
        return f"BasicAuth({self._username!r}, ****)"
