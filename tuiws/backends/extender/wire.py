"""Pydantic schemas of what the Worklog extender plugin (and Jira's permission check) send.

Dates are epoch milliseconds: the plugin's `formatDate=true` strings carry no zone, so they
are never asked for, and a string in a date field is refused here rather than guessed at.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictInt

__all__ = ["ExtenderItem", "ExtenderPage", "MyPermissions", "PermissionState"]


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class ExtenderItem(_Wire):
    """One worklog of a list: `workLogId` is the Jira worklog id, `user` the author's username."""

    issue_id: int | str = Field(alias="issueId")
    issue_key: str = Field(alias="issueKey")
    worklog_id: int | str = Field(alias="workLogId")
    user: str = ""
    last_update_user: str = Field(default="", alias="lastUpdateUser")
    time_worked: int = Field(alias="timeWorked")
    """Seconds."""
    description: str | None = Field(default="", alias="workLogDescription")
    start_date: StrictInt = Field(alias="startDate")
    created_date: StrictInt | None = Field(default=None, alias="createdDate")
    last_update_date: StrictInt | None = Field(default=None, alias="lastUpdateDate")


class ExtenderPage(_Wire):
    total: int = 0
    start_at: int = Field(default=0, alias="startAt")
    max_results: int = Field(default=0, alias="maxResults")
    worklogs: list[ExtenderItem] = Field(default_factory=list)


class PermissionState(_Wire):
    key: str = ""
    have_permission: bool = Field(default=False, alias="havePermission")


class MyPermissions(_Wire):
    """`/rest/api/2/mypermissions`: what the signed-in account holds, by permission key."""

    permissions: dict[str, PermissionState] = Field(default_factory=dict)
