"""Pydantic schemas of what Jira sends, kept apart from the domain models they convert to.

Only the fields tuiws reads are declared; everything else Jira adds is ignored, so a newer
Jira with more fields keeps working.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class WireUser(Wire):
    account_id: str | None = Field(default=None, alias="accountId")
    name: str | None = None
    key: str | None = None
    display_name: str = Field(default="", alias="displayName")
    email_address: str | None = Field(default=None, alias="emailAddress")
    time_zone: str | None = Field(default=None, alias="timeZone")


class WireProperty(Wire):
    key: str
    value: Any = None


class WireWorklog(Wire):
    id: str
    issue_id: str = Field(default="", alias="issueId")
    author: WireUser = Field(default_factory=WireUser)
    started: str
    time_spent_seconds: int = Field(alias="timeSpentSeconds")
    comment: Any = None
    created: str | None = None
    updated: str | None = None
    properties: list[WireProperty] = Field(default_factory=list)
    """Entity properties, sent only when asked for with `expand=properties`."""


class WorklogPage(Wire):
    start_at: int = Field(default=0, alias="startAt")
    max_results: int = Field(default=0, alias="maxResults")
    total: int = 0
    worklogs: list[WireWorklog] = Field(default_factory=list)


class WireStatus(Wire):
    name: str = ""


class WireProject(Wire):
    key: str = ""
    name: str = ""


class WireTimeTracking(Wire):
    original_estimate_seconds: int | None = Field(default=None, alias="originalEstimateSeconds")
    remaining_estimate_seconds: int | None = Field(default=None, alias="remainingEstimateSeconds")
    time_spent_seconds: int | None = Field(default=None, alias="timeSpentSeconds")


class IssueFields(Wire):
    summary: str = ""
    status: WireStatus | None = None
    project: WireProject | None = None
    timetracking: WireTimeTracking | None = None
    worklog: WorklogPage | None = None


class IssueBean(Wire):
    id: str
    key: str
    fields: IssueFields = Field(default_factory=IssueFields)


class SearchJqlPage(Wire):
    """Cloud's `/search/jql`: token paging and no total."""

    issues: list[IssueBean] = Field(default_factory=list)
    next_page_token: str | None = Field(default=None, alias="nextPageToken")
    is_last: bool | None = Field(default=None, alias="isLast")


class SearchPage(Wire):
    """Server/DC's `/search`: offset paging with a total."""

    start_at: int = Field(default=0, alias="startAt")
    max_results: int = Field(default=0, alias="maxResults")
    total: int = 0
    issues: list[IssueBean] = Field(default_factory=list)


class ChangedWorklog(Wire):
    worklog_id: int = Field(alias="worklogId")
    updated_time: int = Field(default=0, alias="updatedTime")


class ChangedWorklogs(Wire):
    values: list[ChangedWorklog] = Field(default_factory=list)
    since: int = 0
    until: int = 0
    next_page: str | None = Field(default=None, alias="nextPage")
    last_page: bool = Field(default=True, alias="lastPage")


class ServerInfo(Wire):
    base_url: str = Field(default="", alias="baseUrl")
    version: str = ""
    deployment_type: str = Field(default="", alias="deploymentType")
    server_title: str = Field(default="", alias="serverTitle")


class SuggestedIssue(Wire):
    id: int | str
    key: str
    summary_text: str = Field(default="", alias="summaryText")


class PickerSection(Wire):
    label: str = ""
    issues: list[SuggestedIssue] = Field(default_factory=list)


class PickerSuggestions(Wire):
    sections: list[PickerSection] = Field(default_factory=list)


class TimeTrackingConfiguration(Wire):
    working_hours_per_day: float = Field(default=8.0, alias="workingHoursPerDay")
    working_days_per_week: float = Field(default=5.0, alias="workingDaysPerWeek")


class JiraConfiguration(Wire):
    time_tracking_enabled: bool = Field(default=True, alias="timeTrackingEnabled")
    time_tracking_configuration: TimeTrackingConfiguration | None = Field(
        default=None, alias="timeTrackingConfiguration"
    )
