"""The worklog editor: a modal form to log new work or change an existing worklog.

Nothing typed is ever lost: every change is written to the `DraftStore` (debounced, and at once
before a save), and the draft goes away only after Jira confirmed the save or the user chose to
discard it. A save that fails keeps the editor open with Jira's words and every field as typed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date, datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from tuiws.app.screens.editor_form import (
    _ADJUST_LABELS,
    _NEEDS_VALUE,
    DEBOUNCE_SECONDS,
    ConfirmDiscardScreen,
)
from tuiws.app.screens.editor_save import EditorSave
from tuiws.domain.draft_input import parse_start
from tuiws.domain.durations import DurationStyle, format_duration
from tuiws.domain.models import Worklog, WriteVerb
from tuiws.domain.started import DEFAULT_START
from tuiws.services.bundle import Services
from tuiws.store.drafts import DraftStore, EditorDraft, draft_key

__all__ = ["ConfirmDiscardScreen", "WorklogEditorScreen", "parse_start"]


class WorklogEditorScreen(EditorSave):
    """Log new work, or change one of your worklogs. Dismissed with the saved worklog, or None.

    The fields, in tab order: issue, date (`2026-05-29`, `today`, `yesterday`, `mon`, `-3`),
    start (local time in the session's zone, shown beside it), duration (`1h 30m`, `1.5h`,
    `1:30`; what it means is shown as you type), comment, and how the issue's remaining
    estimate moves. The cursor starts in the duration. Where the backend keeps its own fields
    (`editor_extras`), billable time follows the duration, and required work attributes and
    tags follow the comment. Changing the issue of an edit moves the worklog where the backend
    can, or asks and re-creates it where it cannot (`editor_move`).

    | key | action |
    |---|---|
    | `ctrl+s` | save, from any field |
    | `escape` | cancel (asks first when something was typed) |
    | `tab`, `shift+tab` | next / previous field |
    | `enter` | next field (in a one-line field) |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, id="editor.save"),
        Binding("escape", "cancel", "Cancel", id="editor.cancel"),
    ]

    AUTO_FOCUS = "#duration"

    DEFAULT_CSS = """
    WorklogEditorScreen { align: center middle; }
    WorklogEditorScreen > #editor-box {
        width: 100%; max-width: 96; height: auto; max-height: 100%;
        overflow-y: auto; padding: 0 1;
        border: thick $primary; background: $surface;
    }
    WorklogEditorScreen #editor-title { text-style: bold; width: 1fr; margin-bottom: 1; }
    WorklogEditorScreen .row { height: auto; }
    WorklogEditorScreen .name { width: 10; color: $foreground-muted; }
    WorklogEditorScreen .hint { width: 1fr; height: auto; margin-left: 1; }
    WorklogEditorScreen .muted { color: $foreground-muted; }
    WorklogEditorScreen #duration-preview { color: $success; }
    WorklogEditorScreen #duration-preview.-bad { color: $error; }
    WorklogEditorScreen Input { background: $boost; }
    /* A placeholder must not pass for a value: it asks, in italics, and never in the value's
       colour. */
    WorklogEditorScreen Input > .input--placeholder { color: $text-disabled; text-style: italic; }
    WorklogEditorScreen Input:focus { background: $primary-muted; }
    WorklogEditorScreen Input:disabled { background: $surface; color: $foreground-muted; }
    WorklogEditorScreen Input.-error { background-tint: $error 30%; }
    WorklogEditorScreen #issue, WorklogEditorScreen #date, WorklogEditorScreen #duration {
        width: 16;
    }
    WorklogEditorScreen #start { width: 8; }
    WorklogEditorScreen #comment { height: 4; width: 1fr; background: $boost; }
    WorklogEditorScreen #comment:focus { background: $primary-muted; }
    WorklogEditorScreen #comment.-error { background-tint: $error 30%; }
    WorklogEditorScreen #adjust { width: 34; }
    WorklogEditorScreen #adjust-value { width: 14; margin-left: 1; }
    WorklogEditorScreen #adjust-value.-hidden { display: none; }
    WorklogEditorScreen .field-error {
        color: $error; height: auto; width: 1fr; margin-left: 10; display: none;
    }
    WorklogEditorScreen .field-error.-shown { display: block; }
    WorklogEditorScreen #editor-error {
        color: $error; background: $error 15%; height: auto; margin-top: 1;
        padding: 0 1; display: none;
    }
    WorklogEditorScreen #editor-error.-shown { display: block; }
    WorklogEditorScreen #editor-error.-warning { color: $warning; background: $warning 15%; }
    WorklogEditorScreen #editor-buttons { height: auto; margin-top: 1; }
    WorklogEditorScreen #editor-buttons Button { margin-right: 2; }
    WorklogEditorScreen #editor-keys { color: $foreground-muted; width: 1fr; padding-top: 1; }
    """

    def __init__(
        self,
        services: Services,
        drafts: DraftStore,
        *,
        issue_key: str = "",
        day: date,
        original: Worklog | None = None,
        restore: EditorDraft | None = None,
        today: Callable[[], date] | None = None,
        style: DurationStyle = "hm",
    ) -> None:
        super().__init__()
        self.style: DurationStyle = style
        self.services = services
        self.drafts = drafts
        self.original = original
        self.verb: WriteVerb = "update" if original is not None else "add"
        self.zone = services.session.zone
        self._today = today or (lambda: datetime.now(self.zone).date())
        self._restored = restore is not None
        self._orphaned_edit = bool(restore and restore.worklog_id and original is None)
        self.extras = self.plan_extras()
        self._baseline = restore or self._initial(issue_key, day, original)
        base = self._baseline
        self._comment_base = base.comment
        self._touched_base = base.comment_touched
        self._comment_adf = base.original_comment_adf
        if original is not None and restore is None:
            self._comment_adf = original.comment_adf
        # Keys this editor may have on disk: all are removed on save or discard.
        self._keys: set[str] = {draft_key(base.issue_key, base.worklog_id)} if restore else set()
        self._persist_timer: Timer | None = None
        self._unsaved: EditorDraft | None = None
        self._saving = False
        self._finished = False

    def _initial(self, issue_key: str, day: date, original: Worklog | None) -> EditorDraft:
        if original is None:
            return EditorDraft(
                issue_key=issue_key,
                date=day.isoformat(),
                start=DEFAULT_START.strftime("%H:%M"),
                duration="",
                comment="",
            )
        local = original.started.astimezone(self.zone)
        return EditorDraft(
            issue_key=original.issue_key or issue_key,
            date=local.date().isoformat(),
            start=local.strftime("%H:%M"),
            duration=format_duration(original.time_spent_seconds),
            comment=original.comment_text,
            adjust_mode="auto",
            worklog_id=original.id,
            original_comment_adf=original.comment_adf,
            comment_touched=False,
            **self.extras.baseline(original),
        )

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        base = self._baseline
        labels = _ADJUST_LABELS["update" if self.verb == "update" else "add"]
        caps = self.services.worklogs.capabilities
        allowed = caps.adjust_choices(self.verb)
        # An edit may change the issue only where the backend can move it, or re-create it.
        issue_fixed = self.original is not None and not (caps.move_on_edit or caps.move_by_recreate)
        mode = base.adjust_mode if base.adjust_mode in allowed else "auto"
        if self.original is not None:
            title = f"Edit worklog on {self.original.issue_key or base.issue_key}"
        else:
            title = "Log work"
        with Vertical(id="editor-box"):
            yield Label(title, id="editor-title")
            with Horizontal(classes="row"):
                yield Label("Issue", classes="name")
                yield Input(
                    base.issue_key,
                    placeholder="issue key",
                    id="issue",
                    compact=True,
                    disabled=issue_fixed,
                )
                yield Label("", id="issue-hint", classes="hint muted")
            yield Label("", id="err-issue", classes="field-error", markup=False)
            with Horizontal(classes="row"):
                yield Label("Date", classes="name")
                yield Input(base.date, placeholder="YYYY-MM-DD", id="date", compact=True)
                yield Label(self._day_hint(base.date), id="date-hint", classes="hint muted")
            yield Label("", id="err-date", classes="field-error", markup=False)
            with Horizontal(classes="row"):
                yield Label("Start", classes="name")
                yield Input(base.start, placeholder="HH:MM", id="start", compact=True)
                yield Label(self.zone.key, id="zone", classes="hint muted")
            yield Label("", id="err-start", classes="field-error", markup=False)
            with Horizontal(classes="row"):
                yield Label("Duration", classes="name")
                yield Input(base.duration, placeholder="how long?", id="duration", compact=True)
                yield Label("", id="duration-preview", classes="hint", markup=False)
            yield Label("", id="err-duration", classes="field-error", markup=False)
            yield from self.compose_billable()
            with Horizontal(classes="row"):
                yield Label("Comment", classes="name")
                yield TextArea(
                    base.comment,
                    id="comment",
                    compact=True,
                    soft_wrap=True,
                    tab_behavior="focus",
                    show_line_numbers=False,
                )
            yield Label("", id="err-comment", classes="field-error", markup=False)
            yield from self.compose_attributes()
            yield from self.compose_tags()
            with Horizontal(classes="row"):
                yield Label("Estimate", classes="name")
                yield Select(
                    [(labels[m], m) for m in allowed],
                    value=mode,
                    allow_blank=False,
                    id="adjust",
                    compact=True,
                )
                yield Input(
                    base.adjust_value,
                    placeholder="how much?",
                    id="adjust-value",
                    compact=True,
                    classes="" if mode in _NEEDS_VALUE else "-hidden",
                )
            yield Label("", id="err-adjust", classes="field-error", markup=False)
            yield Static("", id="editor-error", markup=False)
            with Horizontal(id="editor-buttons"):
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
                yield Label("ctrl+s save · esc cancel", id="editor-keys")

    def on_mount(self) -> None:
        self._update_preview(self._baseline.duration)
        self.describe_issue(self._baseline.issue_key, wait=False)
        if self.extras.tags:
            self.load_tags()
        if self._orphaned_edit:
            self._show_error(
                f"The worklog this draft changed ({self._baseline.worklog_id}) could not be "
                "read, so saving adds a new worklog instead.",
                warning=True,
            )

    # -- reacting to typing ---------------------------------------------------------------------

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        name = event.input.id or ""
        if name == "duration":
            self._update_preview(event.value)
        elif name == "date":
            self.query_one("#date-hint", Label).update(self._day_hint(event.value))
        elif name == "issue":
            self.describe_issue(event.value)
        if name in self.field_names:
            self._set_field_error(name, None)
        elif name == "adjust-value":
            self._set_field_error("adjust", None)
        self._schedule_persist()

    @on(TextArea.Changed)
    def _comment_changed(self, event: TextArea.Changed) -> None:
        self._set_field_error("comment", None)
        self._schedule_persist()

    @on(Select.Changed, "#adjust")
    def _adjust_changed(self, event: Select.Changed) -> None:
        needs_value = event.value in _NEEDS_VALUE
        value_input = self._input("adjust-value")
        value_input.set_class(not needs_value, "-hidden")
        self._set_field_error("adjust", None)
        self._schedule_persist()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    # -- the draft on disk ----------------------------------------------------------------------

    def _schedule_persist(self) -> None:
        if self._finished:
            return
        if self._persist_timer is not None:
            self._persist_timer.stop()
        self._unsaved = self.snapshot()
        self._persist_timer = self.set_timer(DEBOUNCE_SECONDS, self.persist_draft)

    def persist_draft(self, draft: EditorDraft | None = None) -> None:
        """Write the form (or `draft`) to the draft store now; a no-op once the editor closed."""
        if self._persist_timer is not None:
            self._persist_timer.stop()
            self._persist_timer = None
        self._unsaved = None
        if self._finished:
            return
        draft = draft or self.snapshot()
        if not self._restored and draft.same_fields(self._baseline):
            self._discard_drafts()  # back to where it started: nothing to keep
            return
        key = draft_key(draft.issue_key, draft.worklog_id)
        try:
            self.drafts.save(key, draft)
        except OSError as exc:
            self._show_error(f"Could not keep a copy of this worklog on disk: {exc}", warning=True)
            return
        for stale in self._keys - {key}:
            self._discard_key(stale)
        self._keys = {key}

    def _discard_drafts(self) -> None:
        for key in self._keys:
            self._discard_key(key)
        self._keys = set()

    def _discard_key(self, key: str) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.drafts.discard(key)

    def on_unmount(self) -> None:
        # The app is closing around an open editor: keep the last keystrokes too. The fields
        # are gone by now, so write the copy taken when they last changed.
        if self._unsaved is not None:
            with contextlib.suppress(NoMatches):  # a disk error has nowhere to be shown now
                self.persist_draft(self._unsaved)

    # -- cancel -----------------------------------------------------------------------------------

    def action_cancel(self) -> None:
        if self._saving:
            self._show_error("Saving… wait for Jira to answer before closing.", warning=True)
            return
        if not self.dirty:
            self._close(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self._close(None)

        self.app.push_screen(ConfirmDiscardScreen(), answered)

    def _close(self, result: Worklog | None) -> None:
        self._finished = True
        if self._persist_timer is not None:
            self._persist_timer.stop()
            self._persist_timer = None
        self._discard_drafts()
        if not self.is_active:
            self.pop_until_active()
        self.dismiss(result)
