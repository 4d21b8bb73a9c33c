"""Small modal dialogs: confirm a delete (with the estimate choice), pick a date, read an
error in full."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from zoneinfo import ZoneInfo

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static

from tuiws.domain.durations import DurationStyle, show_duration
from tuiws.domain.models import AdjustEstimate, Worklog
from tuiws.domain.week import parse_day


def describe_worklog(
    worklog: Worklog,
    zone: ZoneInfo,
    style: DurationStyle = "hm",
    show_comment: Callable[[str], str] | None = None,
) -> str:
    local = worklog.started.astimezone(zone)
    comment = show_comment(worklog.comment_text) if show_comment else worklog.comment_text
    first_line = comment.splitlines()[0] if comment else "(no comment)"
    return (
        f"{worklog.issue_key}  {local:%a %Y-%m-%d %H:%M}  "
        f"{show_duration(worklog.time_spent_seconds, style)}\n"
        f"by {worklog.author.display_name}: {first_line}"
    )


_ESTIMATE_CHOICES = {
    "auto": "give the time back (auto)",
    "leave": "leave it as it is",
}


class ConfirmDeleteScreen(ModalScreen[AdjustEstimate | None]):
    """Shows exactly what will be deleted and how the estimate moves.

    The estimate choice is a key, not a drop-down, and only `y` deletes: an `enter` meant for
    the screen before must never confirm a delete.

    | key | action |
    |---|---|
    | `y` | delete |
    | `n`, `escape` | keep it |
    | `e` | switch the estimate choice (give the time back / leave it) |
    """

    BINDINGS = [
        Binding("y", "confirm", "Delete", priority=True, id="delete.confirm"),
        Binding("n,escape", "cancel", "Keep", priority=True, id="delete.cancel"),
        Binding("e", "switch_estimate", "Estimate", priority=True, id="delete.estimate"),
    ]

    DEFAULT_CSS = """
    ConfirmDeleteScreen { align: center middle; }
    ConfirmDeleteScreen > Vertical {
        width: 64; height: auto; padding: 1 2;
        border: thick $error; background: $surface;
    }
    ConfirmDeleteScreen .what { margin: 1 0; }
    ConfirmDeleteScreen #estimate { margin-bottom: 1; }
    ConfirmDeleteScreen Label { width: 100%; }
    ConfirmDeleteScreen .keys { color: $text-muted; }
    """

    def __init__(
        self,
        worklog: Worklog,
        zone: ZoneInfo,
        style: DurationStyle = "hm",
        show_comment: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__()
        self.style: DurationStyle = style
        self.show_comment = show_comment
        self.worklog = worklog
        self.zone = zone
        self.estimate = "auto"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("[b]Delete this worklog?[/b]")
            yield Static(
                describe_worklog(self.worklog, self.zone, self.style, self.show_comment),
                classes="what",
            )
            yield Label(self._estimate_text(), id="estimate")
            yield Label("y: delete    n / escape: keep it    e: estimate", classes="keys")

    def _estimate_text(self) -> str:
        return f"Remaining estimate: [b]{_ESTIMATE_CHOICES[self.estimate]}[/b]"

    def action_switch_estimate(self) -> None:
        self.estimate = "leave" if self.estimate == "auto" else "auto"
        self.query_one("#estimate", Label).update(self._estimate_text())

    def action_confirm(self) -> None:
        self.dismiss(AdjustEstimate(mode="leave" if self.estimate == "leave" else "auto"))

    def action_cancel(self) -> None:
        self.dismiss(None)


class PickDateScreen(ModalScreen[date | None]):
    """Asks for a date: `YYYY-MM-DD`, `today`, `yesterday`, `mon`…`sun` or `-N`.

    | key | action |
    |---|---|
    | `enter` | go |
    | `escape` | cancel |
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="date.cancel")]

    DEFAULT_CSS = """
    PickDateScreen { align: center middle; }
    PickDateScreen > Vertical {
        width: 50; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    PickDateScreen Label { width: 100%; }
    PickDateScreen #error { color: $error; height: auto; }
    """

    def __init__(self, title: str, today: date) -> None:
        super().__init__()
        self.title_text = title
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text)
            yield Input(placeholder="2026-11-23, today, mon, -3", id="day")
            yield Label("", id="error", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            day = parse_day(event.value, self.today)
        except ValueError as exc:
            self.query_one("#error", Label).update(str(exc))
            return
        self.dismiss(day)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ErrorScreen(ModalScreen[None]):
    """The last error in full: the status bar has room for its start only.

    | key | action |
    |---|---|
    | `escape`, `enter`, `q` | close |
    """

    BINDINGS = [Binding("escape,enter,q", "close", "Close", priority=True, id="error.close")]

    DEFAULT_CSS = """
    ErrorScreen { align: center middle; }
    ErrorScreen > Vertical {
        width: 90%; max-width: 100; height: auto; max-height: 90%; padding: 1 2;
        border: thick $error; background: $surface;
    }
    ErrorScreen VerticalScroll { height: auto; max-height: 20; }
    ErrorScreen #error-text { margin: 1 0; }
    ErrorScreen Label { width: 100%; }
    ErrorScreen .keys { color: $text-muted; }
    """

    def __init__(self, title: str, text: str, hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"[b]{self.title_text}[/b]")
            with VerticalScroll():
                yield Static(self.text, id="error-text", markup=False)
            yield Label(f"{self.hint}escape: close", classes="keys")

    def action_close(self) -> None:
        self.dismiss(None)


class PickProfileScreen(ModalScreen[str | None]):
    """Which profile of config.toml to open instead (the current one is marked).

    | key | action |
    |---|---|
    | `enter` | open it |
    | `escape` | stay |
    """

    BINDINGS = [Binding("escape", "cancel", "Stay", id="profile.cancel")]

    DEFAULT_CSS = """
    PickProfileScreen { align: center middle; }
    PickProfileScreen > Vertical {
        width: 50; height: auto; max-height: 90%; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    PickProfileScreen OptionList { height: auto; max-height: 12; margin-top: 1; }
    """

    def __init__(self, profiles: list[str], current: str) -> None:
        super().__init__()
        self.profiles = profiles
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("[b]Switch to which profile?[/b]")
            yield OptionList(
                *[
                    f"{name}  (open now)" if name == self.current else name
                    for name in self.profiles
                ],
                id="profiles",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = next(
            (n for n, name in enumerate(self.profiles) if name != self.current), 0
        )
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.profiles[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
