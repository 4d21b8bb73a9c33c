"""The issue search's view: the result table and how its rows are drawn, the status line's
wording and the screen's stylesheet. The screen (`search.py`) owns the typing and searching."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import DataTable

from tuiws.domain.durations import DurationStyle, show_duration
from tuiws.domain.models import Issue

Cell = str | Text

Sections = list[tuple[str | None, list[Issue]]]
"""Titled groups of issues; a None title draws no title row."""

# Narrowest the summary column may get before the table scrolls sideways instead.
_MIN_SUMMARY = 12
_MAX_STATUS = 14
_NO_ESTIMATE = "–"

SEARCH_CSS = """
    IssueSearchScreen {
        align: center middle;

        #search-dialog {
            width: 1fr;
            height: 1fr;
            max-width: 120;
            max-height: 40;
            margin: 1 2;
            padding: 0 1;
            border: round $primary;
            border-title-color: $text-primary;
            background: $surface;
        }
        #search-bar {
            height: auto;
        }
        #search-input {
            width: 1fr;
        }
        #search-mode {
            width: 12;
            height: 3;
            content-align: center middle;
            color: $text-muted;
        }
        #search-mode.-jql {
            color: $text-accent;
            text-style: bold;
        }
        #search-error {
            height: auto;
            max-height: 3;
            padding: 0 1;
            color: $text-error;
        }
        #search-title {
            padding: 0 1;
            text-style: bold;
            color: $text-secondary;
        }
        #search-results {
            height: 1fr;
            max-height: 100%;
            scrollbar-gutter: stable;
            background: $surface;
        }
        #search-results > .datatable--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        #search-footer {
            height: 1;
        }
        #search-status {
            width: 1fr;
            padding: 0 1;
            color: $text-muted;
        }
        #search-keys {
            width: auto;
            color: $text-muted;
        }
    }
    """
"""IssueSearchScreen's DEFAULT_CSS."""


class _ResultsTable(DataTable[Cell]):
    """The result rows. Never focused: the cursor is driven from the screen while typing."""

    can_focus = False

    class Resized(Message):
        """The table's width changed, so the summary column must be re-fitted."""

    def on_resize(self, event: events.Resize) -> None:
        self.post_message(self.Resized())

    def fill(self, sections: Sections, style: DurationStyle) -> list[Issue | None]:
        """Rebuild the columns and rows for `sections` at the current width; returns the
        issue on each row, None on a section title row."""
        issues = [issue for _, section in sections for issue in section]
        titles = [title for title, _ in sections if title]
        estimates = [
            _NO_ESTIMATE
            if issue.remaining_estimate_seconds is None
            else show_duration(issue.remaining_estimate_seconds, style)
            for issue in issues
        ]
        key_width = max([len("Key"), *(len(i.key) for i in issues), *(len(t) for t in titles)])
        status_width = min(
            _MAX_STATUS, max([len("Status"), *(len(i.status or "") for i in issues)])
        )
        estimate_width = max([len("Remaining"), *(len(e) for e in estimates)])
        pad = 2 * self.cell_padding
        available = self.scrollable_content_region.width or 80
        summary_width = max(
            _MIN_SUMMARY, available - key_width - status_width - estimate_width - 4 * pad
        )

        self.clear(columns=True)
        self.add_column("Key", width=key_width, key="key")
        self.add_column("Summary", width=summary_width, key="summary")
        self.add_column("Status", width=status_width, key="status")
        self.add_column(Text("Remaining", justify="right"), width=estimate_width, key="left")
        rows: list[Issue | None] = []
        estimate_of = dict(zip((i.key for i in issues), estimates, strict=True))
        for title, section in sections:
            if title:
                self.add_row(Text(title, style="bold italic"), "", "", "")
                rows.append(None)
            for issue in section:
                self.add_row(
                    issue.key,
                    _fit(issue.summary, summary_width),
                    _fit(issue.status or "", status_width),
                    Text(estimate_of[issue.key], justify="right"),
                )
                rows.append(issue)
        return rows


def status_text(
    count: int,
    *,
    busy: bool,
    failed: bool,
    showing_defaults: bool,
    defaults_loading: bool,
    limit: int,
) -> str:
    """The footer's words for `count` issues shown in the given state."""
    if busy:
        return "searching…"
    if failed:
        return "search failed: showing the earlier results" if count else "search failed"
    if showing_defaults:
        if defaults_loading:
            return "loading pinned & recent…"
        if count:
            return "type to search"
        return "type to search: nothing pinned or recent yet"
    if count == 0:
        return "no issues match"
    more = "+" if count >= limit else ""
    return f"{count}{more} issue{'s' if count != 1 else ''}"


def _fit(text: str, width: int) -> Text:
    """One line of at most `width` cells, cut with an ellipsis when it does not fit."""
    line = Text(" ".join(text.split()), no_wrap=True, overflow="ellipsis")
    line.truncate(width, overflow="ellipsis")
    return line
