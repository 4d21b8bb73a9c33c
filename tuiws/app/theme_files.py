"""The theme files, read fast for the first frame; `tuiws.app.themes` validates them in full.

Before its first frame the app needs one theme and the default colours of its own variables.
Building pydantic's models costs more than a bare Textual app takes to draw, so this module
reads just those, without pydantic: a file that does not make a Theme here (unknown or missing
keys, a colour Textual cannot parse) is passed over for the default. Right after the first
frame the app registers every theme through `tuiws.app.themes`, which validates each file against
its model and says what is wrong.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import BUILTIN_THEMES, Theme

DEFAULT_THEME = "tuiws-dark"
NO_COLOR_THEME = "tuiws-high-contrast"
FALLBACK_THEME = "textual-dark"
"""Textual's own default, used when our theme files cannot be found (a broken install)."""

_NAMED_FALLBACK: dict[str, str] = {
    # Only used if the theme files are missing (a broken install). Names both Textual's CSS
    # and Rich styles understand, since the grid turns these into Rich styles.
    "week-weekend": "blue",
    "week-today": "blue",
    "week-under": "yellow",
    "week-over": "red",
    "week-ok": "green",
    "backoff": "yellow",
}


def themes_dir() -> Path:
    """The folder of theme files: packaged `tuiws/_themes`, else the source tree's `themes/`."""
    package = Path(__file__).resolve().parent.parent  # this module lives in tuiws/app/
    packaged = package / "_themes"
    if packaged.is_dir():
        return packaged
    return package.parent / "themes"


def theme_file_names(folder: Path | None = None) -> frozenset[str]:
    """The names of the theme files in `folder` (default `themes_dir()`)."""
    folder = themes_dir() if folder is None else folder
    return frozenset(path.stem for path in folder.glob("*.toml"))


def choose_theme(
    saved: str | None,
    configured: str | None,
    env: Mapping[str, str],
    known: Collection[str] | None = None,
) -> str:
    """The theme to start with.

    `NO_COLOR` set to anything non-empty wins (high contrast). Otherwise the first of the
    theme saved in the app's state and the one in config that is known (one of ours or one of
    Textual's built-in themes), else `DEFAULT_THEME`.
    """
    if env.get("NO_COLOR"):
        return NO_COLOR_THEME
    names = (theme_file_names() | BUILTIN_THEMES.keys()) if known is None else known
    for candidate in (saved, configured):
        if candidate and candidate in names:
            return candidate
    return DEFAULT_THEME


def _read(name: str, folder: Path | None) -> dict[str, Any] | None:
    try:
        with ((themes_dir() if folder is None else folder) / f"{name}.toml").open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        return None


def _colours_parse(values: Mapping[str, Any]) -> bool:
    try:
        for value in values.values():
            if isinstance(value, str):
                Color.parse(value)
    except ColorParseError:
        return False
    return True


def quick_theme(name: str, folder: Path | None = None) -> Theme | None:
    """The theme file `name` as a Textual theme, or None when it does not make one."""
    data = _read(name, folder)
    if data is None or data.get("name") != name:
        return None
    data = dict(data)
    variables = data.pop("variables", None)
    text_alpha = data.pop("text_alpha", None)
    if not isinstance(variables, dict) or set(variables) != set(_NAMED_FALLBACK):
        return None
    colours = {k: v for k, v in data.items() if k not in ("name", "dark")}
    if not _colours_parse(variables) or not _colours_parse(colours):
        return None
    try:
        theme = Theme(**data, variables={k: str(v) for k, v in variables.items()})
        if text_alpha is not None:
            theme.text_alpha = float(text_alpha)
    except (TypeError, ValueError):
        return None
    return theme


@cache
def variable_defaults() -> dict[str, str]:
    """Fallbacks for the app's variables (the default theme's), for any theme lacking them."""
    theme = quick_theme(DEFAULT_THEME)
    if theme is None:
        return dict(_NAMED_FALLBACK)
    return dict(theme.variables)
