"""`tuiws week --copy-from -N` and `tuiws fill ISSUE --to-target`: a plan, shown, then sent.

The plan is printed as a table (or `--json`); `--dry-run` stops there. Otherwise it is sent
item by item through the write journal, after asking on a terminal (`--yes` skips the
question); without a terminal `--yes` is required, so a script never writes by surprise.
Exit 0 when every item was sent (or nothing was to send), 1 when one failed or waits in the
queue, 3 when one's outcome is unknown (the next run checks it), 2 for bad input.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import date

from tuiws.cli.args import issue_arg
from tuiws.cli.context import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, Context, duration_style
from tuiws.cli.inputs import BadInput, parse_date_arg
from tuiws.cli.journal_commands import EXIT_UNKNOWN, journaled
from tuiws.cli.worklog_commands import attribute_args
from tuiws.config import ConfigError, load_config
from tuiws.domain.durations import show_duration
from tuiws.domain.fill_plan import FillPlan
from tuiws.domain.render import DurationStyle
from tuiws.domain.rounding import RoundMode
from tuiws.services.bundle import Services
from tuiws.services.fill import FillService, WeekPlan
from tuiws.services.session import Session

__all__ = ["cmd_copy_week", "cmd_fill", "plan_exit_code", "plan_table"]

Ask = Callable[[str], str]
PlanBuilder = Callable[[FillService], Awaitable[WeekPlan]]


def _rounding(ctx: Context) -> tuple[int, RoundMode]:
    """`[ui] round_minutes` / `round_mode` of config.toml (off in the demo)."""
    if ctx.demo:
        return 0, "nearest"
    try:
        ui = load_config().ui
    except ConfigError:
        return 0, "nearest"  # the command does not need the file; its errors are `doctor`'s
    modes: dict[str, RoundMode] = {"up": "up", "down": "down"}
    return ui.round_minutes, modes.get(ui.round_mode, "nearest")


def plan_table(plan: FillPlan, style: DurationStyle = "hm") -> str:
    """The plan as a table: one line per item still in it, with where its send stands."""
    lines = [f"{'Day':<14} {'Start':<5}  {'Issue':<12} {'Time':>7}  {'Status':<10} Comment"]
    for item in plan.live:
        status: str = item.state
        if item.state == "sent" and item.worklog_id:
            status = f"sent {item.worklog_id}"
        line = (
            f"{item.day:%a %Y-%m-%d} {item.start:%H:%M}  {item.issue_key:<12} "
            f"{show_duration(item.seconds, style):>7}  {status:<10} {_first_line(item.comment)}"
        )
        lines.append(line.rstrip())
        if item.message:
            lines.append(f"{'':<22}{item.message}")
    return "\n".join(lines)


def _first_line(comment: str, width: int = 48) -> str:
    line = comment.strip().split("\n", 1)[0]
    return line if len(line) <= width and "\n" not in comment.strip() else line[: width - 1] + "…"


def plan_exit_code(plan: FillPlan) -> int:
    """1 when an item failed, else 3 when one waits in the queue or its outcome is unknown
    (not settled: the journal holds it and the next run settles it)."""
    if plan.count("failed"):
        return EXIT_FAILED
    if plan.count("unknown") or plan.count("queued"):
        return EXIT_UNKNOWN
    return EXIT_OK


def _gaps_line(planned: WeekPlan, style: DurationStyle) -> str:
    gaps = [
        f"{day:%a} {show_duration(gap, style)}"
        for day, gap in planned.gaps.items()
        if planned.required.get(day, 0) > 0
    ]
    return "Still missing after the plan: " + (", ".join(gaps) if gaps else "nothing")


async def _run_plan(ctx: Context, session: Session, build: PlanBuilder, *, ask: Ask | None) -> int:
    a = ctx.args
    style = duration_style(ctx)
    minutes, mode = _rounding(ctx)
    with journaled(session, ctx.profile.name, ctx.demo, ctx.err) as (worklogs, report):
        await report.settle()  # earlier runs' writes first: the plan then sees their truth
        services = replace(Services.for_session(session), worklogs=worklogs)
        fill = FillService(services, round_minutes=minutes, round_mode=mode)
        planned = await build(fill)
        plan = planned.plan
        if not plan.live:
            _show(ctx, plan, style, session)
            print("Nothing to log: the plan is empty.", file=ctx.err)
            return EXIT_OK
        if a.dry_run:
            _show(ctx, plan, style, session)
            print(_gaps_line(planned, style), file=ctx.err)
            print("Dry run: nothing was sent.", file=ctx.err)
            return EXIT_OK
        total = show_duration(sum(i.seconds for i in plan.live), style)
        question = f"Send {len(plan.live)} worklog(s), {total} in all?"
        if not a.yes:
            interactive = ask is not None or sys.stdin.isatty()
            if not interactive:
                _show(ctx, plan, style, session)
                print(f"tuiws: {question} Add --yes to send (no terminal to ask).", file=ctx.err)
                print("Nothing was sent.", file=ctx.err)
                return EXIT_BAD_INPUT
            print(plan_table(plan, style), file=ctx.err)
            if (ask or input)(f"{question} [y/N] ").strip().lower() not in ("y", "yes"):
                print("Nothing was sent.", file=ctx.err)
                return EXIT_OK
        plan = await fill.send(plan)
        _show(ctx, plan, style, session)
        sent, waiting = plan.count("sent"), len(plan.waiting)
        print(f"Sent {sent} worklog(s); {waiting} not confirmed.", file=ctx.err)
        return plan_exit_code(plan)


def _show(ctx: Context, plan: FillPlan, style: DurationStyle, session: Session) -> None:
    if ctx.args.json:
        doc = [item.to_json(session.zone) for item in plan.live]
        print(json.dumps(doc), file=ctx.out)
    elif plan.live:
        print(plan_table(plan, style), file=ctx.out)


async def cmd_copy_week(ctx: Context, session: Session, ask: Ask | None = None) -> int:
    """`tuiws week --copy-from -N`: the week N weeks back proposed for the week shown."""
    a = ctx.args
    back = a.copy_from
    if not -52 <= back <= -1:
        raise BadInput(f"--copy-from {back}: use -1 for last week, down to -52")
    if a.user:
        raise BadInput("--copy-from fills your own week: leave out --user")
    if a.format != "table":
        raise BadInput("--copy-from prints its plan as a table or --json, not --format")
    day = parse_date_arg(a.date, session)

    async def build(fill: FillService) -> WeekPlan:
        return await fill.copy_plan(day, weeks_back=-back)

    return await _run_plan(ctx, session, build, ask=ask)


async def cmd_fill(ctx: Context, session: Session, ask: Ask | None = None) -> int:
    """`tuiws fill ISSUE --to-target`: the day's gap against its required time, on ISSUE."""
    a = ctx.args
    if not a.to_target:
        raise BadInput("say how much to log: --to-target logs the day's gap to its required time")
    key = issue_arg(a.issue)
    day: date = parse_date_arg(a.date, session)
    attributes = attribute_args(a.attribute) if a.attribute else None

    async def build(fill: FillService) -> WeekPlan:
        return await fill.gap_plan(key, day, attributes=attributes)

    return await _run_plan(ctx, session, build, ask=ask)
