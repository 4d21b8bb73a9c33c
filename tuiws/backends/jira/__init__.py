"""The Jira adapter (httpx): client endpoints, wire schemas, auth, conversion, ADF, `started`'s
text shape, the JQL tuiws writes, the feeds, and the error mapping. For Cloud and Server/DC.

No Textual here; only the composition root (`tuiws.factory`, `tuiws.backends.registry`)
imports it, never the UI or a service.
"""
