"""The documented example `config.toml` (`tuiws config example`)."""

from __future__ import annotations

__all__ = ["example_config"]


_EXAMPLE = """\
# tuiws configuration. `tuiws locate config` prints where this file is.
# Tokens never go in this file: use token_env, token_file or token_command.
# Environment overrides: TUIWS_PROFILE, TUIWS_URL, TUIWS_FLAVOR, TUIWS_EMAIL, TUIWS_TOKEN, TUIWS_TZ,
# TUIWS_WORKLOGS, TUIWS_TEMPO_URL, TUIWS_TEMPO_TOKEN, TUIWS_EVERIT_URL, TUIWS_EVERIT_TOKEN.

# Profile used when neither --profile nor TUIWS_PROFILE picks one.
default_profile = "work"

# Jira Cloud: sign in with your account email and an API token
# (https://id.atlassian.com/manage-profile/security/api-tokens).
[profiles.work]
url = "https://example.atlassian.net"
flavor = "cloud"                   # "auto" (ask the site), "cloud" or "server"
email = "you@example.com"
token_env = "JIRA_API_TOKEN"       # the NAME of the variable holding the token
# zone = "Europe/Berlin"           # bucket days in this zone (default: your Jira profile's)
# week_start = "monday"
# hours_per_day = 8                # what 1d means (default: the site's setting)
# days_per_week = 5                # what 1w means (default: the site's setting)

# Jira Server / Data Center: a personal access token, sent as a Bearer token.
[profiles.onprem]
url = "https://jira.example.com/jira"
flavor = "server"
token_file = "~/.config/tuiws/onprem.token"   # first line is the token; chmod 600
# token_command = "pass show jira/onprem"     # or a command printing the token (no shell)
# auth = "auto"                    # "auto", "bearer", or "basic" (username + password;
#                                  #   email holds the username) for old servers
# ca_bundle = "~/certs/corporate-ca.pem"      # extra CA certificates; TLS is always verified
# retry_budget_seconds = 60        # longest total wait for one request under a rate limit
# worklogs = "jira"                # where worklogs live: "jira", "tempo", "everit", or
#                                  #   "extender" (the Worklog extender plugin of Server/DC)

# Worklogs kept in Tempo Cloud (Jira stays the issue directory).
[profiles.tempo-team]
url = "https://example.atlassian.net"
email = "you@example.com"
token_env = "JIRA_API_TOKEN"
worklogs = "tempo"

[profiles.tempo-team.tempo]
# url = "https://api.tempo.io/4"   # or api.eu.tempo.io/4, api.us.tempo.io/4
token_env = "TEMPO_API_TOKEN"      # also token_file, token_command, or TUIWS_TEMPO_TOKEN

# Worklogs kept in Everit Timetracker.
# [profiles.NAME.everit]
# url = "https://jttp-cloud.everit.biz/timetracker/api/latest/public"
# token_file = "~/.config/tuiws/everit.token"

# Teams: people whose timesheets you review together.
[teams.platform]
members = ["alice@example.com", "bob@example.com"]
# group = "platform-developers"   # a Jira group whose members join the team

[ui]
theme = "tuiws-dark"
duration_format = "hm"             # "hm" (1h 30m) or "decimal" (1.50)
daily_ceiling_hours = 10           # flag days above this many hours
late_after_hours = 48              # team view: flag worklogs entered this long after their start

[ui.keymap]
# binding id = "keys", e.g.:
# "editor.save" = "ctrl+s,f2"
# "week.previous" = "left_square_bracket,comma"
"""


def example_config() -> str:
    """A commented example `config.toml` covering every setting."""
    return _EXAMPLE
