"""Starting the app: the profile's client with a backoff relay, drafts on disk, state file."""

from __future__ import annotations

from pathlib import Path

from tuiws.app import TuiwsApp
from tuiws.config import ResolvedProfile, UiConfig
from tuiws.factory import build_client, connect
from tuiws.jira.retry import BackoffRelay
from tuiws.paths import data_dir as default_data_dir
from tuiws.services.session import Session
from tuiws.services.team import TeamSpec
from tuiws.store.cache import CacheError, WorklogCache
from tuiws.store.drafts import DraftStore


def make_app(
    profile: ResolvedProfile,
    *,
    ui: UiConfig | None = None,
    data_dir: Path | None = None,
    team: TeamSpec | None = None,
) -> TuiwsApp:
    relay = BackoffRelay()
    client = build_client(profile, on_backoff=relay.backoff, on_recovered=relay.recovered)

    async def open_session() -> Session:
        return await connect(client, profile)

    folder = data_dir or default_data_dir()
    try:
        cache: WorklogCache | None = WorklogCache.for_profile(profile.name, folder / "cache")
    except (CacheError, OSError):
        cache = None  # the app works without it, only without the head start
    return TuiwsApp(
        connect=open_session,
        close=client.aclose,
        relay=relay,
        profile_name=profile.name,
        drafts=DraftStore(folder / "drafts" / profile.name),
        state_path=folder / "state.json",
        ui=ui,
        team=team,
        cache=cache,
    )


def run_app(
    profile: ResolvedProfile, *, ui: UiConfig | None = None, team: TeamSpec | None = None
) -> int:
    app = make_app(profile, ui=ui, team=team)
    app.run()
    return app.return_code or 0
