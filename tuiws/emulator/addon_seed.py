"""The demo seed's Tempo and Everit side: attributes, billable seconds and tags on the seeded
worklogs, schedules with holidays, approved and submitted weeks, and Everit's rules.

It draws from its own random stream, so the Jira seed stays exactly what it was.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from .everit.store import EveritExtra, Tag, everit_store
from .state import EmulatorState
from .tempo.store import APPROVED, IN_REVIEW, TempoExtra, tempo_store

ADDON_SEED = 20240612
ACCOUNTS = {
    "INT": "INTERNAL",
    "PLAT": "PLATFORM-CAPEX",
    "MOB": "MOBILE-CLIENT",
    "OPS": "OPS-RUN",
    "SEC": "COMPLIANCE",
}
TAGS = (
    Tag(1, "Meeting"),
    Tag(2, "Development"),
    Tag(3, "Review"),
    Tag(4, "Support"),
    Tag(5, "Overtime"),
    Tag(6, "Legacy billing", archived=True),
)
PART_TIMER = "cnguyen"  # six hours a day in Tempo's schedule
WITHOUT_TIMETRACKER = "sokafor"  # Everit answers 479 for this person
SUBMITTER = "mwebb"  # last week submitted for approval
# Away at the end of this week, so this week is submitted early; last week's is approved. The
# team view opens on this week, so a lead sees a locked colleague at once.
EARLY_SUBMITTER = "ohughes"
HOLIDAY_NAME = "Company holiday"
WEEKEND_HOLIDAY_NAME = "Founders' Day"


def seed_addons(state: EmulatorState, today: date | None, *, full: bool) -> None:
    """(Re)build the add-ons' data for a freshly populated state."""
    tempo, everit = tempo_store(state), everit_store(state)
    tempo.clear()
    everit.clear()
    everit.tags = list(TAGS)
    for user in state.users:
        if user.name == PART_TIMER:
            tempo.weekly_seconds[user.account_id] = (6 * 3600,) * 5 + (0, 0)
        if user.name == WITHOUT_TIMETRACKER:
            everit.without_permission.add(user.account_id)
    if not full:
        return
    day = today or state.now().date()
    monday = day - timedelta(days=day.weekday())
    last_monday = monday - timedelta(weeks=1)
    tempo.holidays[last_monday] = HOLIDAY_NAME
    tempo.holidays[last_monday + timedelta(days=5)] = WEEKEND_HOLIDAY_NAME
    demo = state.demo_user.account_id
    for weeks_back in range(2, 7):
        tempo.set_approval(demo, monday - timedelta(weeks=weeks_back), APPROVED)
    submitter = state.find_user(SUBMITTER)
    if submitter is not None:
        tempo.set_approval(submitter.account_id, last_monday, IN_REVIEW)
    early = state.find_user(EARLY_SUBMITTER)
    if early is not None:
        tempo.set_approval(early.account_id, monday, IN_REVIEW)
        tempo.set_approval(early.account_id, last_monday, APPROVED)
    everit.max_seconds_per_day = 12 * 3600
    everit.loggable_from = monday - timedelta(weeks=4)
    _tag_worklogs(state, random.Random(ADDON_SEED))


def _tag_worklogs(state: EmulatorState, rng: random.Random) -> None:
    tempo, everit = tempo_store(state), everit_store(state)
    for worklog in state.all_worklogs():
        issue = state.issue_of(worklog)
        internal = issue.project_key == "INT"
        if issue.key == "INT-1":
            category, tag_ids = "Meeting", [1]
        elif issue.key == "INT-3":
            category, tag_ids = "Support", [4]
        else:
            category = rng.choice(("Development", "Development", "Development", "Review"))
            tag_ids = [2 if category == "Development" else 3]
        billable: int | None = None
        if internal:
            billable = 0
        elif rng.random() < 0.1:
            billable = worklog.time_spent_seconds // 2
        attributes = {
            "_Account_": ACCOUNTS.get(issue.project_key, "INTERNAL"),
            "_Workcategory_": category,
        }
        tempo.extras[worklog.id] = TempoExtra(billable, attributes)
        everit.extras[worklog.id] = EveritExtra(not internal, tag_ids)
