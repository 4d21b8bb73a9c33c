"""What the configuration raises: its message says where and how to fix it, never a token."""

from __future__ import annotations

__all__ = ["ConfigError", "CredentialError"]


class ConfigError(Exception):
    """The configuration cannot be used as it stands; the message says where and how to fix it."""


class CredentialError(ConfigError):
    """A token could not be obtained. Messages name the source, never the token."""
