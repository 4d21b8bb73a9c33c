"""tuiws: a keyboard-first terminal timesheet for Jira worklogs."""

from __future__ import annotations

__version__ = "0.1.0"


def installed_version() -> str:
    """The version in the installed distribution's metadata (what pip, pipx and uv installed),
    or `__version__` when this tree runs without being installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tuiws")
    except PackageNotFoundError:
        return __version__
