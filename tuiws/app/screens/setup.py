"""The first-run setup screen: shown by `tuiws` when there is no configuration yet.

It asks where Jira is (and says which flavor it found), who you are there, and where the token
comes from; then it signs in as the finished profile would and writes `config.toml`. Every
step runs in a worker that calls `tuiws.services.setup`; the screen itself reads and writes
nothing. A typed token goes to a 0600 file beside the configuration, never into it.

| key | action |
|---|---|
| `enter` | in the URL field: find the Jira; in the later fields: check and save |
| `tab` / `shift+tab` | next / previous field |
| `escape` | quit without writing anything |
"""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, RadioButton, RadioSet, Static

from tuiws.config import Secret
from tuiws.services.setup import (
    DEFAULT_PROFILE,
    DEFAULT_TOKEN_ENV,
    Answers,
    FirstRunSetup,
    SetupError,
    Site,
    TokenKind,
    Written,
    check_login,
    token_source,
    typed_token,
)

_SOURCES: dict[str, TokenKind] = {
    "source-env": "env",
    "source-file": "file",
    "source-command": "command",
}


class SetupScreen(Screen[Written | None]):
    """Jira URL → flavor found → email or username → token source → signed in → written."""

    BINDINGS = [Binding("escape", "cancel", "Quit without writing", id="setup.cancel")]

    DEFAULT_CSS = """
    SetupScreen > VerticalScroll { padding: 0 2; }
    SetupScreen .title { text-style: bold; margin-top: 1; }
    SetupScreen .intro { color: $text-muted; margin-bottom: 1; }
    SetupScreen Label { margin-top: 1; }
    SetupScreen #site { color: $success; }
    SetupScreen .hint { color: $text-muted; }
    SetupScreen #status { margin: 1 0; }
    SetupScreen #status.error { color: $error; }
    SetupScreen #status.ok { color: $success; }
    SetupScreen .later { display: none; }
    SetupScreen.found .later { display: block; }
    SetupScreen.found .source-input { display: none; }
    SetupScreen.found.source-env #token-env,
    SetupScreen.found.source-file #token,
    SetupScreen.found.source-command #token-command { display: block; }
    SetupScreen #done { display: none; }
    SetupScreen.written #done { display: block; }
    """

    def __init__(self, setup: FirstRunSetup, profile: str = DEFAULT_PROFILE) -> None:
        super().__init__()
        self.first_run = setup
        self.profile_name = profile
        self.site: Site | None = None
        self.written: Written | None = None

    def compose(self) -> ComposeResult:
        token_file = self.first_run.default_token_file(self.profile_name)
        with VerticalScroll():
            yield Static("Set up tuiws", classes="title")
            yield Static(
                f"No configuration yet. These answers become {self.first_run.config_file}; "
                "escape quits without writing anything.",
                classes="intro",
            )
            yield Label("Jira URL (enter to find it)")
            yield Input(placeholder="e.g. your-site.atlassian.net", id="url")
            yield Static("", id="site", classes="later")
            yield Label("Email", id="login-label", classes="later")
            yield Input(id="login", classes="later")
            yield Label("Where the token comes from", classes="later")
            with RadioSet(id="source", classes="later"):
                yield RadioButton("An environment variable", id="source-env", value=True)
                yield RadioButton(
                    "A file tuiws writes for you, readable by you alone", id="source-file"
                )
                yield RadioButton("A command that prints it", id="source-command")
            yield Input(
                value=DEFAULT_TOKEN_ENV,
                placeholder="the variable's NAME, e.g. JIRA_API_TOKEN",
                id="token-env",
                classes="later source-input",
            )
            yield Input(
                password=True,
                placeholder=f"the token (not shown); saved to {token_file}",
                id="token",
                classes="later source-input",
            )
            yield Input(
                placeholder="e.g. pass show jira", id="token-command", classes="later source-input"
            )
            yield Static("", id="token-hint", classes="later hint")
            yield Button("Check and save", id="save", variant="primary", classes="later")
            yield Static("", id="status")
            yield Button("Start tuiws", id="done", variant="success")
        yield Footer()

    def on_mount(self) -> None:
        self.add_class("source-env")
        self.query_one("#url", Input).focus()

    # -- steps ----------------------------------------------------------------------------------

    def _say(self, text: str, kind: str = "") -> None:
        status = self.query_one("#status", Static)
        status.update(text)
        status.set_class(kind == "error", "error")
        status.set_class(kind == "ok", "ok")
        if text:
            status.scroll_visible()

    @on(Input.Submitted, "#url")
    def _url_entered(self) -> None:
        self.find_site(self.query_one("#url", Input).value)

    @work(exclusive=True, group="setup-detect", exit_on_error=False)
    async def find_site(self, text: str) -> None:
        self._say("Asking the Jira which kind it is…")
        try:
            site = await self.first_run.detect(text)
        except SetupError as exc:
            self._say(str(exc), "error")
            return
        self.site = site
        self.query_one("#site", Static).update(f"Found {site.describe()}.")
        self.query_one("#login-label", Label).update(site.login_label.capitalize())
        self.query_one("#login", Input).placeholder = (
            "you@example.com" if site.login_label == "email" else "your Jira username"
        )
        self.query_one("#token-hint", Static).update(site.token_hint())
        self.add_class("found")
        self._say("")
        self.query_one("#login", Input).focus()

    @on(RadioSet.Changed, "#source")
    def _source_chosen(self, event: RadioSet.Changed) -> None:
        for name in _SOURCES:
            self.set_class(event.pressed.id == name, name)

    def _token_kind(self) -> TokenKind:
        pressed = self.query_one("#source", RadioSet).pressed_button
        return _SOURCES.get(pressed.id or "", "env") if pressed is not None else "env"

    @on(Input.Submitted, "#login, #token-env, #token, #token-command")
    @on(Button.Pressed, "#save")
    def _save_requested(self) -> None:
        if self.site is None or self.written is not None:
            return
        try:
            answers, typed = self._answers(self.site)
        except SetupError as exc:
            self._say(str(exc), "error")
            return
        self.check_and_write(answers, typed)

    def _answers(self, site: Site) -> tuple[Answers, Secret | None]:
        login = check_login(site, self.query_one("#login", Input).value)
        kind = self._token_kind()
        typed: Secret | None = None
        if kind == "env":
            source = token_source("env", self.query_one("#token-env", Input).value)
        elif kind == "command":
            source = token_source("command", self.query_one("#token-command", Input).value)
        else:
            typed = typed_token(
                self.query_one("#token", Input).value, source="the setup's token field"
            )
            source = token_source("file", str(self.first_run.default_token_file(self.profile_name)))
        return Answers(self.profile_name, site, login, source), typed

    @work(exclusive=True, group="setup-save", exit_on_error=False)
    async def check_and_write(self, answers: Answers, typed: Secret | None) -> None:
        self._say(f"Signing in to {answers.site.url}…")
        try:
            signed_in = await self.first_run.check(answers, typed)
            written = await self._write(answers, typed)
        except SetupError as exc:
            self._say(f"{exc}\nNothing was written.", "error")
            return
        except OSError as exc:
            self._say(f"cannot write {exc.filename}: {exc.strerror}\nNothing was written.", "error")
            return
        self.written = written
        self.query_one("#token", Input).value = ""  # the token now lives in its 0600 file only
        saved = f"Wrote {written.config}"
        if written.token_file is not None:
            saved += f" and the token to {written.token_file}"
        self._say(f"✓ {signed_in.describe()}\n{saved} (readable by you alone).", "ok")
        self.add_class("written")
        self.query_one("#done", Button).focus()

    async def _write(self, answers: Answers, typed: Secret | None) -> Written:
        return await asyncio.to_thread(self.first_run.write, answers, typed)

    @on(Button.Pressed, "#done")
    def _start(self) -> None:
        self.dismiss(self.written)

    def action_cancel(self) -> None:
        self.dismiss(self.written)


class SetupApp(App[Written | None]):
    """Hosts the setup screen alone; `tuiws` opens the timesheet once it has written the file."""

    TITLE = "tuiws setup"

    def __init__(self, setup: FirstRunSetup, profile: str = DEFAULT_PROFILE) -> None:
        super().__init__()
        self.first_run = setup
        self.profile_name = profile

    def on_mount(self) -> None:
        self.push_screen(SetupScreen(self.first_run, self.profile_name), callback=self.exit)
