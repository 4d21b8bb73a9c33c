"""Tempo's wire shapes (REST v4 and the retired core/3), validated at the edge with pydantic.

v4 names the issue by id and the author by account id only; core/3 adds the issue key and
the display name. Unknown fields are ignored: Tempo adds fields without notice.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Approval",
    "AttributeValue",
    "AttributeValues",
    "DeletedEvent",
    "DeletedPage",
    "PageMetadata",
    "ScheduleDay",
    "SchedulePage",
    "TempoAuthor",
    "TempoIssue",
    "TempoWorklog",
    "WorkAttributeDef",
    "WorkAttributePage",
    "WorklogPage",
]


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class TempoIssue(_Wire):
    id: int
    key: str | None = None  # core/3 only


class TempoAuthor(_Wire):
    account_id: str = Field(alias="accountId")
    display_name: str | None = Field(default=None, alias="displayName")  # core/3 only


class AttributeValue(_Wire):
    key: str
    value: str | None = None


class AttributeValues(_Wire):
    values: list[AttributeValue] = Field(default_factory=list)


class TempoWorklog(_Wire):
    tempo_worklog_id: int = Field(alias="tempoWorklogId")
    issue: TempoIssue
    author: TempoAuthor
    time_spent_seconds: int = Field(alias="timeSpentSeconds")
    billable_seconds: int | None = Field(default=None, alias="billableSeconds")
    start_date: str = Field(alias="startDate")
    start_time: str | None = Field(default=None, alias="startTime")
    start_utc: str | None = Field(default=None, alias="startDateTimeUtc")
    description: str | None = None
    created_at: str | None = Field(default=None, alias="createdAt")
    updated_at: str | None = Field(default=None, alias="updatedAt")
    attributes: AttributeValues | None = None


class PageMetadata(_Wire):
    count: int = 0
    offset: int | None = None
    limit: int | None = None
    next: str | None = None
    last_evaluated_key: str | None = Field(default=None, alias="lastEvaluatedKey")


class WorklogPage(_Wire):
    metadata: PageMetadata = Field(default_factory=PageMetadata)
    results: list[TempoWorklog] = Field(default_factory=list)


class WorkAttributeDef(_Wire):
    key: str
    name: str
    type: str
    required: bool = False
    values: list[str] = Field(default_factory=list)
    names: dict[str, str] = Field(default_factory=dict)


class WorkAttributePage(_Wire):
    metadata: PageMetadata = Field(default_factory=PageMetadata)
    results: list[WorkAttributeDef] = Field(default_factory=list)


class ScheduleDay(_Wire):
    date: str
    required_seconds: int = Field(alias="requiredSeconds")
    type: str = "WORKING_DAY"


class SchedulePage(_Wire):
    results: list[ScheduleDay] = Field(default_factory=list)


class ApprovalStatus(_Wire):
    key: str


class ApprovalPeriod(_Wire):
    from_: str = Field(alias="from")
    to: str


class Approval(_Wire):
    period: ApprovalPeriod
    status: ApprovalStatus


class DeletedEvent(_Wire):
    # papertrail sends ids as strings, core/3's audit as numbers
    tempo_worklog_id: int | str = Field(alias="tempoWorklogId")
    deleted_at: str | None = Field(default=None, alias="deletedAt")


class DeletedPage(_Wire):
    metadata: PageMetadata = Field(default_factory=PageMetadata)
    results: list[DeletedEvent] = Field(default_factory=list)
