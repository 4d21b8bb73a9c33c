"""The demo world the seed builds from: its people, projects, issue summaries and notes.

Plain tables, no randomness: `seed.py` draws from them with its fixed-seed generator.
"""

from __future__ import annotations

from dataclasses import dataclass

from .credentials import DEMO_USERNAME

ADMIN_USERNAME = "pnatarajan"


@dataclass(frozen=True)
class Person:
    display_name: str
    username: str
    time_zone: str
    admin: bool = False

    @property
    def email(self) -> str:
        first, _, last = self.display_name.lower().partition(" ")
        return f"{first}.{last.replace(' ', '')}@example.com"


TEAM = (
    Person("Dana Reyes", DEMO_USERNAME, "Europe/Berlin"),
    Person("Marcus Webb", "mwebb", "America/New_York"),
    Person("Priya Natarajan", ADMIN_USERNAME, "Asia/Kolkata", admin=True),
    Person("Jordan Kim", "jkim", "America/Los_Angeles"),
    Person("Oliver Hughes", "ohughes", "Europe/London"),
    Person("Chloe Nguyen", "cnguyen", "Australia/Sydney"),
    Person("Rafael Costa", "rcosta", "America/Sao_Paulo"),
    Person("Sam Okafor", "sokafor", "UTC"),
)

PROJECTS: tuple[tuple[str, str, dict[str, bool]], ...] = (
    ("INT", "Internal", {}),
    ("OPS", "Operations", {}),
    ("PLAT", "Platform", {}),
    ("MOB", "Mobile App", {}),
    ("DOCS", "Documentation", {"time_tracking": False}),
    ("FIN", "Finance (restricted)", {"browsable": False}),
    ("SEC", "Security & Compliance", {"edit_delete_allowed": False}),
)

FIXED_ISSUES: dict[str, tuple[str, ...]] = {
    "INT": ("Meetings", "Admin", "Support rotation", "Hiring interviews", "Learning & development"),
    "OPS": ("Legacy payment gateway incident log",),
    "DOCS": (
        "Update the worklog API reference",
        "Write the onboarding guide for new engineers",
        "Document the release checklist",
        "Refresh architecture diagrams",
        "Style guide for error messages",
        "Glossary of billing terms",
    ),
    "FIN": (
        "Q3 budget forecast",
        "Vendor invoice reconciliation",
        "Cloud spend allocation by team",
        "Payroll system migration",
        "Audit preparation: expense reports",
        "Contractor rate review",
        "Licence renewals for design tools",
        "Travel policy update",
    ),
    "SEC": (
        "SOC 2 evidence collection",
        "Quarterly access review",
        "Penetration test follow-ups",
        "Data retention policy rollout",
        "Security awareness training",
        "Vendor risk assessments",
    ),
}

GENERATED: dict[str, tuple[int, tuple[str, ...], tuple[str, ...]]] = {
    "PLAT": (
        60,
        (
            "Migrate",
            "Refactor",
            "Add metrics to",
            "Harden",
            "Document",
            "Upgrade dependencies of",
            "Fix memory leak in",
            "Add retries to",
            "Load test",
            "Split up",
            "Remove legacy endpoints from",
            "Improve error handling in",
        ),
        (
            "the auth service",
            "the billing API",
            "the search indexer",
            "the notification worker",
            "the API gateway",
            "the feature flag service",
            "the audit log pipeline",
            "the user import job",
            "the webhook dispatcher",
            "the session store",
            "the CI pipeline",
            "the config service",
        ),
    ),
    "MOB": (
        45,
        (
            "Fix crash in",
            "Polish",
            "Add dark mode to",
            "Improve accessibility of",
            "Add offline support to",
            "Speed up",
            "Localise",
            "Add analytics events to",
            "Redesign",
            "Write UI tests for",
        ),
        (
            "the login screen",
            "the timesheet view",
            "push notifications",
            "the settings screen",
            "the onboarding flow",
            "the Android widget",
            "the iOS share extension",
            "the profile page",
            "the search bar",
            "the sync engine",
        ),
    ),
    "OPS": (
        34,
        (
            "Investigate alerts from",
            "Patch",
            "Capacity planning for",
            "Automate backups of",
            "Upgrade",
            "Postmortem for outage of",
            "Rotate credentials for",
            "Cost review of",
            "Add monitoring to",
            "Decommission old",
        ),
        (
            "the Kubernetes staging cluster",
            "Grafana dashboards",
            "the Kafka brokers",
            "the VPN gateway",
            "build agents",
            "object storage",
            "DNS zones",
            "log shipping",
            "on-call runbooks",
            "edge proxies",
        ),
    ),
}

TEAMS: dict[str, tuple[str, ...]] = {
    "PLAT": (DEMO_USERNAME, "mwebb", "ohughes", "sokafor", ADMIN_USERNAME),
    "MOB": ("jkim", "cnguyen", "rcosta", DEMO_USERNAME),
    "OPS": (ADMIN_USERNAME, "sokafor", "mwebb", "rcosta"),
    "SEC": (DEMO_USERNAME, "ohughes", ADMIN_USERNAME),
    "FIN": (ADMIN_USERNAME,),
}

NOTES = (
    "Reviewed the pull request and left comments",
    "Paired on the failing tests",
    "Investigated the root cause",
    "Wrote the migration script",
    "Cleaned up after the release",
    "Updated the ticket with findings",
    "Benchmarking and profiling",
    "Spike: compared two approaches",
    "Fixed review feedback",
    "Deployed to staging and verified",
    "Customer call about the issue",
    "Design discussion with the team",
)
BULLETS = (
    "updated the tests",
    "fixed the flaky retry",
    "wrote docs for the change",
    "checked the dashboards",
    "answered questions in chat",
    "reviewed two PRs",
    "triaged new bugs",
)
ESTIMATES = (None, None, 2 * 3600, 4 * 3600, 8 * 3600, 16 * 3600, 24 * 3600, 40 * 3600)
STATUS_WEIGHTS = (("To Do", 25), ("In Progress", 35), ("In Review", 15), ("Done", 25))
