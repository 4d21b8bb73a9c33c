"""The theme files and their one reader: each TOML file checked in full and made a Theme.

A theme file holds Textual's colours plus a `[variables]` table with the app's own colours
(weekend, today, under/over target, backoff). The reader is plain Python (no pydantic): the
first frame reads its theme with it, and `tuiws.app.themes` registers every file with it, so
what the first frame accepts and what the palette offers are the same by construction.
Unknown keys are refused so a typo cannot pass silently; every message names the file and key.
"""

from __future__ import annotations

import re
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


class ThemeError(ValueError):
    """A theme file that cannot be read or does not make a theme (the message says why)."""


COLOUR_KEYS = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
    "warning",
    "error",
    "success",
)
APP_VARIABLES: tuple[str, ...] = tuple(_NAMED_FALLBACK)
"""Names of the app's own theme variables (`$week-weekend` and so on in CSS)."""
_KEYS = frozenset({"name", "dark", "text_alpha", "variables", *COLOUR_KEYS})
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


def _colour(value: object, key: str) -> str:
    if not isinstance(value, str):
        raise ThemeError(f"{key}: not a colour: {value!r}")
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeError(f"{key}: not a colour: {value!r}") from None
    return value


def _unknown(found: Collection[str], allowed: Collection[str], where: str) -> None:
    extra = sorted(set(found) - set(allowed))
    if extra:
        raise ThemeError(f"{where}unknown key{'s' if len(extra) > 1 else ''}: {', '.join(extra)}")


def theme_from_data(data: Mapping[str, Any]) -> Theme:
    """The theme a parsed file describes; `ThemeError` names the first key that is wrong."""
    _unknown(data, _KEYS, "")
    name = data.get("name")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ThemeError(f"name: lower-case letters, digits and dashes, not {name!r}")
    dark = data.get("dark")
    if not isinstance(dark, bool):
        raise ThemeError(f"dark: true or false, not {dark!r}")
    missing = [key for key in COLOUR_KEYS if key not in data]
    if missing:
        raise ThemeError(f"missing colour{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")
    colours = {key: _colour(data[key], key) for key in COLOUR_KEYS}
    variables = data.get("variables")
    if not isinstance(variables, dict):
        raise ThemeError("[variables]: a table of the app's colours is required")
    _unknown(variables, APP_VARIABLES, "[variables] ")
    absent = [key for key in APP_VARIABLES if key not in variables]
    if absent:
        raise ThemeError(f"[variables] missing: {', '.join(absent)}")
    own = {key: _colour(variables[key], f"[variables] {key}") for key in APP_VARIABLES}
    theme = Theme(
        name=name,
        dark=dark,
        variables=own,
        primary=colours["primary"],
        secondary=colours["secondary"],
        accent=colours["accent"],
        foreground=colours["foreground"],
        background=colours["background"],
        surface=colours["surface"],
        panel=colours["panel"],
        boost=colours["boost"],
        warning=colours["warning"],
        error=colours["error"],
        success=colours["success"],
    )
    alpha = data.get("text_alpha")
    if alpha is not None:
        if isinstance(alpha, bool) or not isinstance(alpha, int | float) or not 0 <= alpha <= 1:
            raise ThemeError(f"text_alpha: a number from 0 to 1, not {alpha!r}")
        theme.text_alpha = float(alpha)
    return theme


def load_theme(path: Path) -> Theme:
    """The Textual theme in `path`; `ThemeError` if it cannot be read or is invalid."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ThemeError(f"{path}: {exc}") from exc
    try:
        theme = theme_from_data(data)
    except ThemeError as exc:
        raise ThemeError(f"{path}: {exc}") from None
    if theme.name != path.stem:
        raise ThemeError(f"{path}: name {theme.name!r} does not match the file name")
    return theme


def quick_theme(name: str, folder: Path | None = None) -> Theme | None:
    """The theme file `name` as a Textual theme, or None when it does not make one."""
    try:
        return load_theme((themes_dir() if folder is None else folder) / f"{name}.toml")
    except ThemeError:
        return None


@cache
def variable_defaults() -> dict[str, str]:
    """Fallbacks for the app's variables (the default theme's), for any theme lacking them."""
    theme = quick_theme(DEFAULT_THEME)
    if theme is None:
        return dict(_NAMED_FALLBACK)
    return dict(theme.variables)
