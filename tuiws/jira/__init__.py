"""The HTTP edge to Jira (httpx): client, wire schemas, typed errors, retry and backoff. No Textual."""
