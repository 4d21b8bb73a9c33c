"""The names of the `TUIWS_*` variables that override a profile (read by `resolve_profile()`,
and by the quick read of the first frame). Standard library only.

The variables that move tuiws's own folders (`TUIWS_CONFIG_DIR`...) are `tuiws.config.paths`'.
"""

from __future__ import annotations

__all__ = [
    "ENV_EMAIL",
    "ENV_EVERIT_TOKEN",
    "ENV_EVERIT_URL",
    "ENV_FLAVOR",
    "ENV_PROFILE",
    "ENV_TEMPO_TOKEN",
    "ENV_TEMPO_URL",
    "ENV_TOKEN",
    "ENV_TZ",
    "ENV_URL",
    "ENV_WORKLOGS",
]

ENV_PROFILE = "TUIWS_PROFILE"
ENV_URL = "TUIWS_URL"
ENV_FLAVOR = "TUIWS_FLAVOR"
ENV_EMAIL = "TUIWS_EMAIL"
ENV_TOKEN = "TUIWS_TOKEN"
ENV_TZ = "TUIWS_TZ"
ENV_WORKLOGS = "TUIWS_WORKLOGS"
ENV_TEMPO_URL = "TUIWS_TEMPO_URL"
ENV_TEMPO_TOKEN = "TUIWS_TEMPO_TOKEN"
ENV_EVERIT_URL = "TUIWS_EVERIT_URL"
ENV_EVERIT_TOKEN = "TUIWS_EVERIT_TOKEN"
