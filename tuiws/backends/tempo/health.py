"""What `tuiws doctor` says about Tempo: which API and version answered, that the token was
accepted, and which scopes it lacks (a token's scopes are fixed when it is made)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from typing import Any

from tuiws.backends import errors as e
from tuiws.backends.base import HealthCheck
from tuiws.backends.tempo.client import TempoClient
from tuiws.backends.tempo.errors import V4_URL
from tuiws.backends.tempo.feeds import updated_from

__all__ = ["tempo_health"]

# scope → what is lost without it
_LOSSES = {
    "Worklogs": "no worklogs can be read or written",
    "Schemes": "required hours fall back to hours-per-day",
    "Approvals": "locked periods are found only when Tempo refuses a write",
    "Audit": "sync cannot see deletions and reads whole weeks again",
}


async def _refused(probe: Awaitable[Any]) -> bool:
    try:
        await probe
    except (e.Forbidden, e.Unauthenticated):
        return True
    except e.BackendError:
        return False  # answered: the scope is there, whatever else went wrong
    return False


async def tempo_health(client: TempoClient, account_id: str, attributes: int) -> list[HealthCheck]:
    today = datetime.now(UTC).date()
    where = f"{client.url.root}{client.url.prefix}"
    version = "REST v4" if client.dialect == "v4" else "core/3 (retired by Tempo in 2025)"
    checks = [
        HealthCheck(
            "tempo",
            True,
            f"{version} at {where}: token accepted, {attributes} work attributes",
            "" if client.dialect == "v4" else f"set the tempo url to {V4_URL}",
        )
    ]
    probes: dict[str, Awaitable[Any]] = {
        "Worklogs": client.user_worklogs(account_id, today, today),
        "Audit": client.deleted(
            updated_from(int((datetime.now(UTC) - timedelta(hours=1)).timestamp() * 1000))
        ),
    }
    if client.dialect == "v4":
        probes["Schemes"] = client.schedule(account_id, today, today)
        probes["Approvals"] = client.approval(account_id, today)
    refused = await asyncio.gather(*(_refused(p) for p in probes.values()))
    missing = [name for name, no in zip(probes, refused, strict=True) if no]
    if not missing:
        checks.append(HealthCheck("tempo scopes", True, ", ".join(probes) + ": all granted"))
    else:
        lost = "; ".join(f"{name}: {_LOSSES[name]}" for name in missing)
        checks.append(
            HealthCheck(
                "tempo scopes",
                False,
                f"the token lacks {', '.join(missing)} ({lost})",
                "create a Tempo token (Settings › API integration) with those scopes",
            )
        )
    return checks
