"""The worklog editor's save: the one check of the form, the save worker, and a failure's
words mapped back onto the fields they name."""

from __future__ import annotations

from datetime import date

from textual import work
from textual.widgets import Button

from tuiws.app.messages import WorklogSaved, WritesInFlight
from tuiws.app.screens.editor_extras import EditorExtras
from tuiws.app.screens.editor_form import _FormProblems
from tuiws.app.screens.editor_move import ConfirmMoveScreen, recreated_draft
from tuiws.app.screens.sanity_dialog import ask_before_save
from tuiws.backends.errors import BackendError, Invalid
from tuiws.domain.draft_input import DraftInput, read_draft
from tuiws.domain.drafts import CheckedDraft, DraftInvalid, FieldProblem
from tuiws.domain.models import Worklog, WorklogDraft, WriteVerb
from tuiws.domain.week import parse_day
from tuiws.services.worklogs import RecreatedNotDeleted, WriteOutcomeUnknown, WriteQueued
from tuiws.store.drafts import EditorDraft

__all__ = ["EditorSave"]


class EditorSave(EditorExtras):
    """Saving what the form describes; the screen supplies the draft store and closing."""

    verb: WriteVerb
    _saving: bool
    _finished: bool

    def persist_draft(self, draft: EditorDraft | None = None) -> None:
        raise NotImplementedError

    def _close(self, result: Worklog | None) -> None:
        raise NotImplementedError

    def build_draft(self) -> CheckedDraft:
        """The checked draft the form describes; raises `_FormProblems` naming each bad field.

        The one validation of a save: the draft goes to the service already checked.
        """
        session = self.services.session
        draft, problems = read_draft(
            DraftInput(
                issue=self._input("issue").value,
                day=self._input("date").value,
                start=self._input("start").value,
                duration=self._input("duration").value,
                comment=self._comment.text,
                adjust_mode=self._adjust_mode(),
                adjust_value=self._input("adjust-value").value,
                original_comment_adf=self._comment_adf,
                comment_touched=self.comment_touched,
            ),
            zone=self.zone,
            today=self._today(),
            tracking=session.tracking,
            fallback_day=self._baseline_day(),
        )
        draft = self.with_extras(draft, problems)
        try:
            checked = self.services.worklogs.check(draft, verb=self.verb)
        except DraftInvalid as exc:
            for name, message in self.named_fields(exc.problems).items():
                problems.setdefault(name, message)
            raise _FormProblems(problems) from None
        if problems:
            raise _FormProblems(problems)
        return checked

    def _baseline_day(self) -> date:
        try:
            return parse_day(self._baseline.date, self._today())
        except ValueError:
            return self._today()

    def action_save(self) -> None:
        if self._saving or self._finished:
            return
        self.persist_draft()
        self._clear_errors()
        try:
            draft = self.build_draft()
        except _FormProblems as exc:
            self._show_problems(exc.problems)
            return
        # Issue 10's sanity checks: a doubtful save is asked about first (y saves, n goes back).
        ask_before_save(self, draft, today=self._today(), then=self._save)

    def _show_problems(self, problems: dict[str, str]) -> None:
        fields = self.field_names
        for name, message in problems.items():
            if name in fields:
                self._set_field_error(name, message)
            else:
                self._show_error(message)
        # Put the cursor on the first field to fix, in reading order.
        for name in fields:
            widget = self._field_widget(name)
            if name in problems and widget.focusable:
                widget.focus()
                break

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        button = self.query_one("#save", Button)
        button.label = "Saving…" if saving else "Save"
        button.disabled = saving

    def _recreates(self, draft: WorklogDraft) -> bool:
        """Whether saving moves the worklog by logging it again and deleting the original."""
        caps = self.services.worklogs.capabilities
        was = self.original.issue_key if self.original is not None else None
        moving = bool(was) and draft.issue_key != was
        return moving and not caps.move_on_edit and caps.move_by_recreate

    async def _move_agreed(self, original: Worklog, draft: WorklogDraft) -> bool:
        label = self.services.worklogs.capabilities.label
        ask = ConfirmMoveScreen(
            original, draft, backend=label.capitalize(), zone=self.zone, style=self.style
        )
        if await self.app.push_screen_wait(ask):
            return True
        self._set_field_error(
            "issue", f"not moved: it stays on {original.issue_key} until you agree"
        )
        return False

    @work(exclusive=True, group="editor-save", exit_on_error=False)
    async def _save(self, draft: CheckedDraft) -> None:
        original = self.original
        recreate = original is not None and self._recreates(draft.draft)
        if recreate and original is not None and not await self._move_agreed(original, draft.draft):
            return
        self._set_saving(True)
        self.app.post_message(WritesInFlight(+1))
        worklogs = self.services.worklogs
        try:
            # One write or settling at a time: a read-back never looks at a save in flight.
            async with worklogs.flow.turn:
                if original is not None and recreate:
                    saved = await worklogs.recreate(
                        original, recreated_draft(original, draft.draft)
                    )
                elif original is not None:
                    saved = await worklogs.update(original, draft)
                else:
                    saved = await worklogs.add(draft)
        except DraftInvalid as exc:
            self._show_problems(self.named_fields(exc.problems))
            return
        except (WriteQueued, WriteOutcomeUnknown) as exc:
            self._show_failure(exc, draft)
            return
        except RecreatedNotDeleted as exc:
            # The time is logged on the new issue: close as saved, and say what is left to do.
            message = f"{exc} Delete it from the week (d)."
            self.app.notify(message, severity="warning", markup=False, timeout=15)
            saved = exc.added
        except BackendError as exc:
            self._show_failure(exc)
            return
        except Exception as exc:  # anything else must not lose the entry either
            self._show_error(f"Not saved: {exc}\nEverything you typed is kept.")
            return
        finally:
            self.app.post_message(WritesInFlight(-1))
            if not self._finished:
                self._set_saving(False)
        self.app.post_message(WorklogSaved(saved))
        self._close(saved)

    def _show_failure(self, exc: BackendError, draft: CheckedDraft | None = None) -> None:
        """Say what became of a save that did not simply go through. A queued one, or one whose
        answer was lost, is this draft's own entry in the write journal: the editor closes (the
        journal keeps every field; the week shows it pending or being checked)."""
        if isinstance(exc, WriteQueued | WriteOutcomeUnknown) and draft is not None:
            if self.services.worklogs.holds(exc.operation, draft):
                if isinstance(exc, WriteQueued):
                    self.app.notify(
                        "Queued: the server cannot be reached; this worklog is sent as soon "
                        "as it can be (nothing typed is lost)."
                    )
                else:
                    self.app.notify(
                        "May have been saved: the answer was lost. Checking with the server; "
                        "nothing is sent twice.",
                        severity="warning",
                    )
                self._close(None)
                return
            # An earlier save is still unsettled, so this one was not sent at all.
            self._show_error(
                f"Not saved yet: {exc}\nEverything you typed is kept; press ctrl+s again once "
                "the earlier save is settled.",
                warning=True,
            )
            return
        if isinstance(exc, Invalid):
            named = self.named_fields(FieldProblem(k, m) for k, m in exc.fields.items())
            for name, message in named.items():
                if name in self.field_names:
                    self._set_field_error(name, message)
        self._show_error(
            f"Not saved: {exc}\nEverything you typed is kept; press ctrl+s to try again."
        )
