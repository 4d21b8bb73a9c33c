"""The token, as a `Secret` that never shows itself, and where it comes from.

Token sources, first configured wins: `TUIWS_TOKEN`, the profile's `token_env` variable,
`token_file` (refused unless only its owner can read it), `token_command` (run without a
shell). A file or command is only read on the first `token.reveal()`, and its failure raises
`CredentialError` from there.
"""

from __future__ import annotations

import hmac
import os
import shlex
import subprocess
import threading
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from tuiws.config.env_names import ENV_TOKEN
from tuiws.config.errors import CredentialError

__all__ = ["TOKEN_COMMAND_TIMEOUT", "Secret", "token_secret"]

TOKEN_COMMAND_TIMEOUT = 20.0
"""Seconds a `token_command` may take before it is killed."""


class TokenSources(Protocol):
    """Where a profile (or a Tempo/Everit section) says its token comes from."""

    @property
    def token_env(self) -> str | None: ...

    @property
    def token_file(self) -> Path | None: ...

    @property
    def token_command(self) -> str | None: ...


class Secret:
    """A token that never shows itself: `repr()`, `str()` and f-strings all give `Secret('****')`.

    `reveal()` returns the value. A lazy secret runs its loader on the first `reveal()` (once,
    thread-safe; a failure is not cached, so a later call retries). Two secrets are equal when
    their values are. The config's models hold one as `tuiws.config.models.SecretText`, which
    validates it from a string and dumps it as `****`.
    """

    __slots__ = ("_loader", "_lock", "_value", "source")

    def __init__(self, value: str, *, source: str = "") -> None:
        self._value: str | None = value
        self._loader: Callable[[], str] | None = None
        self._lock = threading.Lock()
        self.source = source
        """Where the value comes from, for messages ("TUIWS_TOKEN", "token_file ~/x")."""

    @classmethod
    def lazy(cls, loader: Callable[[], str], *, source: str) -> Secret:
        """A secret whose value `loader()` produces on first use."""
        secret = cls("", source=source)
        secret._value = None
        secret._loader = loader
        return secret

    @property
    def loaded(self) -> bool:
        """Whether the value is known yet (a lazy secret before its first `reveal()` is not)."""
        return self._value is not None

    def reveal(self) -> str:
        """The value. May raise `CredentialError` when a lazy source fails."""
        value = self._value
        if value is not None:
            return value
        with self._lock:
            if self._value is None:
                assert self._loader is not None
                self._value = self._loader()
            return self._value

    def __repr__(self) -> str:
        return "Secret('****')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self.reveal().encode(), other.reveal().encode())

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Secret:
        return self


def _show_var(name: str) -> str:
    # A "name" this long is likely the token pasted in by mistake: do not repeat it.
    if len(name) > 40:
        return "the variable named there (an unusually long name: is it the token itself?)"
    return name


def token_secret(
    profile_name: str,
    profile: TokenSources,
    env_token: Secret | None,
    named_tokens: Mapping[str, Secret],
) -> Secret:
    """The profile's token from the first configured source: `env_token` (`TUIWS_TOKEN`), the
    `token_env` variable (read into `named_tokens`), `token_file`, `token_command`."""
    where = f"profile {profile_name!r}"
    if env_token is not None:
        return env_token
    if profile.token_env:
        named = named_tokens.get(profile.token_env)
        if named is not None:
            return named
    if profile.token_file is not None:
        token_file = profile.token_file
        return Secret.lazy(
            partial(load_token_file, where, token_file), source=f"token_file {token_file}"
        )
    if profile.token_command is not None:
        command = profile.token_command
        program = Path(shlex.split(command)[0]).name
        return Secret.lazy(
            partial(load_token_command, where, command), source=f"token_command ({program})"
        )
    if profile.token_env:
        raise CredentialError(
            f"{where}: token_env names {_show_var(profile.token_env)}, "
            "which is not set (or is empty) in the environment"
        )
    raise CredentialError(
        f"{where} has no token. Set one of: {ENV_TOKEN} in the environment; or in the "
        'profile token_env = "VAR_NAME", token_file = "path/to/file" (chmod 600), '
        'or token_command = "pass show jira"'
    )


def _token_problem(raw: str) -> str | None:
    """What is wrong with a token as read, or None. Never quotes it."""
    token = raw.strip()
    if not token:
        return "is empty"
    if any(ch.isspace() for ch in token):
        return "has spaces or several lines; it must be a single line holding only the token"
    if not token.isascii() or not token.isprintable():
        return "contains characters a token cannot have"
    return None


def load_token_file(where: str, path: Path) -> str:
    if not path.exists():
        raise CredentialError(f"{where}: token_file {path} does not exist")
    if not path.is_file():
        raise CredentialError(f"{where}: token_file {path} is not a file")
    if os.name == "posix":
        mode = path.stat().st_mode
        if mode & 0o077:
            raise CredentialError(
                f"{where}: token_file {path} can be read by other users "
                f"(mode {mode & 0o777:o}); refusing to use it. Fix: chmod 600 {path}"
            )
    failure: str | None = None
    raw = ""
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        failure = "is not UTF-8 text"
    except OSError as exc:
        failure = f"cannot be read: {exc.strerror or type(exc).__name__}"
    if failure is None:
        failure = _token_problem(raw)
    if failure is not None:
        del raw
        raise CredentialError(f"{where}: the token in token_file {path} {failure}")
    return raw.strip()


def load_token_command(where: str, command: str) -> str:
    argv = shlex.split(command)
    program = Path(argv[0]).name
    failure: str | None = None
    result: subprocess.CompletedProcess[str] | None = None
    try:
        result = subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=TOKEN_COMMAND_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        failure = f"{program!r} was not found"
    except PermissionError:
        failure = f"{program!r} cannot be executed (permission denied)"
    except subprocess.TimeoutExpired:
        failure = f"did not finish within {TOKEN_COMMAND_TIMEOUT:g} seconds"
    except OSError as exc:
        failure = f"{program!r} could not be started: {exc.strerror or type(exc).__name__}"
    # Raised out here, not inside `except`: a chained TimeoutExpired would carry the output.
    if failure is not None or result is None:
        raise CredentialError(f"{where}: token_command failed: {failure}")
    code = result.returncode
    output = result.stdout
    del result
    if code != 0:
        del output
        raise CredentialError(
            f"{where}: token_command ({program}) failed with exit code {code}. "
            "Run it yourself to see why; its output is not shown because it may hold the token."
        )
    problem = _token_problem(output)
    if problem is not None:
        del output
        raise CredentialError(f"{where}: the token printed by token_command ({program}) {problem}")
    return output.strip()
