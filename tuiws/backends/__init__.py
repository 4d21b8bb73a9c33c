"""The seam between tuiws and the worklog APIs it talks to.

`base` is the contract (an issue directory and a worklog backend), `capabilities` what each
adapter declares it can do, `errors` the backend-neutral failures, `backoff` the retry policy
and its events, `http` the transport every adapter shares, `registry` which adapter serves a
profile. One package per adapter (`jira/`) holds its endpoints, wire schemas and conversion.
The UI and the services import the contract, never an adapter. No Textual here.
"""
