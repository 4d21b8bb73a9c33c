"""Use cases over the Jira client: validate before writing, load a week, search. No Textual."""
