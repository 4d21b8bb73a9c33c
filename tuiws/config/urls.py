"""Jira base URLs as every part of tuiws writes them: the config's validator, the quick read
of the config for the first frame, and the cache's record of which site it holds.

Standard library only (the first frame is drawn before pydantic loads).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

__all__ = ["normalise_url"]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def normalise_url(raw: str) -> str:
    """`raw` as a base URL without a trailing slash; `ValueError` (no secrets echoed) if unusable.

    Only https:// is accepted, except http:// to this machine (127.0.0.0/8, ::1, localhost):
    the token must not cross a network in clear. A context path (`https://host/jira`) is kept.
    """
    text = raw.strip()
    if not text:
        raise ValueError("the URL is empty")
    if any(ch.isspace() for ch in text):
        raise ValueError("the URL contains spaces")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValueError("the URL must start with https://")
    if "@" in parts.netloc:
        raise ValueError(
            "the URL must not carry a user name or password; use email and a token option"
        )
    host = parts.hostname
    if not host:
        raise ValueError("the URL has no host name")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("the URL has an invalid port") from None
    if parts.query or parts.fragment:
        raise ValueError("the URL must not have a query (?...) or fragment (#...)")
    if scheme == "http" and not _is_loopback(host):
        raise ValueError(
            f"plain http:// to {host} would send the token unencrypted; use https:// "
            "(http:// is only accepted for 127.0.0.1, ::1 and localhost)"
        )
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc = f"{netloc}:{port}"
    return f"{scheme}://{netloc}{parts.path.rstrip('/')}"
