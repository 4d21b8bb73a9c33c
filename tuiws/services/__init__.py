"""Use cases over the backend contract: validate once then write, weeks, team, sync, doctor.

No Textual, no adapter: only `tuiws.backends` base, capabilities, errors and backoff.
"""
