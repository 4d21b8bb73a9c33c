"""Tempo Cloud (REST v4, and the retired core/3) as a worklog backend beside Jira's directory."""

from __future__ import annotations
