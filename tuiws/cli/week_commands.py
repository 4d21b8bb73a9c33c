"""`tuiws week`, `team` and `sync`: weeks of worklogs, yours, a team's, and the local cache."""

from __future__ import annotations

import json
import tempfile
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

from tuiws import app
from tuiws.cli.context import EXIT_FAILED, EXIT_OK, Context, duration_style
from tuiws.cli.fill_commands import cmd_copy_week
from tuiws.cli.inputs import (
    BadInput,
    parse_date_arg,
)
from tuiws.cli.journal_commands import journaled
from tuiws.cli.terminal_output import write_control
from tuiws.config import (
    Team,
    UiConfig,
    load_config,
)
from tuiws.domain.render import (
    DurationStyle,
    WeekFormat,
    render_team,
    render_week,
)
from tuiws.services.session import Session
from tuiws.services.sync import SyncProgress, SyncService
from tuiws.services.team import TeamService
from tuiws.services.team_spec import TeamError, TeamSpec, pick_team
from tuiws.services.weeks import WeekService
from tuiws.store.cache import CacheError, WorklogCache


async def cmd_week(ctx: Context, session: Session) -> int:
    a = ctx.args
    if a.copy_from is not None:
        return await cmd_copy_week(ctx, session)
    if a.dry_run or a.yes:
        raise BadInput("--dry-run and --yes go with --copy-from")
    service = WeekService(session)
    user = await service.resolve_user(a.user) if a.user else None
    week = await service.load(parse_date_arg(a.date, session), user)
    fmt: WeekFormat = "json" if a.json else a.format
    print(render_week(week, fmt, style=duration_style(ctx)), file=ctx.out)
    return EXIT_OK


async def cmd_team(ctx: Context, session: Session) -> int:
    a = ctx.args
    ui = UiConfig()
    if ctx.demo:
        group = app.demo_in_process.DEMO_GROUP  # the emulator runs in this process
        teams = {group: Team(group=group)}
    else:
        config = load_config()
        teams, ui = config.teams, config.ui
    day = parse_date_arg(a.date, session)
    try:
        spec = TeamSpec.adhoc(a.members.split(",")) if a.members else pick_team(teams, a.team)
        service = TeamService(
            session,
            ceiling_hours=ui.daily_ceiling_hours,
            late_after=timedelta(hours=ui.late_after_hours),
        )
        team = await service.load(spec, day)
    except TeamError as exc:
        raise BadInput(str(exc)) from None
    fmt: WeekFormat = a.format
    style: DurationStyle = "decimal" if ui.duration_format == "decimal" else "hm"
    print(render_team(team, fmt, style=style), file=ctx.out)
    return EXIT_OK


async def cmd_sync(ctx: Context, session: Session) -> int:

    a = ctx.args
    if not 0 <= a.weeks <= 52:
        raise BadInput(f"--weeks {a.weeks}: use 0 to 52")
    live = ctx.err.isatty()

    def show(progress: SyncProgress) -> None:
        # On a terminal one line updates in place; in a log, one line a step.
        if live:
            write_control(ctx.err, "\r\x1b[K")
        print(progress.describe(), end="" if live else "\n", file=ctx.err, flush=True)

    with ExitStack() as stack:
        directory = None
        if ctx.demo:
            # The demo's emulator is gone when the command ends: its cache goes with it.
            directory = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="tuiws-")))
        try:
            with journaled(session, ctx.profile.name, ctx.demo, ctx.err) as (_service, earlier):
                await earlier.settle()  # unfinished writes first: the sync then sees their truth
            with WorklogCache.for_profile(ctx.profile.name, directory) as cache:
                service = SyncService(session, cache, window_weeks=a.weeks)
                report = await service.sync(show, full=a.full)
        except CacheError as exc:
            print(f"tuiws: {exc}", file=ctx.err)
            return EXIT_FAILED
        finally:
            if live:
                write_control(ctx.err, "\r\x1b[K")
                ctx.err.flush()
    print(json.dumps(report.to_json()) if a.json else report.summary(), file=ctx.out)
    return EXIT_OK
