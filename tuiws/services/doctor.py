"""`tuiws doctor`: each step of reaching the backend checked in order, each failure with its fix.

It is handed the unopened connection and how to open a session on it (the composition root
decides both), so it never builds either itself.
"""

from __future__ import annotations

import time as _time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from tuiws.backends.base import Connection, SelfChecking
from tuiws.backends.errors import BackendError, TlsFailed
from tuiws.config import ConfigError, ResolvedProfile
from tuiws.domain.started import epoch_ms
from tuiws.services.session import Session
from tuiws.services.sync import probe_feeds


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


@dataclass
class DoctorReport:
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def add(self, name: str, ok: bool, detail: str, fix: str = "") -> bool:
        self.checks.append(Check(name, ok, detail, fix))
        return ok

    def render(self) -> str:
        lines = []
        for c in self.checks:
            lines.append(f"{'✓' if c.ok else '✗'} {c.name:<14} {c.detail}")
            if c.fix and not c.ok:
                lines.append(f"  {'':<14} fix: {c.fix}")
        lines.append("All good." if self.ok else "Some checks failed.")
        return "\n".join(lines)


async def run_doctor(
    connection: Connection,
    profile: ResolvedProfile,
    open_session: Callable[[], Awaitable[Session]],
) -> DoctorReport:
    report = DoctorReport()
    report.add("profile", True, f"{profile.name} → {profile.url}")
    started = _time.perf_counter()
    try:
        facts = await connection.server()
    except TlsFailed as exc:
        report.add("connection", False, str(exc), "set `ca_bundle` in the profile")
        return report
    except BackendError as exc:
        report.add("connection", False, str(exc), "check `url` and that Jira is reachable")
        return report
    ms = (_time.perf_counter() - started) * 1000
    report.add("connection", True, f"{facts.title} {facts.version} ({ms:.0f} ms)")
    if profile.flavor is not None and profile.flavor.value != facts.kind:
        report.add(
            "flavor",
            False,
            f"configured {profile.flavor.value}, server says {facts.kind}",
            f'set flavor = "{facts.kind}" (or "auto") in the profile',
        )
        return report
    report.add("flavor", True, f"{facts.kind} ({facts.protocol})")
    try:
        session = await open_session()
    except ConfigError as exc:
        report.add("sign-in", False, str(exc), "complete the profile")
        return report
    except BackendError as exc:
        report.add("sign-in", False, str(exc), facts.sign_in_fix)
        return report
    me = session.me
    report.add("sign-in", True, f"{me.display_name} ({me.email or me.ident})")
    host_zone = datetime.now().astimezone().tzname() or "?"
    report.add(
        "zone",
        True,
        f"{session.zone_name} from the {session.zone_source}; this machine says {host_zone}",
    )
    t = session.tracking
    report.add(
        "time tracking",
        t.enabled,
        f"{t.hours_per_day:g} h a day, {t.days_per_week:g} days a week"
        if t.enabled
        else "switched off on this Jira",
        "ask a Jira admin to switch time tracking on",
    )
    if isinstance(session.backend, SelfChecking):
        for check in await session.backend.health():
            report.add(check.name, check.ok, check.detail, check.fix)
    try:
        latest = await session.backend.latest_own()
    except BackendError as exc:
        report.add("permissions", False, str(exc), _permission_fix(exc))
        return report
    report.add(
        "permissions",
        True,
        "can search your worklogs"
        + (f" (latest on {latest.key})" if latest else " (none found yet)"),
    )
    try:
        # A day back: a short answer, likely with an entry whose shape can be judged.
        support = await probe_feeds(
            session.backend, epoch_ms(datetime.now(UTC) - timedelta(days=1))
        )
    except BackendError as exc:
        report.add("sync", True, f"mode not known: {exc}")
        return report
    report.add("sync", True, support.describe())
    return report


def _permission_fix(exc: BackendError) -> str:
    """The permission the backend said is missing (a `Forbidden` names it), else Jira's."""
    missing = getattr(exc, "permission", "")
    return f"ask for {missing}" if missing else "ask for Browse projects on your projects"
