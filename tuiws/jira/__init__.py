"""The HTTP edge to Jira (httpx): client, wire schemas, typed errors, retry, backoff.

No Textual here.
"""
