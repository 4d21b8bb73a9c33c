"""`tuiws init`: the first-run setup in the shell (the app shows the same steps as a screen).

Asks what the flags leave open (`input()`, and `getpass()` for a token, never echoed), checks
the sign-in against Jira, and only then writes `config.toml` (0600) and, when tuiws is to keep
the token, a 0600 token file beside it. `--yes` asks nothing: every answer comes from flags.
An existing `config.toml` is replaced only with `--force`.

Exit 0 when written; 2 for bad or missing answers and a refused overwrite; 1 when Jira could
not be reached or did not accept the sign-in. Nothing is written unless the exit is 0.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TextIO

from tuiws.cli.args import SafeArgumentParser
from tuiws.config import Secret
from tuiws.config.paths import config_file
from tuiws.factory import build_connection
from tuiws.services.setup import (
    DEFAULT_PROFILE,
    DEFAULT_TOKEN_ENV,
    AnswerRefused,
    Answers,
    ConfigExists,
    FirstRunSetup,
    SetupError,
    Site,
    TokenKind,
    TokenSource,
    check_login,
    check_profile_name,
    token_source,
    typed_token,
)

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2

Ask = Callable[[str], str]


def add_init_parser(sub: argparse._SubParsersAction[SafeArgumentParser]) -> None:
    init = sub.add_parser(
        "init",
        help="set up config.toml: Jira URL, sign-in and where the token comes from",
        description="Asks for what the flags leave open, checks the sign-in, then writes "
        "config.toml (readable by you alone). The token itself never goes in it.",
    )
    init.add_argument("--url", help="the Jira's base URL, e.g. https://your-site.atlassian.net")
    who = init.add_mutually_exclusive_group()
    who.add_argument("--email", help="Jira Cloud: your account email")
    who.add_argument("--username", help="Jira Server/Data Center: your username")
    token = init.add_mutually_exclusive_group()
    token.add_argument("--token-env", metavar="VAR", help="the NAME of a variable holding it")
    token.add_argument(
        "--token-file",
        metavar="PATH",
        help="a file holding it (chmod 600); when missing, the token is asked and written there",
    )
    token.add_argument("--token-command", metavar="CMD", help="a command printing it")
    init.add_argument(
        "--profile", dest="init_profile", metavar="NAME", help="the profile's name (default)"
    )
    init.add_argument("--yes", action="store_true", help="ask nothing; every answer from flags")
    init.add_argument("--force", action="store_true", help="replace an existing config.toml")


def run_init(
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    *,
    environ: Mapping[str, str] | None = None,
    path: Path | None = None,
    ask: Ask = input,
    ask_secret: Ask = getpass.getpass,
) -> int:
    env = os.environ if environ is None else environ
    setup = FirstRunSetup(path or config_file(), env, build_connection)
    dialog = _Dialog(args, out, ask, ask_secret, env.get("TUIWS_PROFILE", "").strip() or None)
    try:
        return asyncio.run(dialog.run(setup))
    except ConfigExists as exc:
        print(f"tuiws: {exc} (or edit it: `tuiws locate config` prints it)", file=err)
    except AnswerRefused as exc:
        print(f"tuiws: {exc}", file=err)
    except SetupError as exc:
        print(f"tuiws: {exc}", file=err)
        print("Nothing was written.", file=err)
        return EXIT_FAILED
    except EOFError:
        print("tuiws: no answer (end of input); pass the answers as flags with --yes", file=err)
    print("Nothing was written.", file=err)
    return EXIT_BAD_INPUT


class _Dialog:
    def __init__(
        self,
        args: argparse.Namespace,
        out: TextIO,
        ask: Ask,
        ask_secret: Ask,
        profile_from_env: str | None,
    ) -> None:
        self.args = args
        self.profile_from_env = profile_from_env
        self.out = out
        self._ask = ask
        self._ask_secret = ask_secret

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def answer(self, given: str | None, prompt: str, flag: str, default: str = "") -> str:
        """`given` (a flag's value), else what the person types; with --yes, `default`."""
        if given is not None:
            return given
        if self.args.yes:
            if default:
                return default
            raise AnswerRefused(f"{flag} is needed with --yes")
        shown = f"{prompt} [{default}]: " if default else f"{prompt}: "
        return self._ask(shown).strip() or default

    async def run(self, setup: FirstRunSetup) -> int:
        a = self.args
        existing = setup.existing()
        if existing is not None and not a.force:
            raise ConfigExists(f"{existing} already exists; replace it with --force")
        # The name every later command looks for: --profile, else TUIWS_PROFILE.
        chosen = a.init_profile or a.profile or self.profile_from_env or DEFAULT_PROFILE
        profile = check_profile_name(chosen)

        url = self.answer(a.url, "Jira URL (e.g. https://your-site.atlassian.net)", "--url")
        site = await setup.detect(url)
        self.say(f"Found {site.describe()}.")

        login_given = a.email if a.email is not None else a.username
        flag = "--email" if site.login_label == "email" else "--username"
        login = check_login(site, self.answer(login_given, site.login_label.capitalize(), flag))

        source, typed = self._token(setup, site, profile)
        answers = Answers(profile, site, login, source)
        signed_in = await setup.check(answers, typed)
        self.say(f"✓ {signed_in.describe()}")

        if not a.yes:
            reply = self._ask(f"Write {setup.config_file}? [Y/n] ").strip().lower()
            if reply not in ("", "y", "yes"):
                self.say("Nothing was written.")
                return EXIT_OK
        written = setup.write(answers, typed, force=a.force)
        if written.token_file is not None and typed is not None:
            self.say(f"Wrote the token to {written.token_file} (readable by you alone).")
        self.say(f"Wrote {written.config} (readable by you alone).")
        self.say("Next: `tuiws` opens your week; `tuiws doctor` checks everything.")
        return EXIT_OK

    def _token(
        self, setup: FirstRunSetup, site: Site, profile: str
    ) -> tuple[TokenSource, Secret | None]:
        """Where the token comes from, and the token itself when tuiws is to write its file."""
        a = self.args
        kind: TokenKind
        if a.token_env is not None:
            kind, where = "env", a.token_env
        elif a.token_file is not None:
            kind, where = "file", a.token_file
        elif a.token_command is not None:
            kind, where = "command", a.token_command
        elif a.yes:
            raise AnswerRefused(
                "say where the token comes from: --token-env, --token-file or --token-command"
            )
        else:
            self.say(site.token_hint())
            choice = (
                self._ask(
                    "Where does the token come from?\n"
                    "  1) an environment variable\n"
                    f"  2) a file tuiws writes for you ({setup.default_token_file(profile)}, "
                    "readable by you alone)\n"
                    "  3) a command that prints it (e.g. pass show jira)\n"
                    "Choose 1, 2 or 3 [1]: "
                ).strip()
                or "1"
            )
            kinds: dict[str, TokenKind] = {"1": "env", "2": "file", "3": "command"}
            if choice not in kinds:
                raise AnswerRefused(f"choose 1, 2 or 3 (got {choice[:10]!r})")
            kind = kinds[choice]
            if kind == "env":
                where = self.answer(
                    None, "Variable holding the token", "--token-env", DEFAULT_TOKEN_ENV
                )
            elif kind == "command":
                where = self.answer(None, "Command printing the token", "--token-command")
            else:
                where = str(setup.default_token_file(profile))
        source = token_source(kind, where)
        if kind != "file" or (a.token_file is not None and Path(source.where).exists()):
            return source, None
        if a.yes:
            raise AnswerRefused(
                f"token file {source.where} does not exist; without --yes the token is asked "
                "(not shown) and written there"
            )
        token = self._ask_secret(f"Token for {site.url} (not shown): ")
        return source, typed_token(token, source="the token typed into tuiws init")
