"""Deterministic credentials for every emulated person, and the demo login."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

DEMO_USERNAME = "dreyes"
DEMO_EMAIL = "dana.reyes@example.com"


def _digest(username: str, purpose: str) -> bytes:
    return hashlib.sha256(f"tuiws-emulator/{purpose}/{username}".encode()).digest()


def api_token_for(username: str) -> str:
    """A Cloud API token (HTTP Basic password next to the email), shaped like Atlassian's."""
    body = base64.urlsafe_b64encode(_digest(username, "api-token")).decode().rstrip("=")
    checksum = _digest(username, "checksum").hex()[:8].upper()
    return f"ATATT3xFfGF0{body}={checksum}"


def pat_for(username: str) -> str:
    """A Server/DC personal access token (sent as `Authorization: Bearer ...`)."""
    return base64.b64encode(_digest(username, "pat")[:33]).decode()


def password_for(username: str) -> str:
    """A Server/DC password for the Basic fallback."""
    return f"{username}-emulator-pw"


def tempo_token_for(username: str) -> str:
    """A Tempo Cloud API token (`Authorization: Bearer ...`), distinct from every Jira secret."""
    return "tempo-" + base64.urlsafe_b64encode(_digest(username, "tempo")[:24]).decode()


def everit_key_for(username: str) -> str:
    """An Everit Timetracker API key (the `x-everit-api-key` header)."""
    return "everit-" + _digest(username, "everit").hex()[:40]


@dataclass(frozen=True)
class DemoCredentials:
    """How to sign in to the emulator as the demo user, on either flavor, and to its Tempo
    (`tempo_token`, a Bearer token) and Everit (`everit_api_key`)."""

    email: str
    api_token: str
    username: str
    password: str
    pat: str
    tempo_token: str
    everit_api_key: str


DEMO = DemoCredentials(
    email=DEMO_EMAIL,
    api_token=api_token_for(DEMO_USERNAME),
    username=DEMO_USERNAME,
    password=password_for(DEMO_USERNAME),
    pat=pat_for(DEMO_USERNAME),
    tempo_token=tempo_token_for(DEMO_USERNAME),
    everit_api_key=everit_key_for(DEMO_USERNAME),
)
