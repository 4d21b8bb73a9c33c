"""tuiws: a keyboard-first terminal timesheet for Jira worklogs."""

__version__ = "0.1.0"
