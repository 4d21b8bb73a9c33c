"""Find an issue to log time on: type free text, a key or JQL, pick a row with enter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import DataTable, Input, Label, Static

from tuiws.app.screens.search_view import SEARCH_CSS, Sections, _ResultsTable, status_text
from tuiws.backends.errors import BackendError
from tuiws.domain.durations import DurationStyle
from tuiws.domain.jql_shape import jql_missing
from tuiws.domain.models import Issue
from tuiws.services.bundle import Services

__all__ = ["DEBOUNCE_SECONDS", "IssueSearchScreen"]

DEBOUNCE_SECONDS = 0.6
"""How long typing must pause before a search goes out: the pause a person makes between
thoughts, not between keys (at 250 ms a key, a shorter wait sends a query per key)."""


class IssueSearchScreen(ModalScreen[Issue | None]):
    """Pick an issue by free text, key or JQL; dismisses with the issue, or None on escape.

    Empty input lists the pinned issues, then the recent ones. Typing searches after a short
    pause (`debounce` seconds); JQL is recognised by its operators, or forced with ctrl+j.
    Focus stays in the input: the arrow keys move the highlighted row.

    | Key | Binding id | Description |
    | :- | :- | :- |
    | enter | `search.pick` | Pick the highlighted issue. |
    | escape | `search.cancel` | Close without picking. |
    | up | `search.cursor_up` | Highlight the previous issue. |
    | down | `search.cursor_down` | Highlight the next issue. |
    | pageup | `search.page_up` | Move the highlight up a page. |
    | pagedown | `search.page_down` | Move the highlight down a page. |
    | ctrl+j | `search.toggle_jql` | Cycle the query mode: auto, forced JQL, forced text. |
    """

    AUTO_FOCUS = "#search-input"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "pick", "Pick", id="search.pick", priority=True),
        Binding("escape", "cancel", "Close", id="search.cancel"),
        Binding("up", "cursor(-1)", "Previous", id="search.cursor_up", show=False),
        Binding("down", "cursor(1)", "Next", id="search.cursor_down", show=False),
        Binding("pageup", "page(-1)", "Page up", id="search.page_up", show=False),
        Binding("pagedown", "page(1)", "Page down", id="search.page_down", show=False),
        Binding("ctrl+j", "toggle_jql", "Text/JQL", id="search.toggle_jql"),
    ]

    DEFAULT_CSS = SEARCH_CSS

    def __init__(
        self,
        services: Services,
        *,
        pinned: Sequence[str] = (),
        recent: Sequence[str] = (),
        debounce: float = DEBOUNCE_SECONDS,
        limit: int = 50,
        style: DurationStyle = "hm",
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's own parameter name
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.style: DurationStyle = style
        self._services = services
        self._pinned = _unique(pinned)
        self._recent = [key for key in _unique(recent) if key not in self._pinned]
        self._debounce = debounce
        self._limit = limit
        self._forced: bool | None = None
        """None: recognise JQL by its operators; True/False: always JQL / always text."""
        self._timer: Timer | None = None
        self._generation = 0
        """Bumped whenever the query changes: an answer for an older generation is stale."""
        self._busy = False
        self._defaults: list[tuple[str, list[Issue]]] | None = None
        self._defaults_loading = bool(self._pinned or self._recent)
        self._showing_defaults = True
        self._rows: list[Issue | None] = []
        """The issue on each table row, None on a section title row."""
        self._sections: Sections = []
        self._error = ""
        self._failed = False
        """The latest search failed: the rows shown belong to an earlier query."""

    # ------------------------------------------------------------------ read-only state

    @property
    def query_text(self) -> str:
        return self.query_one("#search-input", Input).value

    @property
    def forced_mode(self) -> bool | None:
        """None when JQL is recognised automatically, else whether JQL is forced on."""
        return self._forced

    @property
    def is_jql(self) -> bool:
        """Whether the current input would be sent as JQL."""
        if self._forced is not None:
            return self._forced
        return self._services.search.looks_like_query(self.query_text)

    @property
    def busy(self) -> bool:
        """A search (or the pinned and recent issues) is still on its way."""
        return self._busy or self._defaults_loading

    @property
    def showing_defaults(self) -> bool:
        return self._showing_defaults

    @property
    def shown_issues(self) -> list[Issue]:
        return [issue for issue in self._rows if issue is not None]

    @property
    def highlighted(self) -> Issue | None:
        if not self._rows:
            return None
        row = self.query_one(_ResultsTable).cursor_row
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def error_text(self) -> str:
        return self._error

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Vertical(id="search-dialog") as dialog:
            dialog.border_title = "Find an issue"
            with Horizontal(id="search-bar"):
                yield Input(
                    placeholder="Text, key or JQL (project = INT)",
                    id="search-input",
                )
                yield Label("", id="search-mode")
            yield Static("", id="search-error", markup=False)
            yield Label("Pinned & recent", id="search-title")
            yield _ResultsTable(
                id="search-results",
                cursor_type="row",
                show_row_labels=False,
                zebra_stripes=False,
            )
            with Horizontal(id="search-footer"):
                yield Label("", id="search-status")
                yield Label("↑↓ move · enter pick · ctrl+j text/JQL · esc close", id="search-keys")

    def on_mount(self) -> None:
        self._show_error("")
        self._update_mode()
        self._show_defaults()
        if self._defaults_loading:
            self._load_defaults()

    # ------------------------------------------------------------------ typing and searching

    @on(Input.Changed, "#search-input")
    def _query_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._update_mode()
        self._schedule()

    def _schedule(self) -> None:
        """Drop whatever was pending for the old text and wait for typing to pause."""
        self._generation += 1
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.workers.cancel_group(self, "issue-search")
        if not self.query_text.strip():
            self._busy = False
            self._show_error("")
            self._show_defaults()
            return
        self._busy = True
        self._update_status()
        self._timer = self.set_timer(self._debounce, self._fire, name="issue-search-debounce")

    def _fire(self) -> None:
        self._timer = None
        missing = jql_missing(self.query_text) if self.is_jql else None
        if missing is not None:
            # Jira would answer 400: say what is missing and keep the last results.
            self._busy = False
            self._show_error(f"Not sent yet: the JQL needs {missing}.")
            self._update_status()
            return
        self._search(self.query_text, self._forced, self._generation)

    @work(exclusive=True, group="issue-search", exit_on_error=False)
    async def _search(self, text: str, forced: bool | None, generation: int) -> None:
        try:
            issues = await self._services.search.search(text, jql=forced, limit=self._limit)
        except BackendError as error:
            if self._is_current(text, forced, generation):
                self._busy = False
                self._failed = True
                self._show_error(error.message)
                self._update_status()
            return
        if not self._is_current(text, forced, generation):
            return  # the user typed on while this answer was travelling
        self._busy = False
        self._failed = False
        self._show_error("")
        self._showing_defaults = False
        self._set_sections([(None, issues)], title="JQL results" if self.is_jql else "Results")

    def _is_current(self, text: str, forced: bool | None, generation: int) -> bool:
        return (
            generation == self._generation
            and text == self.query_text
            and forced == self._forced
            and self.is_mounted
        )

    @work(group="issue-defaults", exit_on_error=False)
    async def _load_defaults(self) -> None:
        try:
            found = await self._services.search.issues([*self._pinned, *self._recent])
        except BackendError as error:
            self._defaults = []
            if not self.query_text.strip():
                self._show_error(f"Could not load pinned and recent issues: {error.message}")
        else:
            by_key = {issue.key: issue for issue in found}
            self._defaults = [
                (title, [by_key[key] for key in keys if key in by_key])
                for title, keys in (("Pinned", self._pinned), ("Recent", self._recent))
            ]
        finally:
            self._defaults_loading = False
        if self._showing_defaults:
            self._show_defaults()
        else:
            self._update_status()

    def _show_defaults(self) -> None:
        self._showing_defaults = True
        self._failed = False
        sections: Sections = [(title, issues) for title, issues in self._defaults or [] if issues]
        self._set_sections(sections, title="Pinned & recent")

    # ------------------------------------------------------------------ actions

    def action_pick(self) -> None:
        issue = self.highlighted
        if issue is None:
            self.app.bell()
            return
        self.dismiss(issue)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_cursor(self, step: int) -> None:
        self._move_to(self.query_one(_ResultsTable).cursor_row + step, step)

    def action_page(self, direction: int) -> None:
        table = self.query_one(_ResultsTable)
        page = max(1, table.scrollable_content_region.height - 1)
        self._move_to(table.cursor_row + direction * page, direction)

    def action_toggle_jql(self) -> None:
        """Auto → forced JQL → forced text → auto."""
        self._forced = {None: True, True: False, False: None}[self._forced]
        self._update_mode()
        if self.query_text.strip():
            self._schedule()

    @on(DataTable.RowSelected, "#search-results")
    def _row_clicked(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_pick()

    @on(DataTable.RowHighlighted, "#search-results")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        row = event.cursor_row
        if row != event.data_table.cursor_row:
            return  # an older highlight, already moved past
        if 0 <= row < len(self._rows) and self._rows[row] is None:
            self._move_to(row + 1, 1)  # a section title: step onto its first issue

    @on(_ResultsTable.Resized)
    def _table_resized(self, event: _ResultsTable.Resized) -> None:
        event.stop()
        self._refill(keep=self.highlighted)

    def _move_to(self, row: int, direction: int) -> None:
        """Highlight the issue row nearest `row`, looking further in `direction` first."""
        if not self._rows:
            return
        last = len(self._rows) - 1
        row = min(max(row, 0), last)
        step = 1 if direction >= 0 else -1
        candidates = [*range(row, last + 1 if step > 0 else -1, step)]
        candidates += [*range(row - step, -1 if step > 0 else last + 1, -step)]
        for index in candidates:
            if self._rows[index] is not None:
                table = self.query_one(_ResultsTable)
                if table.cursor_row != index:
                    table.move_cursor(row=index)
                return

    # ------------------------------------------------------------------ rendering

    def _set_sections(self, sections: Sections, *, title: str) -> None:
        self._sections = sections
        self.query_one("#search-title", Label).update(title)
        self._refill(keep=None)
        self._update_status()

    def _refill(self, *, keep: Issue | None) -> None:
        """Rebuild the table for the current sections and width; keep the highlight if asked."""
        self._rows = self.query_one(_ResultsTable).fill(self._sections, self.style)
        target = 0
        if keep is not None:
            target = next((n for n, i in enumerate(self._rows) if i == keep), 0)
        self._move_to(target, 1)

    def _update_mode(self) -> None:
        jql = self.is_jql
        label = self.query_one("#search-mode", Label)
        how = "auto" if self._forced is None else "forced"
        label.update(f"{'JQL' if jql else 'text'} · {how}")
        label.set_class(jql, "-jql")

    def _show_error(self, message: str) -> None:
        self._error = message
        line = self.query_one("#search-error", Static)
        line.update(message)
        line.display = bool(message)

    def _update_status(self) -> None:
        text = status_text(
            len(self.shown_issues),
            busy=self._busy,
            failed=self._failed,
            showing_defaults=self._showing_defaults,
            defaults_loading=self._defaults_loading,
            limit=self._limit,
        )
        self.query_one("#search-status", Label).update(text)


def _unique(keys: Sequence[str]) -> list[str]:
    seen: dict[str, None] = {}
    for key in keys:
        seen.setdefault(key.strip().upper(), None)
    seen.pop("", None)
    return list(seen)
