"""`tuiws doctor`: each step of reaching Jira checked in order, each failure with its fix."""

from __future__ import annotations

import time as _time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from tuiws.config import ConfigError, ResolvedProfile
from tuiws.domain.started import epoch_ms
from tuiws.factory import connect
from tuiws.jira.client import JiraClient, flavor_of
from tuiws.jira.errors import JiraError, TlsError
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


async def run_doctor(client: JiraClient, profile: ResolvedProfile) -> DoctorReport:
    report = DoctorReport()
    report.add("profile", True, f"{profile.name} → {profile.url}")
    started = _time.perf_counter()
    try:
        info = await client.server_info()
    except TlsError as exc:
        report.add("connection", False, str(exc), "set `ca_bundle` in the profile")
        return report
    except JiraError as exc:
        report.add("connection", False, str(exc), "check `url` and that Jira is reachable")
        return report
    ms = (_time.perf_counter() - started) * 1000
    report.add("connection", True, f"{info.server_title or 'Jira'} {info.version} ({ms:.0f} ms)")
    detected = flavor_of(info)
    if profile.flavor is not None and profile.flavor is not detected:
        report.add(
            "flavor",
            False,
            f"configured {profile.flavor.value}, server says {detected.value}",
            f'set flavor = "{detected.value}" (or "auto") in the profile',
        )
        return report
    report.add("flavor", True, f"{detected.value} (REST v{3 if detected.value == 'cloud' else 2})")
    try:
        session = await connect(client, profile)
    except ConfigError as exc:
        report.add("sign-in", False, str(exc), "complete the profile")
        return report
    except JiraError as exc:
        fix = (
            "create an API token at id.atlassian.com → Security and use your account email"
            if detected.value == "cloud"
            else "create a personal access token in your Jira profile"
        )
        report.add("sign-in", False, str(exc), fix)
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
    try:
        found = await client.search(
            "worklogAuthor = currentUser() ORDER BY updated DESC", ("summary",), limit=1
        )
    except JiraError as exc:
        report.add("permissions", False, str(exc), "ask for Browse projects on your projects")
        return report
    report.add(
        "permissions",
        True,
        "can search your worklogs"
        + (f" (latest on {found[0].key})" if found else " (none found yet)"),
    )
    try:
        # A day back: a short answer, likely with an entry whose shape can be judged.
        support = await probe_feeds(client, epoch_ms(datetime.now(UTC) - timedelta(days=1)))
    except JiraError as exc:
        report.add("sync", True, f"mode not known: {exc}")
        return report
    report.add("sync", True, support.describe())
    return report
