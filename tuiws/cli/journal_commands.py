"""The command line's side of the write journal: what earlier runs' writes turned out to be,
`tuiws queue` (list, retry, drop) and `tuiws undo`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO

from tuiws.cli.args import SafeArgumentParser
from tuiws.cli.context import Context
from tuiws.services.read_back import Resolution
from tuiws.services.session import Session
from tuiws.services.undo import UndoService
from tuiws.services.worklogs import WorklogService
from tuiws.store.journal import EntryState, JournalEntry, WriteJournal

__all__ = [
    "EXIT_UNKNOWN",
    "JournalReport",
    "add_journal_parsers",
    "cmd_queue",
    "cmd_undo",
    "journal_for",
    "journaled",
    "queue_command",
    "queue_offline",
    "tell",
    "undo_command",
]

EXIT_UNKNOWN = 3
"""A write's answer was lost and checking failed: it may have been saved (the next run checks)."""


def journal_for(profile_name: str, demo: bool) -> WriteJournal:
    """The profile's journal file; the demo's emulator is gone when the command ends, so its
    journal goes with it."""
    return WriteJournal.in_memory() if demo else WriteJournal.for_profile(profile_name)


def tell(resolutions: Sequence[Resolution], err: TextIO) -> None:
    """Say what the journal found out about earlier runs' writes."""
    for found in resolutions:
        print(f"tuiws: {found.describe()}", file=err)


class JournalReport:
    """Tells, once each, what the service's journal found out about earlier writes."""

    def __init__(self, service: WorklogService, err: TextIO) -> None:
        self.service = service
        self.err = err
        self._told = 0

    def flush(self) -> None:
        found = self.service.resolutions
        tell(found[self._told :], self.err)
        self._told = len(found)

    async def settle(self) -> list[Resolution]:
        """Reconcile earlier writes now (before reading what a command will change)."""
        before = len(self.service.resolutions)
        await self.service.reconcile()
        self.flush()
        return self.service.resolutions[before:]


@contextmanager
def journaled(
    session: Session, profile_name: str, demo: bool, err: TextIO
) -> Iterator[tuple[WorklogService, JournalReport]]:
    """The profile's worklog service over its journal; what earlier writes turned out to be
    is told on `err` even when the command fails."""
    journal = journal_for(profile_name, demo)
    service = WorklogService(session, journal=journal)
    report = JournalReport(service, err)
    try:
        yield service, report
    finally:
        report.flush()
        journal.close()


def add_journal_parsers(sub: argparse._SubParsersAction[SafeArgumentParser]) -> None:
    q = sub.add_parser(
        "queue", help="saves kept while the server could not be reached: list, retry, drop"
    )
    q.add_argument("action", nargs="?", choices=["list", "retry", "drop"], default="list")
    q.add_argument("operation", nargs="?", help="drop: the operation id `tuiws queue` shows")
    u = sub.add_parser("undo", help="undo this profile's last add, edit or delete (asks first)")
    u.add_argument("--yes", action="store_true", help="do not ask")


def _line(entry: JournalEntry) -> str:
    if entry.verb == "delete":
        what = f"delete worklog {entry.worklog_id}"
    else:
        draft = entry.draft()
        what = f"{entry.verb} {draft.time_spent_seconds // 60}m from {draft.started:%Y-%m-%d %H:%M}"
    return f"{entry.operation}  {entry.issue_key}  {what}  ({entry.recorded_at:%Y-%m-%d %H:%M} UTC)"


def _drop(journal: WriteJournal, operation: str | None, out: TextIO, err: TextIO) -> int:
    entry = journal.entry(operation) if operation else None
    if operation is None or entry is None or entry.state is not EntryState.QUEUED:
        print(
            f"tuiws: no queued save {operation or '(none given)'}; `tuiws queue` lists them",
            file=err,
        )
        return 2
    journal.mark(operation, EntryState.DROPPED, message="dropped from the queue")
    print(f"Dropped {operation}; it was never sent.", file=out)
    return 0


def _list(waiting: Sequence[JournalEntry], out: TextIO, err: TextIO) -> None:
    for entry in waiting:
        print(_line(entry), file=out)
    if not waiting:
        print("The queue is empty.", file=err)


def queue_offline(args: argparse.Namespace, ctx: Context) -> int:
    """`tuiws queue` (list) and `tuiws queue drop ID` read and change the journal only, so they
    answer with the server out of reach: that is when a person wants to see what waits."""
    where = (ctx.profile.worklogs, ctx.profile.url.rstrip("/"))
    with journal_for(ctx.profile.name, ctx.demo) as journal:
        if args.action == "drop":
            return _drop(journal, args.operation, ctx.out, ctx.err)
        _list(journal.queued(*where), ctx.out, ctx.err)
    return 0


async def queue_command(
    args: argparse.Namespace, service: WorklogService, out: TextIO, err: TextIO
) -> int:
    """0 when the queue is empty after the action, 1 when saves still wait, 2 for an unknown
    operation, 3 when a sent one's outcome is unknown."""
    flow = service.flow
    if args.action == "drop":
        return _drop(flow.journal, args.operation, out, err)
    if args.action == "retry":
        found = await service.reconcile()
        tell(found, err)
        if any(r.state is EntryState.UNKNOWN for r in found):
            return EXIT_UNKNOWN
    waiting = flow.queued()
    _list(waiting, out, err)
    return 1 if waiting and args.action == "retry" else 0


async def undo_command(
    args: argparse.Namespace, service: WorklogService, out: TextIO, err: TextIO
) -> int:
    """Undo the last write after asking (`--yes` skips the question); 2 when it cannot ask."""
    tell(await service.reconcile(), err)
    undo = UndoService(service)
    plan = undo.plan()
    if plan is None:
        print("Nothing to undo.", file=err)
        return 0
    question = f"Undo: {plan.describe()}?"
    if not args.yes:
        if not sys.stdin.isatty():
            print(f"tuiws: {question} Add --yes to do it (no terminal to ask).", file=err)
            return 2
        if input(f"{question} [y/N] ").strip().lower() not in ("y", "yes"):
            print("Left as it is.", file=err)
            return 0
    written = await undo.undo(plan)
    print(f"Undone: {plan.describe()}.", file=out)
    if written is not None:
        print(written.id, file=out)
    return 0


async def cmd_queue(ctx: Context, session: Session) -> int:
    with journaled(session, ctx.profile.name, ctx.demo, ctx.err) as (service, _report):
        return await queue_command(ctx.args, service, ctx.out, ctx.err)


async def cmd_undo(ctx: Context, session: Session) -> int:
    with journaled(session, ctx.profile.name, ctx.demo, ctx.err) as (service, _report):
        return await undo_command(ctx.args, service, ctx.out, ctx.err)
