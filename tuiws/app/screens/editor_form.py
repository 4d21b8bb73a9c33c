"""The worklog editor's form: its fields, what they show as you type, and their problems.

`EditorForm` holds what `WorklogEditorScreen` reads from and shows in its fields; the
screen's layout, typing handlers, draft store and save live in `editor` and `editor_save`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TextArea

from tuiws.backends.errors import BackendError
from tuiws.domain.drafts import ISSUE_KEY, normalise_issue_key
from tuiws.domain.durations import DurationError, DurationStyle, parse_duration, show_duration
from tuiws.domain.models import Issue, Worklog, WriteVerb
from tuiws.domain.week import parse_day
from tuiws.services.bundle import Services
from tuiws.store.drafts import EditorDraft

__all__ = ["DEBOUNCE_SECONDS", "FIELDS", "ConfirmDiscardScreen", "EditorForm", "issue_hint"]

# The form's fields, in reading order; validation problems and a backend's `Invalid` name
# them the same way (`started` is the domain's name for the start field).
FIELDS = ("issue", "date", "start", "duration", "comment", "adjust")
_PROBLEM_FIELD = {"started": "start"}
_ADJUST_LABELS: dict[WriteVerb, dict[str, str]] = {
    "add": {
        "auto": "auto: reduce by the time spent",
        "leave": "leave it as it is",
        "new": "new: set remaining to…",
        "manual": "manual: reduce by…",
    },
    "update": {
        "auto": "auto: adjust by the change",
        "leave": "leave it as it is",
        "new": "new: set remaining to…",
    },
}
_NEEDS_VALUE = ("new", "manual")
DEBOUNCE_SECONDS = 0.3


def issue_hint(key: str, issue: Issue | None, style: DurationStyle = "hm") -> str:
    """`Meetings · 3:30 remaining` beside the issue key."""
    if issue is None:
        return f"Jira has no issue {key} that you can see"
    remaining = issue.remaining_estimate_seconds
    estimate = (
        "no estimate" if remaining is None else f"{show_duration(remaining, style)} remaining"
    )
    return f"{issue.summary} · {estimate}"


class _FormProblems(Exception):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


class ConfirmDiscardScreen(ModalScreen[bool]):
    """Asks before throwing away what was typed in the editor; answers True to discard.

    | key | action |
    |---|---|
    | `y` | discard the worklog (not `enter`: one meant for the form must not throw it away) |
    | `n`, `escape` | back to the editor |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Discard", priority=True, id="discard.yes"),
        Binding("n,escape", "answer(False)", "Keep editing", priority=True, id="discard.no"),
    ]

    DEFAULT_CSS = """
    ConfirmDiscardScreen { align: center middle; }
    ConfirmDiscardScreen > Vertical {
        width: 44; height: auto; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    ConfirmDiscardScreen Label { width: 100%; }
    ConfirmDiscardScreen .keys { color: $foreground-muted; margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("[b]Discard this worklog?[/b] y/n", id="discard-question")
            yield Label("y: discard    n / escape: keep editing", classes="keys")

    def action_answer(self, discard: bool) -> None:
        self.dismiss(discard)


class EditorForm(ModalScreen[Worklog | None]):
    """The editor's fields: reading them, previews and hints beside them, errors under them."""

    services: Services
    style: DurationStyle
    zone: ZoneInfo
    original: Worklog | None
    _today: Callable[[], date]
    _restored: bool
    _baseline: EditorDraft
    _comment_base: str
    _touched_base: bool
    _comment_adf: dict[str, Any] | None

    # -- field helpers ------------------------------------------------------------------------

    def _input(self, name: str) -> Input:
        return self.query_one(f"#{name}", Input)

    @property
    def _comment(self) -> TextArea:
        return self.query_one("#comment", TextArea)

    @property
    def _adjust(self) -> Select[str]:
        return self.query_one("#adjust", Select)

    def _adjust_mode(self) -> str:
        value = self._adjust.value
        return value if isinstance(value, str) else "auto"

    @property
    def field_names(self) -> list[str]:
        """The form's fields in reading order (a backend may add its own)."""
        return list(FIELDS)

    def _field_widget(self, name: str) -> Widget:
        return (
            self._comment
            if name == "comment"
            else self._adjust
            if name == "adjust"
            else (self._input(name))
        )

    @property
    def comment_touched(self) -> bool:
        """True once the comment differs from what it was when the editor opened."""
        return self._touched_base or self._comment.text != self._comment_base

    def snapshot(self) -> EditorDraft:
        """Everything in the form exactly as typed."""
        return EditorDraft(
            issue_key=self._input("issue").value,
            date=self._input("date").value,
            start=self._input("start").value,
            duration=self._input("duration").value,
            comment=self._comment.text,
            adjust_mode=self._adjust_mode(),
            adjust_value=self._input("adjust-value").value,
            worklog_id=self.original.id if self.original is not None else None,
            original_comment_adf=self._comment_adf,
            comment_touched=self.comment_touched,
        )

    @property
    def dirty(self) -> bool:
        """Whether cancelling would lose something: a restored draft always counts."""
        return self._restored or not self.snapshot().same_fields(self._baseline)

    def _day_hint(self, text: str) -> str:
        try:
            day = parse_day(text, self._today())
        except ValueError:
            return ""
        return f"{day:%A} {day.day} {day:%B %Y}"

    def _update_preview(self, text: str) -> None:
        preview = self.query_one("#duration-preview", Label)
        if not text.strip():
            preview.update("")
            preview.remove_class("-bad")
            return
        try:
            seconds = parse_duration(text, self.services.session.tracking)
        except DurationError as exc:
            preview.update(str(exc))
            preview.add_class("-bad")
            return
        preview.update(f"= {show_duration(seconds, self.style)}")
        preview.remove_class("-bad")

    @work(exclusive=True, group="issue-hint", exit_on_error=False)
    async def describe_issue(self, text: str, wait: bool = True) -> None:
        """The issue's summary and remaining estimate beside its key, so the right issue is
        seen before saving (read after a pause in typing; a newer key cancels this one)."""
        hint = self.query_one("#issue-hint", Label)
        key = normalise_issue_key(text)
        if not ISSUE_KEY.match(key):
            hint.update("")
            return
        if wait:
            await asyncio.sleep(DEBOUNCE_SECONDS)
        try:
            found = await self.services.search.issues([key])
        except BackendError:
            hint.update("")
            return
        hint.update(issue_hint(key, found[0] if found else None, self.style))

    def _set_field_error(self, name: str, message: str | None) -> None:
        if name == "duration" and message:
            # The error says it under the field; the preview beside it would say it twice.
            self.query_one("#duration-preview", Label).update("")
        label = self.query_one(f"#err-{name}", Label)
        label.update(message or "")
        label.set_class(bool(message), "-shown")
        self._field_widget(name).set_class(bool(message), "-error")

    def _clear_errors(self) -> None:
        for name in self.field_names:
            self._set_field_error(name, None)
        self._show_error(None)

    def _show_error(self, message: str | None, *, warning: bool = False) -> None:
        area = self.query_one("#editor-error", Static)
        area.update(message or "")
        area.set_class(bool(message), "-shown")
        area.set_class(warning, "-warning")

    def field_error(self, name: str) -> str:
        """The message shown under field `name` (empty when there is none)."""
        return str(self.query_one(f"#err-{name}", Label).content)

    @property
    def error_text(self) -> str:
        """The message in the editor's error area (empty when there is none)."""
        return str(self.query_one("#editor-error", Static).content)
