"""The real app against an emulator, with time the test controls (see `tuiws.demo`)."""

from __future__ import annotations

from tuiws.demo import GatedTime
from tuiws.demo import build_demo_app as build_app

__all__ = ["GatedTime", "build_app"]
