"""`tuiws search`, `doctor` and `tour`: finding issues, checking the connection, a guided tour."""

from __future__ import annotations

from tuiws.cli.context import EXIT_FAILED, EXIT_OK, Context, duration_style
from tuiws.cli.tour import run_tour
from tuiws.domain.render import (
    render_issues,
)
from tuiws.factory import build_connection, connect
from tuiws.services.doctor import run_doctor
from tuiws.services.search import SearchService
from tuiws.services.session import Session


async def cmd_search(ctx: Context, session: Session) -> int:
    issues = await SearchService(session).search(" ".join(ctx.args.query))
    print(render_issues(issues, as_json=ctx.args.json, style=duration_style(ctx)), file=ctx.out)
    return EXIT_OK


async def doctor(ctx: Context) -> int:
    """Runs without a session: its job is to say which step of opening one fails."""
    async with build_connection(ctx.profile) as connection:
        report = await run_doctor(connection, ctx.profile, lambda: connect(connection, ctx.profile))
    print(report.render(), file=ctx.out)
    return EXIT_OK if report.ok else EXIT_FAILED


async def cmd_tour(ctx: Context, session: Session) -> int:
    return await run_tour(session, ctx.out)
