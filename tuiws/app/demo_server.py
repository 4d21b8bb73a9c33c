"""The demo's emulator in a process of its own.

Importing and seeding the emulator took a third of `tuiws --demo`'s start; in a child process
that work runs on another core while the app loads its services, and serving the app's
requests never competes with the app for its interpreter. The child
(`tuiws.app.demo_emulator`) answers over real loopback HTTP like any Jira, tells the app where
it listens and how to sign in (one JSON line, `DemoSite`), and stops when the app closes its
standard input, or dies: it never outlives the app.

The standard library (and the backends' plain error types) only: the app imports this before
its first frame.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict, dataclass
from typing import IO, Literal

from tuiws.backends.errors import Unreachable

DEMOS: dict[str, tuple[Literal["cloud", "server"], str]] = {
    "cloud": ("cloud", "jira"),
    "server": ("server", "jira"),
    "tempo": ("cloud", "tempo"),
    "everit": ("cloud", "everit"),
    "extender": ("server", "extender"),
}
"""`--demo NAME` → (the emulator's Jira flavor, the worklog backend the profile uses)."""


class DemoServerError(Unreachable):
    """The demo's emulator process did not start (its own error output says why)."""


@dataclass(frozen=True)
class DemoSite:
    """Where a demo emulator listens and the demo user's sign-in for each API it serves."""

    url: str
    flavor: Literal["cloud", "server"]
    email: str
    api_token: str
    """Jira Cloud's API token (Basic, with `email`)."""
    pat: str
    """Jira Server/DC's personal access token (Bearer)."""
    tempo_token: str
    everit_api_key: str
    everit_path: str
    """Everit's API path under `url`."""

    def to_line(self) -> str:
        return json.dumps(asdict(self)) + "\n"

    @classmethod
    def from_line(cls, line: str) -> DemoSite:
        fields = json.loads(line)
        flavor = "server" if fields["flavor"] == "server" else "cloud"
        return cls(**{**fields, "flavor": flavor})


def emulator_flavor(name: str) -> Literal["cloud", "server"]:
    """The Jira flavor `--demo NAME` runs (unknown names run the Cloud demo)."""
    return DEMOS.get(name, DEMOS["cloud"])[0]


class DemoServer:
    """The child process serving one demo; `site()` waits for it to listen."""

    def __init__(self, process: subprocess.Popen[str], flavor: Literal["cloud", "server"]):
        self.process = process
        self.flavor = flavor
        self._site: DemoSite | None = None

    @classmethod
    def spawn(cls, name: str) -> DemoServer:
        """Start the emulator `--demo NAME` runs (returns at once; it seeds and binds meanwhile)."""
        flavor = emulator_flavor(name)
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "tuiws.app.demo_emulator", flavor],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,  # the terminal's signals are the app's, not its
            )
        except OSError as exc:  # no interpreter to run it, or no process left to run it in
            raise DemoServerError(f"the demo's emulator did not start: {exc}") from exc
        return cls(process, flavor)

    def site(self) -> DemoSite:
        """Where it listens, once it does (blocks until then). Raises `DemoServerError`."""
        if self._site is None:
            line = _stream(self.process.stdout).readline()
            if not line:
                self.process.wait()
                problem = _stream(self.process.stderr).read().strip().splitlines()
                why = problem[-1] if problem else f"exit code {self.process.returncode}"
                raise DemoServerError(f"the demo's emulator did not start: {why}")
            self._site = DemoSite.from_line(line)
        return self._site

    @property
    def url(self) -> str:
        return self.site().url

    def close(self) -> None:
        """Stop it (closing its standard input is its signal) and wait for it to go."""
        if self.process.poll() is None:
            _stream(self.process.stdin).close()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


def _stream(stream: IO[str] | None) -> IO[str]:
    if stream is None:  # every stream is a pipe (`spawn`)
        raise DemoServerError("the demo's emulator has no pipe to talk through")
    return stream
