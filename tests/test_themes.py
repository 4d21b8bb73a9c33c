"""Theme files: each validates, defines the app's variables, and can be switched to; no hex
colours anywhere in the package's CSS."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual.widgets import Static

import tuiws
from tuiws.app import theme_files
from tuiws.app.themes import (
    APP_VARIABLES,
    DEFAULT_THEME,
    NO_COLOR_THEME,
    THEME_VARIABLE_DEFAULTS,
    ThemeError,
    available_themes,
    choose_theme,
    load_theme,
    register_themes,
    themes_dir,
)

PACKAGE = Path(tuiws.__file__).resolve().parent
THEME_FILES = sorted(themes_dir().glob("*.toml"))
EXPECTED = {"tuiws-dark", "tuiws-light", "tuiws-high-contrast"}


def test_themes_dir_is_the_source_tree_in_a_checkout() -> None:
    assert themes_dir() == PACKAGE.parent / "themes"
    assert {p.stem for p in THEME_FILES} == EXPECTED


@pytest.mark.parametrize("path", THEME_FILES, ids=lambda p: p.stem)
def test_theme_file_validates_and_converts(path: Path) -> None:
    theme = load_theme(path)
    assert theme.name == path.stem
    colours = theme.to_color_system().generate()
    assert colours["background"] and colours["foreground"]
    assert set(theme.variables) == set(APP_VARIABLES)
    for name in APP_VARIABLES:
        Color.parse(theme.variables[name])


def test_available_themes_and_defaults() -> None:
    assert {t.name for t in available_themes()} == EXPECTED
    assert DEFAULT_THEME in EXPECTED and NO_COLOR_THEME in EXPECTED
    dark = load_theme(themes_dir() / f"{DEFAULT_THEME}.toml")
    assert dark.variables == THEME_VARIABLE_DEFAULTS
    assert (
        set(THEME_VARIABLE_DEFAULTS)
        == set(APP_VARIABLES)
        == {
            "week-weekend",
            "week-today",
            "week-under",
            "week-over",
            "week-ok",
            "backoff",
        }
    )


def test_named_fallback_defaults_are_colours_in_textual_and_rich() -> None:
    from rich.style import Style

    assert set(theme_files._NAMED_FALLBACK) == set(APP_VARIABLES)
    for value in theme_files._NAMED_FALLBACK.values():
        Color.parse(value)
        Style.parse(f"bold {value} on {value}")


def _contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""

    def luminance(colour: str) -> float:
        c = Color.parse(colour)

        def channel(v: int) -> float:
            s = v / 255
            return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def colours_of(name: str) -> dict[str, str]:
    """A theme file's colours and app variables by key, as the reader made them."""
    theme = load_theme(themes_dir() / f"{name}.toml")
    found = {key: getattr(theme, key) for key in theme_files.COLOUR_KEYS}
    assert all(isinstance(value, str) for value in found.values())
    return {**found, **theme.variables}


def test_high_contrast_reads_without_colour() -> None:
    hc = colours_of(NO_COLOR_THEME)
    assert _contrast(hc["foreground"], hc["background"]) >= 15
    for key in ("week-weekend", "week-under", "week-over", "week-ok", "warning", "error"):
        assert _contrast(hc[key], hc["background"]) >= 7, key
    assert _contrast(hc["foreground"], hc["week-today"]) >= 7  # today's marker under white text
    assert _contrast(hc["backoff"], hc["panel"]) >= 7  # the countdown on the status bar


@pytest.mark.parametrize("name", ["tuiws-dark", "tuiws-light"])
def test_ordinary_themes_have_readable_text(name: str) -> None:
    theme = colours_of(name)
    assert _contrast(theme["foreground"], theme["background"]) >= 7
    assert _contrast(theme["foreground"], theme["panel"]) >= 7


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _dark_text() -> str:
    return (themes_dir() / f"{DEFAULT_THEME}.toml").read_text(encoding="utf-8")


def test_unknown_keys_are_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path, DEFAULT_THEME, _dark_text().replace("dark = true", "dark = true\nx = 1")
    )
    with pytest.raises(ThemeError, match="x"):
        load_theme(path)
    extra_var = _dark_text() + 'week-holiday = "red"\n'
    with pytest.raises(ThemeError, match="week-holiday"):
        load_theme(_write(tmp_path, DEFAULT_THEME, extra_var))


def test_bad_colours_missing_variables_and_misnamed_files_are_refused(tmp_path: Path) -> None:
    bad = re.sub(r'backoff = "[^"]*"', 'backoff = "not-a-colour"', _dark_text())
    with pytest.raises(ThemeError, match="not a colour"):
        load_theme(_write(tmp_path, DEFAULT_THEME, bad))
    missing = re.sub(r"week-ok = .*\n", "", _dark_text())
    with pytest.raises(ThemeError, match="week-ok"):
        load_theme(_write(tmp_path, DEFAULT_THEME, missing))
    with pytest.raises(ThemeError, match="does not match"):
        load_theme(_write(tmp_path, "other-name", _dark_text()))
    with pytest.raises(ThemeError):
        load_theme(_write(tmp_path, "broken", "name = "))


def test_available_themes_skips_broken_files(tmp_path: Path) -> None:
    _write(tmp_path, DEFAULT_THEME, _dark_text())
    _write(tmp_path, "broken", "name = 'broken'\n")
    assert [t.name for t in available_themes(tmp_path)] == [DEFAULT_THEME]


def test_each_key_is_checked_and_named(tmp_path: Path) -> None:
    good = _dark_text()
    for bad, named in (
        (good.replace("dark = true", 'dark = "yes"'), "dark"),
        (good.replace('name = "tuiws-dark"', 'name = "Tuiws Dark"'), "name"),
        (re.sub(r"primary = .*\n", "", good), "missing colour: primary"),
        (good.replace('primary = "', "primary = 5 #"), "primary: not a colour"),
        (good.replace("dark = true", "dark = true\ntext_alpha = 2"), "text_alpha"),
        (good.split("\n[variables]")[0], "[variables]"),
    ):
        with pytest.raises(ThemeError, match=re.escape(named)):
            load_theme(_write(tmp_path, DEFAULT_THEME, bad))


# -- choosing -----------------------------------------------------------------------------------


def test_no_color_picks_high_contrast() -> None:
    assert choose_theme("tuiws-light", "tuiws-dark", {"NO_COLOR": "1"}) == NO_COLOR_THEME
    assert choose_theme(None, None, {"NO_COLOR": "yes"}) == NO_COLOR_THEME


def test_empty_no_color_is_ignored() -> None:
    assert choose_theme(None, "tuiws-light", {"NO_COLOR": ""}) == "tuiws-light"


def test_saved_beats_config_beats_default() -> None:
    assert choose_theme("tuiws-light", "tuiws-high-contrast", {}) == "tuiws-light"
    assert choose_theme(None, "tuiws-high-contrast", {}) == "tuiws-high-contrast"
    assert choose_theme(None, None, {}) == DEFAULT_THEME


def test_unknown_names_fall_back() -> None:
    assert choose_theme("gone-theme", None, {}) == DEFAULT_THEME
    assert choose_theme("gone-theme", "tuiws-light", {}) == "tuiws-light"
    assert choose_theme(None, "typo-theme", {}) == DEFAULT_THEME
    assert choose_theme("x", "y", {}, known={"x"}) == "x"


def test_textual_builtin_themes_are_known() -> None:
    assert choose_theme(None, "nord", {}) == "nord"


# -- in an app ------------------------------------------------------------------------------------


class ThemedApp(App[None]):
    CSS = """
    #probe { color: $backoff; background: $week-today; }
    """

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(THEME_VARIABLE_DEFAULTS)

    def compose(self) -> ComposeResult:
        yield Static("probe", id="probe")

    def on_mount(self) -> None:
        register_themes(self)


async def test_app_switches_to_each_theme() -> None:
    app = ThemedApp()
    async with app.run_test(size=(80, 24)) as pilot:
        for path in THEME_FILES:
            expected = load_theme(path)
            app.theme = expected.name
            await pilot.pause()
            assert app.current_theme.name == expected.name
            assert app.theme_variables["backoff"] == expected.variables["backoff"]
            probe = app.query_one("#probe")
            assert probe.styles.color == Color.parse(expected.variables["backoff"])
        # A Textual theme without our variables falls back to the defaults.
        app.theme = "textual-light"
        await pilot.pause()
        assert app.theme_variables["backoff"] == THEME_VARIABLE_DEFAULTS["backoff"]


# -- no hex colours outside themes/ ----------------------------------------------------------------

HEX = re.compile(r"#[0-9a-fA-F]{3,8}\b")
HEX_IN_PYTHON = re.compile(r"(?<![\w#&])#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6})\b")
CSS_ATTRIBUTES = {"CSS", "DEFAULT_CSS"}


def css_values(css: str) -> list[str]:
    """The values of declarations in `css` (not selectors, so `#add { ... }` is fine)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    values: list[str] = []
    buffer: list[str] = []
    for char in css:
        if char in "{;}":
            text = "".join(buffer)
            if char != "{" and ":" in text:
                values.append(text.split(":", 1)[1])
            buffer = []
        else:
            buffer.append(char)
    return values


def css_hexes(css: str) -> list[str]:
    return [hit for value in css_values(css) for hit in HEX.findall(value)]


def python_hexes(source: str) -> list[str]:
    """Hex colours in a module's CSS strings, and 6/8-digit ones in any other string."""
    tree = ast.parse(source)
    docstrings: set[int] = set()
    css_strings: set[int] = set()
    hits: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        names = {t.id for t in targets if isinstance(t, ast.Name)}
        value = getattr(node, "value", None)
        if (
            names & CSS_ATTRIBUTES
            and isinstance(value, ast.Constant)
            and isinstance(value.value, str)
        ):
            css_strings.add(id(value))
            hits += css_hexes(value.value)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings | css_strings
        ):
            hits += HEX_IN_PYTHON.findall(node.value)
    return hits


def test_the_hex_scanner_finds_colours_not_selectors() -> None:
    css = """
    #add, #bed:focus { color: #fff; background: $panel; }
    $my-colour: #123456;
    Foo { &.-x #cafe { border: tall #abcdef80; } }
    /* #ffffff in a comment */
    """
    assert css_hexes(css) == ["#fff", "#123456", "#abcdef80"]
    source = (
        '"""Doc mentions #ff0000."""\n'
        'class W:\n    DEFAULT_CSS = """W { color: #0f0; }"""\n'
        'STYLE = "bold on #102030"\n'
        'QUERY = "#add"\n'
        "LINK = '&#160;'\n"
    )
    assert python_hexes(source) == ["#0f0", "#102030"]


def test_no_hex_colours_in_the_package() -> None:
    found: list[str] = []
    for path in sorted(PACKAGE.rglob("*.tcss")):
        found += [f"{path.relative_to(PACKAGE)}: {h}" for h in css_hexes(path.read_text())]
    for path in sorted(PACKAGE.rglob("*.py")):
        hits = python_hexes(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(PACKAGE)}: {h}" for h in hits]
    assert not found, "hex colours belong in themes/: " + ", ".join(found)


def test_the_grids_defaults_are_the_ui_configs() -> None:
    """The app builds no `UiConfig()` at start (its models are slow to build), so the grid's
    and the plain settings' own defaults must say the same thing."""
    from tuiws.app.widgets.week_grid import GridLook
    from tuiws.config import UiConfig
    from tuiws.config.ui_settings import UiSettings

    assert UiSettings() == UiSettings.from_config(UiConfig())
    assert GridLook() == GridLook.from_ui(UiSettings.from_config(UiConfig()))


@pytest.mark.parametrize("path", THEME_FILES, ids=lambda p: p.stem)
def test_the_first_frame_finds_each_shipped_theme_by_name(path: Path) -> None:
    quick = theme_files.quick_theme(path.stem)
    assert quick is not None and quick.name == path.stem
    assert set(quick.variables) == set(APP_VARIABLES)


def test_the_quick_read_passes_over_what_validation_refuses(tmp_path: Path) -> None:
    good = _dark_text()
    assert theme_files.quick_theme(DEFAULT_THEME, _write(tmp_path, DEFAULT_THEME, good).parent)
    for bad in (
        good.replace("dark = true", "dark = true\nx = 1"),  # unknown key
        good.replace('backoff = "', 'nonsense = "'),  # a variable renamed
        good.replace('primary = "', 'primary = "not-a-colour" #'),  # a colour Textual refuses
    ):
        folder = _write(tmp_path, DEFAULT_THEME, bad).parent
        assert theme_files.quick_theme(DEFAULT_THEME, folder) is None
        with pytest.raises(ThemeError):
            load_theme(folder / f"{DEFAULT_THEME}.toml")


def test_variable_defaults_are_the_default_themes() -> None:
    assert theme_files.variable_defaults() == THEME_VARIABLE_DEFAULTS


async def test_missing_theme_files_fall_back_to_a_builtin_with_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken install (no theme files anywhere) still opens, on Textual's default theme."""
    from tests.ui.app_harness import build_app, until
    from tuiws.app import theme_files
    from tuiws.emulator import JiraEmulator

    empty = tmp_path / "no-themes"
    empty.mkdir()
    monkeypatch.setattr(theme_files, "themes_dir", lambda: empty)
    with JiraEmulator("cloud") as emu:
        app = build_app(emu, tmp_path)
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await until(pilot, lambda: app.home.grid.week is not None)
            assert app.theme == theme_files.FALLBACK_THEME
            await until(pilot, lambda: bool(app._notifications))
            said = " ".join(n.message for n in app._notifications)
            assert "'tuiws-dark' could not be found" in said
