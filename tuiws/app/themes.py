"""Themes: every TOML file in `themes/` registered with the app as a Textual theme.

The files and their one reader live in `tuiws.app.theme_files` (the first frame reads its
theme there too). Hex colours live only in those files.

Where the files are: inside an installed wheel they are packaged as `tuiws/_themes`; in a
checkout or an editable install they are the top-level `themes/` beside the package.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from textual.app import App
from textual.theme import Theme

from tuiws.app.theme_files import (
    _NAMED_FALLBACK,
    APP_VARIABLES,
    DEFAULT_THEME,
    NO_COLOR_THEME,
    ThemeError,
    choose_theme,
    load_theme,
    themes_dir,
)

__all__ = [
    "APP_VARIABLES",
    "DEFAULT_THEME",
    "NO_COLOR_THEME",
    "THEME_VARIABLE_DEFAULTS",
    "ThemeError",
    "available_themes",
    "choose_theme",
    "load_theme",
    "register_themes",
    "themes_dir",
]

log = logging.getLogger(__name__)


def available_themes(folder: Path | None = None) -> list[Theme]:
    """Every valid theme in `folder` (default `themes_dir()`), by name. Bad files are logged."""
    folder = themes_dir() if folder is None else folder
    themes: list[Theme] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            themes.append(load_theme(path))
        except ThemeError as exc:
            log.warning("skipping theme: %s", exc)
    return themes


def register_themes(app: App[Any]) -> None:
    """Make every theme in `themes_dir()` available to `app` (and its command palette)."""
    for theme in available_themes():
        app.register_theme(theme)


def _variable_defaults() -> dict[str, str]:
    try:
        return dict(load_theme(themes_dir() / f"{DEFAULT_THEME}.toml").variables)
    except ThemeError as exc:
        log.warning("theme variable defaults: %s", exc)
        return dict(_NAMED_FALLBACK)


THEME_VARIABLE_DEFAULTS: dict[str, str] = _variable_defaults()
"""Fallbacks for the app's variables (from the default theme), for `get_theme_variable_defaults`:
they keep the app's CSS parsing under themes that do not define them (Textual's own)."""
