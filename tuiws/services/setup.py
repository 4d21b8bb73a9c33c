"""First-run setup: from a Jira URL and a token source to a checked, written `config.toml`.

Used by the setup screen (in its workers) and by `tuiws init`; nothing here knows Textual or
a terminal. The steps, in order:

1. `detect(url)`: ask the anonymous `serverInfo` which flavor the site is (Cloud or
   Server/Data Center), so the next question can be "email" or "username".
2. `check(answers, typed)`: sign in as the finished profile would, and say as whom.
3. `write(answers, typed)`: the token file (when tuiws keeps the token) and then `config.toml`,
   each written atomically with mode 0600. Nothing is written unless the check passed.

The token never goes into `config.toml`: the file names an environment variable, a token file
or a command. A typed token exists only as a `Secret` and in the 0600 token file.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from tuiws.backends.base import Connection
from tuiws.backends.errors import BackendError, Unauthenticated
from tuiws.config import Config, ConfigError, ResolvedProfile, Secret, resolve_profile
from tuiws.config.urls import normalise_url
from tuiws.domain.models import Flavor
from tuiws.logfile import redact
from tuiws.services.session import connect

TokenKind = Literal["env", "file", "command"]
OpenConnection = Callable[[ResolvedProfile], Connection]
"""How the composition root builds a profile's connection (`tuiws.factory.build_connection`)."""

DEFAULT_PROFILE = "default"
DEFAULT_TOKEN_ENV = "JIRA_API_TOKEN"
CLOUD_TOKEN_PAGE = "https://id.atlassian.com/manage-profile/security/api-tokens"

_PROFILE_NAME_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
_ENV_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class SetupError(Exception):
    """A step of the setup cannot go on; the message says why and never holds a token."""


class AnswerRefused(SetupError):
    """An answer cannot be used as given (a malformed URL, an unset variable, a failing token
    command): the person must change it. Jira did not refuse anything."""


class ConfigExists(AnswerRefused):
    """A file the setup would write is already there (replace it only when told to)."""


@dataclass(frozen=True)
class Site:
    """What the anonymous `serverInfo` said about a Jira."""

    url: str
    """Normalised base URL."""
    flavor: Flavor
    title: str
    version: str

    def describe(self) -> str:
        kind = "Jira Cloud" if self.flavor is Flavor.CLOUD else "Jira Server/Data Center"
        words = [kind, self.version, f"({self.title})" if self.title else "", "at", self.url]
        return " ".join(word for word in words if word)

    @property
    def login_label(self) -> str:
        """What the sign-in asks for next to the token on this flavor."""
        return "email" if self.flavor is Flavor.CLOUD else "username"

    def token_hint(self) -> str:
        """Where a person gets a token for this flavor."""
        if self.flavor is Flavor.CLOUD:
            return f"Create an API token at {CLOUD_TOKEN_PAGE} (sent with your account email)."
        return (
            "Create a personal access token in Jira: your avatar → Profile → "
            "Personal Access Tokens (sent as a Bearer token)."
        )


@dataclass(frozen=True)
class TokenSource:
    """Where the finished profile reads its token: `kind` with the variable's name, the
    file's path, or the command."""

    kind: TokenKind
    where: str


@dataclass(frozen=True)
class Answers:
    """Everything the setup asked, the token aside."""

    profile: str
    site: Site
    login: str
    """Cloud: the account email. Server/DC: the username."""
    token: TokenSource


@dataclass(frozen=True)
class SignedIn:
    """Who the check signed in as."""

    display_name: str
    login: str
    zone: str

    def describe(self) -> str:
        return f"Signed in as {self.display_name} ({self.login}); days are counted in {self.zone}."


@dataclass(frozen=True)
class Written:
    config: Path
    token_file: Path | None


def site_url(text: str) -> str:
    """The base URL a person typed, `https://` added when they left the scheme out."""
    raw = text.strip()
    if raw and "://" not in raw:
        raw = f"https://{raw}"
    try:
        return normalise_url(raw)
    except ValueError as exc:
        raise AnswerRefused(str(exc)) from None


def check_login(site: Site, text: str) -> str:
    """The email (Cloud) or username (Server/DC) as typed, checked for its shape."""
    login = text.strip()
    if not login:
        raise AnswerRefused(f"type your {site.login_label}")
    if site.flavor is Flavor.CLOUD and "@" not in login:
        raise AnswerRefused("Jira Cloud signs in with your account email (name@example.com)")
    if any(ch.isspace() for ch in login):
        raise AnswerRefused(f"the {site.login_label} cannot contain spaces")
    return login


def check_profile_name(name: str) -> str:
    name = name.strip()
    if not _PROFILE_NAME_RE.fullmatch(name):
        raise AnswerRefused(
            f"profile name {name!r}: use letters, digits, '-' and '_' (up to 64), e.g. work"
        )
    return name


class FirstRunSetup:
    """The setup's steps over one configuration directory and one environment."""

    def __init__(
        self, config_file: Path, environ: Mapping[str, str], open_connection: OpenConnection
    ) -> None:
        self.config_file = config_file
        self._environ = environ
        self._open = open_connection

    def default_token_file(self, profile: str) -> Path:
        """Where tuiws keeps a typed token: beside `config.toml`, one file a profile."""
        return self.config_file.parent / f"{profile}.token"

    def existing(self) -> Path | None:
        """The `config.toml` already there, if any (the setup replaces it only when forced)."""
        return self.config_file if self.config_file.exists() else None

    async def detect(self, url_text: str, *, ca_bundle: Path | None = None) -> Site:
        """Which Jira answers at the URL typed (no sign-in: `serverInfo` is anonymous)."""
        return await _ask_server_info(self._open, site_url(url_text), ca_bundle)

    def profile(self, answers: Answers, typed: Secret | None = None) -> ResolvedProfile:
        """The profile `config.toml` will hold, resolved as every command resolves it, with
        `typed` as its token when tuiws is to keep the token in a file."""
        table = profile_table(answers)
        try:
            config = Config.model_validate({"profiles": {answers.profile: table}})
        except ValidationError as exc:
            # Only locations and messages: pydantic's `input` may be a pasted token.
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'][2:]) or 'profile'}: {e['msg']}"
                for e in exc.errors()
            )
            raise AnswerRefused(problems) from None
        env: dict[str, str] = {}
        if answers.token.kind == "env" and answers.token.where in self._environ:
            env[answers.token.where] = self._environ[answers.token.where]
        try:
            resolved = resolve_profile(config, env, answers.profile)
        except ConfigError as exc:
            raise AnswerRefused(str(exc)) from None
        if typed is not None:
            resolved = replace(resolved, token=typed)
        return resolved

    async def check(self, answers: Answers, typed: Secret | None = None) -> SignedIn:
        """Sign in with the answers; `SetupError` says what Jira or the token source said."""
        if answers.token.kind == "file" and typed is None:
            where = Path(answers.token.where)
            if not where.is_file():
                raise AnswerRefused(f"token file {where} does not exist; type the token instead")
        if typed is not None:
            redact(typed)
        profile = self.profile(answers, typed)
        redact(profile.token)
        signed_in = await _sign_in(self._open, profile, answers)
        if answers.site.flavor is Flavor.SERVER and signed_in.login != answers.login.lower():
            raise SetupError(
                f"the token signs in as {signed_in.display_name} ({signed_in.login}), "
                f"not as {answers.login}"
            )
        return signed_in

    def write(
        self, answers: Answers, typed: Secret | None = None, *, force: bool = False
    ) -> Written:
        """Write the token file (when `typed`) and `config.toml`, both 0600, atomically."""
        token_file = Path(answers.token.where) if answers.token.kind == "file" else None
        targets = [self.config_file] + ([token_file] if typed and token_file else [])
        if not force:
            for target in targets:
                if target.exists():
                    raise ConfigExists(f"{target} already exists; replace it with --force")
        if typed is not None and token_file is not None:
            write_private(token_file, typed.reveal() + "\n")
        write_private(self.config_file, render_config(answers))
        return Written(self.config_file, token_file)


# -- the only calls to Jira, through the connection the composition root builds -------------


PROBE_RETRY_BUDGET_SECONDS = 4.0
"""A person who typed a URL waits seconds, not the minute a timesheet request may retry."""


async def _ask_server_info(
    open_connection: OpenConnection, url: str, ca_bundle: Path | None
) -> Site:
    probe = ResolvedProfile(
        name="setup",
        url=url,
        flavor=None,
        email=None,
        auth="auto",
        zone=None,
        tracking_override=None,
        week_start="monday",
        ca_bundle=ca_bundle,
        token=Secret("", source="no token: serverInfo answers anonymously"),
        retry_budget_seconds=PROBE_RETRY_BUDGET_SECONDS,
    )
    try:
        async with open_connection(probe) as connection:
            facts = await connection.server()
    except BackendError as exc:
        raise SetupError(f"cannot reach Jira at {url}: {exc}") from None
    return Site(url, Flavor(facts.kind), facts.title, facts.version)


async def _sign_in(
    open_connection: OpenConnection, profile: ResolvedProfile, answers: Answers
) -> SignedIn:
    """Open a session as every command does; on Server/DC, `login` is the username."""
    try:
        async with open_connection(profile) as connection:
            session = await connect(connection, profile)
    except Unauthenticated as exc:
        who = f"{answers.site.login_label} {answers.login}"
        raise SetupError(
            f"Jira did not accept the token with {who} ({exc}). {answers.site.token_hint()}"
        ) from None
    except ConfigError as exc:  # the token command failed, the token file is open to others
        raise AnswerRefused(str(exc)) from None
    except BackendError as exc:
        raise SetupError(str(exc)) from None
    me = session.me
    # Cloud accounts carry an account id and sign in by email; Server/DC ones by username.
    login = me.email if me.account_id else me.name
    return SignedIn(me.display_name, (login or me.ident).lower(), session.zone_name)


# -- answers, checked as typed ------------------------------------------------------------------


def typed_token(text: str, *, source: str) -> Secret:
    """A token typed or pasted, as a `Secret`; refused (never quoted) when it cannot be one."""
    token = text.strip()
    if not token:
        raise AnswerRefused("no token typed")
    if any(ch.isspace() for ch in token) or not (token.isascii() and token.isprintable()):
        raise AnswerRefused(
            "the token has spaces, several lines or characters a token cannot have; "
            "paste the token alone"
        )
    return Secret(token, source=source)


def token_source(kind: TokenKind, where: str) -> TokenSource:
    """A token source as typed, checked: a variable's name, a file's path, a command."""
    where = where.strip()
    if kind == "env":
        if not _ENV_NAME_RE.fullmatch(where):
            # Never echoed: a person may have pasted the token where its variable's name goes.
            raise AnswerRefused(
                "the environment variable's name must be letters, digits and underscores "
                f"(e.g. {DEFAULT_TOKEN_ENV}), not the token itself"
            )
    elif kind == "file":
        if not where:
            raise AnswerRefused("say where the token file is")
        where = str(Path(where).expanduser().absolute())
    else:
        try:
            argv = shlex.split(where)
        except ValueError:
            raise AnswerRefused(
                "the command cannot be split into arguments (an unclosed quote?)"
            ) from None
        if not argv:
            raise AnswerRefused("say which command prints the token, e.g. pass show jira")
    return TokenSource(kind, where)


def profile_table(answers: Answers) -> dict[str, str]:
    """The `[profiles.NAME]` table's keys, in the order they are written."""
    table = {
        "url": answers.site.url,
        "flavor": answers.site.flavor.value,
        "email": answers.login.strip(),
    }
    key = {"env": "token_env", "file": "token_file", "command": "token_command"}
    table[key[answers.token.kind]] = answers.token.where
    return table


def render_config(answers: Answers) -> str:
    """`config.toml` for the answers: one profile, the default one."""
    name = check_profile_name(answers.profile)
    who = "account email" if answers.site.flavor is Flavor.CLOUD else "username"
    lines = [
        "# tuiws configuration, written by the first-run setup (`tuiws init`).",
        "# `tuiws locate config` prints where this file is; the README lists every setting.",
        "# Tokens never go in this file: token_env, token_file or token_command says where it is.",
        "",
        f"default_profile = {toml_string(name)}",
        "",
        f"[profiles.{name}]",
    ]
    comments = {"email": f"  # your {who}"}
    for key, value in profile_table(answers).items():
        lines.append(f"{key} = {toml_string(value)}{comments.get(key, '')}")
    return "\n".join(lines) + "\n"


def toml_string(value: str) -> str:
    """`value` as a TOML basic string."""
    out = ['"']
    for ch in value:
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def write_private(path: Path, text: str) -> None:
    """Write `path` readable by its owner alone (0600, its folder 0700 when created), through
    a temporary file in the same folder, so a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        if os.name == "posix":
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
