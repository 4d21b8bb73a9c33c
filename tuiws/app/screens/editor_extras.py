"""The backend's own fields in the worklog editor, shown only where its capabilities say so.

Tempo: billable time as a duration (blank follows the time spent) and a field per work
attribute, required ones first (a static list as a choice): an empty required one is refused
here, before any request; optional ones are there to set or change, as in Tempo's own form.
Everit: billable as a tick box (it bills a whole worklog or none) and tags chosen from those
Everit offers (`GET /tag`, read once the editor is open).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, SelectionList

from tuiws.app.screens.editor_form import _PROBLEM_FIELD, EditorForm
from tuiws.backends.errors import BackendError
from tuiws.domain.attributes import WorkAttribute
from tuiws.domain.drafts import FieldProblem, estimate_seconds
from tuiws.domain.durations import DurationError, format_duration
from tuiws.domain.models import Worklog, WorklogDraft
from tuiws.store.drafts import EditorDraft

__all__ = ["BackendFields", "EditorExtras", "attribute_field"]

BillableKind = Literal["none", "time", "flag"]
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
_NOT_BILLABLE = "no"


def attribute_field(attribute: WorkAttribute) -> str:
    """The form's name of an attribute's field (also its widget id)."""
    return "attr-" + _UNSAFE.sub("_", attribute.key)


@dataclass(frozen=True)
class BackendFields:
    """Which of the backend's own fields the editor shows."""

    billable: BillableKind = "none"
    attributes: tuple[WorkAttribute, ...] = ()
    """The work attributes, required ones first (those are asked before saving)."""
    tags: bool = False

    def names(self) -> list[str]:
        """The form's field names in reading order, the backend's among the common ones."""
        names = ["issue", "date", "start", "duration"]
        names += ["billable"] if self.billable != "none" else []
        names += ["comment", *(attribute_field(a) for a in self.attributes)]
        names += ["tags"] if self.tags else []
        return [*names, "adjust"]

    def baseline(self, original: Worklog | None) -> dict[str, Any]:
        """The `EditorDraft` values of these fields for a new worklog or `original`."""
        if original is None:
            return {"billable": "", "attributes": {}, "tags": None}
        billable = ""
        seconds = original.billable_seconds
        if self.billable == "flag" and seconds == 0:
            billable = _NOT_BILLABLE
        elif self.billable == "time" and seconds not in (None, original.time_spent_seconds):
            billable = format_duration(seconds or 0)
        attributes = {
            a.key: original.attributes[a.key]
            for a in self.attributes
            if a.key in original.attributes
        }
        tags = sorted(original.tags) if self.tags else None
        return {"billable": billable, "attributes": attributes, "tags": tags}


class EditorExtras(EditorForm):
    """The form with the backend's own fields: laying them out, reading them, their errors."""

    extras: BackendFields
    _tag_choices: list[str] | None = None

    DEFAULT_CSS = """
    EditorExtras #billable { width: 16; }
    EditorExtras Checkbox#billable { width: auto; }
    EditorExtras .attribute { width: 34; }
    EditorExtras Checkbox.attribute { width: auto; }
    EditorExtras #tags { width: 34; height: auto; max-height: 5; background: $boost; }
    EditorExtras #tags:focus { background: $primary-muted; }
    EditorExtras .-error.attribute, EditorExtras #tags.-error, EditorExtras #billable.-error {
        background-tint: $error 30%;
    }
    """

    def _schedule_persist(self) -> None:
        raise NotImplementedError

    def plan_extras(self) -> BackendFields:
        worklogs = self.services.worklogs
        caps = worklogs.capabilities
        billable: BillableKind = "none"
        if caps.billable_seconds:
            billable = "time" if caps.work_attributes else "flag"
        # Required first: they are the ones a save can fail on, so they come right after the
        # comment; the optional ones follow (sorted is stable: Tempo's order within each).
        attributes = tuple(sorted(worklogs.work_attributes, key=lambda a: not a.required))
        return BackendFields(billable=billable, attributes=attributes, tags=caps.tags)

    @property
    def field_names(self) -> list[str]:
        return self.extras.names()

    def _field_widget(self, name: str) -> Widget:
        if name in ("billable", "tags") or name.startswith("attr-"):
            return self.query_one(f"#{name}", Widget)
        return super()._field_widget(name)

    # -- layout ---------------------------------------------------------------------------------

    def compose_billable(self) -> ComposeResult:
        kind, base = self.extras.billable, self._baseline
        if kind == "none":
            return
        with Horizontal(classes="row"):
            yield Label("Billable", classes="name")
            if kind == "flag":
                ticked = base.billable != _NOT_BILLABLE
                yield Checkbox("bill this worklog", ticked, id="billable", compact=True)
            else:
                yield Input(base.billable, placeholder="as time spent", id="billable", compact=True)
                yield Label("blank: all of the time spent", classes="hint muted")
        yield Label("", id="err-billable", classes="field-error", markup=False)

    def compose_attributes(self) -> ComposeResult:
        for attribute in self.extras.attributes:
            name = attribute_field(attribute)
            value = self._baseline.attributes.get(attribute.key, "")
            with Horizontal(classes="row"):
                yield Label(attribute.name, classes="name", markup=False)
                yield _attribute_widget(attribute, name, value)
                need = "required" if attribute.required else "optional"
                yield Label(f"{attribute.key} · {need}", classes="hint muted", markup=False)
            yield Label("", id=f"err-{name}", classes="field-error", markup=False)

    def compose_tags(self) -> ComposeResult:
        if not self.extras.tags:
            return
        with Horizontal(classes="row"):
            yield Label("Tags", classes="name")
            yield SelectionList[str](id="tags", compact=True)
            yield Label("reading the tags…", id="tags-hint", classes="hint muted", markup=False)
        yield Label("", id="err-tags", classes="field-error", markup=False)

    @work(exclusive=True, group="editor-tags", exit_on_error=False)
    async def load_tags(self) -> None:
        """Offer the backend's tags, ticking those the worklog (or the restored draft) has."""
        hint = self.query_one("#tags-hint", Label)
        try:
            choices = await self.services.worklogs.tag_choices()
        except BackendError as exc:
            hint.update(f"tags unavailable ({exc}); they stay as they are")
            return
        chosen = set(self._chosen_tags_at_start())
        # A tag no longer offered (archived) still shows while the worklog carries it.
        offered = choices + sorted(chosen - set(choices))
        self.query_one("#tags", SelectionList).add_options(
            [(name, name, name in chosen) for name in offered]
        )
        self._tag_choices = offered
        hint.update("space: tick or untick" if offered else "Everit offers no tags")

    def _chosen_tags_at_start(self) -> list[str]:
        if self._baseline.tags is not None:
            return self._baseline.tags
        return list(self.original.tags) if self.original is not None else []

    # -- typing ---------------------------------------------------------------------------------

    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _extra_choice_changed(self, event: Select.Changed | Checkbox.Changed) -> None:
        name = event.control.id or ""
        if name == "billable" or name.startswith("attr-"):
            self._set_field_error(name, None)
            self._schedule_persist()

    @on(SelectionList.SelectedChanged, "#tags")
    def _tags_changed(self) -> None:
        self._set_field_error("tags", None)
        self._schedule_persist()

    # -- reading --------------------------------------------------------------------------------

    def snapshot(self) -> EditorDraft:
        return super().snapshot().model_copy(update=self._extras_as_typed())

    def _extras_as_typed(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.extras.billable == "flag":
            ticked = self.query_one("#billable", Checkbox).value
            out["billable"] = "" if ticked else _NOT_BILLABLE
        elif self.extras.billable == "time":
            out["billable"] = self._input("billable").value
        # An emptied field the worklog had a value in is sent empty: the PUT then leaves it out
        # (cleared). One never set stays out, so an edit does not name what it did not touch.
        had = self._baseline.attributes
        out["attributes"] = {
            a.key: value
            for a in self.extras.attributes
            if (value := self._attribute_value(a)) or a.key in had
        }
        if self._tag_choices is not None:
            out["tags"] = sorted(self.query_one("#tags", SelectionList).selected)
        return out

    def _attribute_value(self, attribute: WorkAttribute) -> str:
        widget = self.query_one(f"#{attribute_field(attribute)}", Widget)
        if isinstance(widget, Checkbox):
            if widget.value:
                return "true"
            # An optional box left unticked is "not set", unless the worklog already had it.
            had = attribute.key in self._baseline.attributes
            return "false" if attribute.required or had else ""
        if isinstance(widget, Select):
            return widget.value if isinstance(widget.value, str) else ""
        assert isinstance(widget, Input)
        return widget.value.strip()

    def with_extras(self, draft: WorklogDraft, problems: dict[str, str]) -> WorklogDraft:
        """`draft` with the backend's fields as the form has them; their problems go into
        `problems` by field (a required attribute left empty among them)."""
        typed = self._extras_as_typed()
        attributes: dict[str, str] = typed["attributes"]
        for attribute in self.extras.attributes:
            if (why := attribute.problem(attributes.get(attribute.key))) is not None:
                problems.setdefault(attribute_field(attribute), why)
        tags = self._draft_tags(typed.get("tags"))
        billable = self._draft_billable(draft, typed.get("billable", ""), problems)
        return replace(draft, billable_seconds=billable, attributes=attributes or None, tags=tags)

    def _draft_billable(
        self, draft: WorklogDraft, typed: str, problems: dict[str, str]
    ) -> int | None:
        kind = self.extras.billable
        if kind == "flag":
            return 0 if typed == _NOT_BILLABLE else draft.time_spent_seconds
        # Compared with the worklog as read, not a restored draft: what was typed before a
        # crash is still a change.
        as_read = self.extras.baseline(self.original)["billable"]
        if kind == "none" or (self.original is not None and typed == as_read):
            return None  # as it was (an edit) or as Tempo defaults (a new one: the time spent)
        if not typed.strip():
            # Cleared on an edit: follow the time spent again.
            return draft.time_spent_seconds if self.original is not None else None
        try:
            return estimate_seconds(typed, self.services.session.tracking)
        except DurationError as exc:
            problems.setdefault("billable", str(exc))
            return None

    def _draft_tags(self, chosen: list[str] | None) -> tuple[str, ...] | None:
        if chosen is None:
            return None  # not offered (yet): as they are
        if self.original is not None and set(chosen) == set(self.original.tags):
            return None
        order = self._tag_choices or []
        return tuple(sorted(chosen, key=order.index))

    def problem_field(self, problem: FieldProblem) -> str:
        """The form field a problem of the service or backend belongs to."""
        if problem.field == "attributes":
            for attribute in self.extras.attributes:
                if attribute.title in problem.message:
                    return attribute_field(attribute)
        return _PROBLEM_FIELD.get(problem.field, problem.field)

    def named_fields(self, problems: Iterable[FieldProblem]) -> dict[str, str]:
        out: dict[str, str] = {}
        for problem in problems:
            out.setdefault(self.problem_field(problem), problem.message)
        return out


def _attribute_widget(attribute: WorkAttribute, name: str, value: str) -> Widget:
    if attribute.kind == "CHECKBOX":
        return Checkbox("yes", value == "true", id=name, compact=True, classes="attribute")
    if attribute.values:
        options = [(attribute.labels.get(v, v), v) for v in attribute.values]
        return Select(
            options,
            prompt=f"choose {attribute.name}",
            value=value if value in attribute.values else Select.NULL,
            id=name,
            compact=True,
            classes="attribute",
        )
    kind: Literal["number", "text"] = "number" if attribute.kind == "INPUT_NUMERIC" else "text"
    return Input(
        value, placeholder=attribute.name, type=kind, id=name, compact=True, classes="attribute"
    )
