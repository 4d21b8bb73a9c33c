"""Pydantic schemas of what Everit Timetracker's public API sends, apart from the domain.

Only the fields tuiws reads are declared; anything newer Everit adds is ignored. Ids arrive
as JSON numbers and are kept as ints; days and times are in the `x-timezone` zone we sent.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AdditionalError",
    "DeleteAnswer",
    "ErrorBody",
    "EveritWorklog",
    "FieldError",
    "PatchAnswer",
    "ReportPage",
    "ReportRow",
    "TagList",
    "WorklogError",
]


class Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class EveritWorklog(Wire):
    """A worklog as `POST`, `GET` and `PATCH /worklog` answer it."""

    worklog_id: int = Field(alias="worklogId")
    jira_worklog_id: int | None = Field(default=None, alias="jiraWorklogId")
    issue_id: int = Field(alias="issueId")
    work_date: str = Field(alias="workDate")
    work_start_time: str | None = Field(default=None, alias="workStartTime")
    """`HH:mm`."""
    duration_in_seconds: int = Field(alias="durationInSeconds")
    description: str | None = None
    is_billable: bool = Field(default=True, alias="isBillable")
    worklog_tag_ids: list[int] = Field(default_factory=list, alias="worklogTagIds")


class WorklogError(Wire):
    result: str = ""
    message: str | None = None
    worklog_id: int | None = Field(default=None, alias="worklogId")


class PatchAnswer(Wire):
    error: WorklogError | None = None
    worklog: EveritWorklog | None = None


class DeleteAnswer(Wire):
    error: WorklogError | None = None


class FieldError(Wire):
    error_type: str = Field(default="", alias="errorType")
    paths: list[list[str | int]] = Field(default_factory=list)

    @property
    def names(self) -> list[list[str]]:
        """Each path as strings (an index may come as a number)."""
        return [[str(p) for p in path] for path in self.paths]


class AdditionalError(Wire):
    error_type: str = Field(default="", alias="errorType")
    extra: Any = None


class ErrorBody(Wire):
    """A 400: every field and rule problem at once (or a `WorklogError` for a missing one)."""

    field_errors: list[FieldError] = Field(default_factory=list, alias="fieldErrors")
    additional_errors: list[AdditionalError] = Field(default_factory=list, alias="additionalErrors")
    error: WorklogError | None = None


class ReportIssue(Wire):
    id: int
    key: str
    summary: str = ""


class ReportProject(Wire):
    id: int | None = None
    key: str = ""
    name: str = ""


class ReportAuthor(Wire):
    id: str
    name: str = ""


class ReportTag(Wire):
    id: int
    name: str


class ReportWorklog(Wire):
    id: int
    jira_worklog_id: int | None = Field(default=None, alias="jiraWorklogId")
    description: str | None = None
    duration_in_seconds: int = Field(alias="durationInSeconds")
    is_billable: bool = Field(default=True, alias="isBillable")
    start_time: str | None = Field(default=None, alias="startTime")
    """Local `yyyy-MM-ddTHH:mm:ss`, no offset."""
    work_date: str = Field(alias="workDate")
    author: ReportAuthor
    worklog_tags: list[ReportTag] = Field(default_factory=list, alias="worklogTags")


class ReportRow(Wire):
    issue: ReportIssue
    project: ReportProject = Field(default_factory=ReportProject)
    worklog: ReportWorklog


class ReportPage(Wire):
    total: int = 0
    start_at: int = Field(default=0, alias="startAt")
    max_results: int = Field(default=0, alias="maxResults")
    values: list[ReportRow] = Field(default_factory=list)


class Tag(Wire):
    id: int
    name: str
    archived: bool = False


class TagList(Wire):
    worklog_tags: list[Tag] = Field(default_factory=list, alias="worklogTags")
