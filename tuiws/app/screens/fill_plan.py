"""A plan to fill the week, shown as a grid before anything is sent (`F` and `f` on the week).

Each proposed worklog is a row with its duration under its day, styled by where its send
stands; under them, the week's logged time, the plan's, and each workday's gap against its
required hours. Nothing is sent before `ctrl+s`; a failed item stays in the plan and `ctrl+s`
again sends only what is not confirmed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static

from tuiws.app.messages import WritesInFlight
from tuiws.app.screens.fill_editor import PlannedWorklogEditor
from tuiws.domain.durations import DurationStyle, cell_formatter
from tuiws.domain.fill_plan import PlanItem
from tuiws.services.fill import FillService, WeekPlan
from tuiws.store.drafts import DraftStore

__all__ = ["FillPlanScreen"]

_STATUS = {
    "pending": "pending",
    "sending": "sending…",
    "failed": "failed",
    "unknown": "unknown — will be checked",
    "queued": "queued",
}


class FillPlanScreen(Screen[int]):
    """Proposed worklogs as a week grid. Dismissed with how many were sent.

    | key | action |
    |---|---|
    | arrows | move over the items |
    | `e`, `enter` | edit the item (the worklog editor; nothing is sent) |
    | `d`, `delete` | drop the item from the plan |
    | `ctrl+s` | send every item not yet confirmed |
    | `escape` | close (before `ctrl+s`: nothing is sent) |
    """

    HELP_TITLE = "Plan"
    HELP_EXTRA: ClassVar[list[tuple[str, str]]] = [("arrows", "move over the items")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit_item", "Edit", id="plan.edit"),
        Binding("d,delete", "drop_item", "Drop", id="plan.drop"),
        Binding("ctrl+s", "send", "Send all", priority=True, id="plan.send"),
        Binding("escape", "close", "Close", id="plan.close"),
    ]

    DEFAULT_CSS = """
    FillPlanScreen #plan-title { text-style: bold; padding: 0 1; width: 1fr; }
    FillPlanScreen #plan-grid { height: 1fr; }
    FillPlanScreen #plan-detail { height: 1; padding: 0 1; }
    FillPlanScreen #plan-message { height: auto; max-height: 3; padding: 0 1; color: $error; }
    FillPlanScreen #plan-summary { height: 1; padding: 0 1; color: $foreground-muted; }
    """

    def __init__(
        self,
        fill: FillService,
        planned: WeekPlan,
        *,
        title: str,
        drafts: DraftStore,
        style: DurationStyle = "hm",
    ) -> None:
        super().__init__()
        self.fill = fill
        self.planned = planned
        self.title_text = title
        self.drafts = drafts
        self.style: DurationStyle = style
        self.sending = False
        self._shown = cell_formatter(style)

    def compose(self) -> ComposeResult:
        yield Label(self.title_text, id="plan-title")
        yield DataTable(id="plan-grid", cursor_type="row", zebra_stripes=False)
        yield Static("", id="plan-detail", markup=False)
        yield Static("", id="plan-message", markup=False)
        yield Label("", id="plan-summary")
        yield Footer()

    @property
    def table(self) -> DataTable[Text | str]:
        return self.query_one("#plan-grid", DataTable)

    def on_mount(self) -> None:
        table = self.table
        table.add_column("Issue", key="issue")
        for day in self.planned.week.days:
            table.add_column(f"{day:%a %d}", key=day.isoformat())
        table.add_column("Status", key="status")
        self._fill_table()
        table.focus()

    # -- drawing ---------------------------------------------------------------------------------

    def _styles(self) -> dict[str, str]:
        v = self.app.theme_variables
        return {
            "pending": "italic",
            "sending": "italic dim",
            "sent": f"bold {v.get('success', '')}".strip(),
            "failed": f"bold {v.get('error', '')}".strip(),
            "unknown": f"bold {v.get('warning', '')}".strip(),
            "queued": f"bold {v.get('warning', '')}".strip(),
        }

    def _item_cells(self, item: PlanItem) -> list[Text | str]:
        style = self._styles().get(item.state, "")
        cells: list[Text | str] = [Text(item.issue_key, style=style)]
        for day in self.planned.week.days:
            shown = self._shown(item.seconds) if day == item.day else ""
            cells.append(Text(shown, style=style, justify="right"))
        status = f"sent {item.worklog_id}" if item.state == "sent" else _STATUS[item.state]
        cells.append(Text(status, style=style))
        return cells

    def _fill_table(self) -> None:
        table, planned = self.table, self.planned
        row = table.cursor_row
        table.clear()
        for index, item in enumerate(planned.plan.items):
            if item.state != "dropped":
                table.add_row(*self._item_cells(item), key=str(index))
        days = planned.week.days
        logged = dict(zip(days, planned.week.day_totals, strict=True))
        plan_days = planned.plan.seconds_by_day()
        gaps = planned.gaps
        muted = "dim"
        for key, label, figures in (
            ("logged", "Logged", [logged.get(d, 0) for d in days]),
            ("planned", "Planned", [plan_days.get(d, 0) for d in days]),
        ):
            table.add_row(
                Text(label, style=muted),
                *[Text(self._shown(s) if s else "", style=muted, justify="right") for s in figures],
                "",
                key=key,
            )
        table.add_row(
            Text("Gap", style="bold"),
            *[self._gap_cell(d, gaps.get(d, 0)) for d in days],
            "",
            key="gap",
        )
        if table.row_count:
            table.move_cursor(row=min(row, len(planned.plan.live) - 1 if planned.plan.live else 0))
        self._update_summary()

    def _gap_cell(self, day: date, gap: int) -> Text:
        if self.planned.required.get(day, 0) <= 0:
            return Text("")
        style = f"bold {self.app.theme_variables.get('week-under', '')}".strip() if gap else "dim"
        return Text(self._shown(gap) if gap else "✓", style=style, justify="right")

    def _update_summary(self) -> None:
        plan = self.planned.plan
        live = plan.live
        total = self._shown(sum(i.seconds for i in live))
        sent, waiting = plan.count("sent"), len(plan.waiting)
        if self.sending:
            text = f"Sending… {sent} of {len(live)} sent"
        elif sent and not waiting:
            text = f"All {sent} sent · esc closes"
        elif sent:
            text = f"{sent} sent, {waiting} not confirmed · ctrl+s sends those again · esc closes"
        else:
            text = f"{len(live)} to log, {total} · e edit · d drop · ctrl+s send · esc cancel"
        self.query_one("#plan-summary", Label).update(text)
        self._show_message()

    @on(DataTable.RowHighlighted)
    def _show_message(self) -> None:
        current = self._current()
        detail = message = ""
        if current is not None:
            item = current[1]
            parts = [f"{item.day:%a %d %b} {item.start:%H:%M}", item.issue_key, item.summary]
            parts.append(item.comment.strip().split("\n", 1)[0])
            detail, message = " · ".join(p for p in parts if p), item.message
        self.query_one("#plan-detail", Static).update(detail)
        self.query_one("#plan-message", Static).update(message)

    def _current(self) -> tuple[int, PlanItem] | None:
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        if not key.isdigit():
            return None
        index = int(key)
        return index, self.planned.plan.items[index]

    def _replace_item(self, index: int, item: PlanItem) -> None:
        self.planned = replace(self.planned, plan=self.planned.plan.with_item(index, item))

    # -- actions ---------------------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def _row_chosen(self) -> None:
        self.action_edit_item()

    def _editable(self) -> tuple[int, PlanItem] | None:
        current = self._current()
        if current is None or self.sending:
            return None
        if current[1].state == "sent":
            self.notify("Already sent: edit it in the week.", severity="warning")
            return None
        if current[1].operation is not None:
            self.notify(
                "Sent, and its outcome is not known yet: ctrl+s checks it.", severity="warning"
            )
            return None
        return current

    @work(group="plan-edit", exclusive=True, exit_on_error=False)
    async def action_edit_item(self) -> None:
        current = self._editable()
        if current is None:
            return
        index, item = current
        editor = PlannedWorklogEditor(self.fill, item, self.drafts, self.style)
        await self.app.push_screen_wait(editor)
        draft = editor.edited
        if draft is None:
            return
        local = draft.started.astimezone(self.fill.services.session.zone)
        days = self.planned.week.days
        if not days[0] <= local.date() <= days[-1]:
            self.notify(
                f"The plan fills the week of {days[0]:%a %d %b}: pick a day in it.",
                severity="warning",
            )
            return
        self._replace_item(
            index,
            replace(
                item,
                issue_key=draft.issue_key,
                summary=item.summary if draft.issue_key == item.issue_key else "",
                day=local.date(),
                start=local.time().replace(second=0, microsecond=0, tzinfo=None),
                seconds=draft.time_spent_seconds,
                comment=draft.comment or "",
                state="pending",
                message="",
            ),
        )
        self._fill_table()

    def action_drop_item(self) -> None:
        current = self._editable()
        if current is None:
            return
        index, _ = current
        self.planned = replace(self.planned, plan=self.planned.plan.drop(index))
        self._fill_table()

    def action_send(self) -> None:
        if self.sending:
            return
        if self.planned.plan.done:
            self.notify("Nothing left to send.")
            return
        self._send()

    @work(group="plan-send", exclusive=True, exit_on_error=False)
    async def _send(self) -> None:
        self.sending = True
        self._update_summary()
        self.app.post_message(WritesInFlight(+1))
        try:
            plan = await self.fill.send(self.planned.plan, self._told)
        finally:
            self.app.post_message(WritesInFlight(-1))
            self.sending = False
        self.planned = replace(self.planned, plan=plan)
        self._fill_table()

    def _told(self, index: int, item: PlanItem) -> None:
        """One item's send changed state: its row shows it at once."""
        self._replace_item(index, item)
        table = self.table
        for column, value in zip(table.columns, self._item_cells(item), strict=True):
            table.update_cell(str(index), column, value)
        self._update_summary()

    def action_close(self) -> None:
        if self.sending:
            self.notify("Sending… wait for the answers before closing.", severity="warning")
            return
        self.dismiss(self.planned.plan.count("sent"))
