"""The Textual screens: week grid (home), cell view, issue search, worklog editor."""
