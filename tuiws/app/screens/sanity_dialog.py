"""Asked before a doubtful save (issue 10's sanity checks): the editor's `ctrl+s` lists what
looks like a slip (a day over 24 h, one worklog over 12 h, a date far off, a duplicate) and
saves only on `y`.

The day's worklogs come from the week screen when it shows that day (no request), else from
one read through the services (`tuiws.services.sanity`), so the app asks what the CLI asks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

import tuiws.services
from tuiws.domain.drafts import CheckedDraft
from tuiws.domain.models import Worklog
from tuiws.domain.sanity import SanityQuestion

if TYPE_CHECKING:
    from tuiws.app.screens.editor_save import EditorSave

__all__ = ["KnowsTheDay", "SanityQuestionsScreen", "ask_before_save"]


@runtime_checkable
class KnowsTheDay(Protocol):
    """A screen that holds the signed-in account's worklogs of some days (the week)."""

    def known_day_worklogs(self, day: date) -> list[Worklog] | None:
        """My worklogs on `day`, or None when the screen does not hold that day."""
        ...


class SanityQuestionsScreen(ModalScreen[bool]):
    """What looks doubtful about a save, before it is sent. Dismissed with True to save.

    Only `y` saves: an `enter` meant for the form must never confirm a doubtful write.

    | key | action |
    |---|---|
    | `y` | save anyway |
    | `n`, `escape` | go back to the editor |
    """

    BINDINGS = [
        Binding("y", "save_anyway", "Save anyway", priority=True, id="sanity.save"),
        Binding("n,escape", "go_back", "Go back", priority=True, id="sanity.back"),
    ]

    DEFAULT_CSS = """
    SanityQuestionsScreen { align: center middle; }
    SanityQuestionsScreen > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 100%; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    SanityQuestionsScreen .question { margin-top: 1; }
    SanityQuestionsScreen Label { width: 100%; }
    SanityQuestionsScreen .keys { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, questions: Sequence[SanityQuestion]) -> None:
        super().__init__()
        self.questions = list(questions)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("[b]Save this worklog anyway?[/b]")
            for question in self.questions:
                yield Static(
                    f"• {question.text}",
                    classes=f"question -{question.code}",
                    markup=False,
                )
            yield Label("y: save anyway    n / escape: go back", classes="keys")

    def action_save_anyway(self) -> None:
        self.dismiss(True)

    def action_go_back(self) -> None:
        self.dismiss(False)


def ask_before_save(
    editor: EditorSave, draft: CheckedDraft, *, today: date, then: Callable[[CheckedDraft], object]
) -> None:
    """Save `draft` with `then`, after asking when a sanity check doubts it."""

    async def ask() -> None:
        session = editor.services.session
        day = draft.draft.started.astimezone(session.zone).date()
        questions = await tuiws.services.sanity.questions_before_write(
            session,
            draft.draft,
            today=today,
            original=editor.original,
            known=_known_day(editor.app, day),
            style=editor.style,
        )
        if questions and not await editor.app.push_screen_wait(SanityQuestionsScreen(questions)):
            return
        then(draft)

    editor.run_worker(ask(), group="editor-sanity", exclusive=True, exit_on_error=False)


def _known_day(app: App[object], day: date) -> list[Worklog] | None:
    for screen in reversed(app.screen_stack):
        if isinstance(screen, KnowsTheDay):
            known = screen.known_day_worklogs(day)
            if known is not None:
                return known
    return None
