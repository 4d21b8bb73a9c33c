"""Themes: one TOML file per theme in `themes/`, validated and turned into Textual themes.

A theme file holds Textual's colours plus a `[variables]` table with the app's own colours
(weekend, today, under/over target, backoff). Hex colours live only in those files.

Where the files are: inside an installed wheel they are packaged as `tuiws/_themes`; in a
checkout or an editable install they are the top-level `themes/` beside the package.
"""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from textual.app import App
from textual.color import Color, ColorParseError
from textual.theme import Theme

from tuiws.app.theme_files import (
    _NAMED_FALLBACK,
    DEFAULT_THEME,
    NO_COLOR_THEME,
    choose_theme,
    themes_dir,
)

__all__ = [
    "APP_VARIABLES",
    "DEFAULT_THEME",
    "NO_COLOR_THEME",
    "THEME_VARIABLE_DEFAULTS",
    "ThemeError",
    "ThemeFile",
    "ThemeVariables",
    "available_themes",
    "choose_theme",
    "load_theme",
    "read_theme_file",
    "register_themes",
    "themes_dir",
]

log = logging.getLogger(__name__)


class ThemeError(ValueError):
    """A theme file that cannot be read or does not validate."""


def _colour(value: str) -> str:
    try:
        Color.parse(value)
    except ColorParseError as exc:
        raise ValueError(f"not a colour: {value!r}") from exc
    return value


Colour = Annotated[str, AfterValidator(_colour)]
"""A colour Textual understands: `#rrggbb`, `rgb(...)`, `hsl(...)` or a colour name."""


class ThemeVariables(BaseModel):
    """The app's own colours, available to CSS as `$week-weekend` and so on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    week_weekend: Colour = Field(alias="week-weekend")
    """Text of weekend days (dimmed)."""
    week_today: Colour = Field(alias="week-today")
    """Background marking today's column."""
    week_under: Colour = Field(alias="week-under")
    """A day under its target."""
    week_over: Colour = Field(alias="week-over")
    """A day over the daily ceiling."""
    week_ok: Colour = Field(alias="week-ok")
    """A day within target and ceiling."""
    backoff: Colour
    """The rate-limit countdown in the status bar."""

    def as_css(self) -> dict[str, str]:
        """The variables by their CSS names (`week-weekend`, ...)."""
        return self.model_dump(by_alias=True)


APP_VARIABLES: tuple[str, ...] = tuple(
    field.alias or name for name, field in ThemeVariables.model_fields.items()
)
"""Names of the app's own theme variables."""


class ThemeFile(BaseModel):
    """One theme file. Unknown keys are refused so a typo cannot pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    """The theme's name, as used in config and the command palette; matches the file name."""
    dark: bool
    """Whether this is a dark theme (Textual derives shades differently for each)."""
    primary: Colour
    secondary: Colour
    accent: Colour
    foreground: Colour
    background: Colour
    surface: Colour
    panel: Colour
    boost: Colour
    warning: Colour
    error: Colour
    success: Colour
    text_alpha: float | None = Field(default=None, ge=0.0, le=1.0)
    """Opacity of ordinary text over its background (Textual's default: 0.95)."""
    variables: ThemeVariables
    """The app's own colours."""

    def to_theme(self) -> Theme:
        theme = Theme(
            name=self.name,
            dark=self.dark,
            primary=self.primary,
            secondary=self.secondary,
            accent=self.accent,
            foreground=self.foreground,
            background=self.background,
            surface=self.surface,
            panel=self.panel,
            boost=self.boost,
            warning=self.warning,
            error=self.error,
            success=self.success,
            variables=self.variables.as_css(),
        )
        if self.text_alpha is not None:
            theme.text_alpha = self.text_alpha
        return theme


def read_theme_file(path: Path) -> ThemeFile:
    """The validated contents of one theme file; `ThemeError` says what is wrong."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ThemeError(f"{path}: {exc}") from exc
    try:
        theme = ThemeFile.model_validate(data)
    except ValidationError as exc:
        raise ThemeError(f"{path}: {exc}") from exc
    if theme.name != path.stem:
        raise ThemeError(f"{path}: name {theme.name!r} does not match the file name")
    return theme


def load_theme(path: Path) -> Theme:
    """The Textual theme in `path`; `ThemeError` if it cannot be read or is invalid."""
    return read_theme_file(path).to_theme()


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
        return read_theme_file(themes_dir() / f"{DEFAULT_THEME}.toml").variables.as_css()
    except ThemeError as exc:
        log.warning("theme variable defaults: %s", exc)
        return dict(_NAMED_FALLBACK)


THEME_VARIABLE_DEFAULTS: dict[str, str] = _variable_defaults()
"""Fallbacks for the app's variables (from the default theme), for `get_theme_variable_defaults`:
they keep the app's CSS parsing under themes that do not define them (Textual's own)."""
