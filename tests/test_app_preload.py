"""The app's preload of modules in a worker thread: one import thread at a time, and nobody
waits behind it for a module that is already there."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tuiws.app import startup


def preloading(*modules: str) -> tuple[threading.Thread, threading.Event]:
    done = threading.Event()

    def run() -> None:
        startup.preload(*modules)
        done.set()

    worker = threading.Thread(target=run)
    worker.start()
    return worker, done


@pytest.fixture
def fresh_package(tmp_path: Path) -> Iterator[str]:
    """A package no test has imported, with one submodule `probe`."""
    name = f"preload_{tmp_path.name.replace('-', '_')}"
    (tmp_path / name).mkdir()
    (tmp_path / name / "__init__.py").write_text("")
    (tmp_path / name / "probe.py").write_text("LOADED = True\n")
    sys.path.insert(0, str(tmp_path))
    try:
        yield name
    finally:
        sys.path.remove(str(tmp_path))
        for module in [m for m in sys.modules if m.split(".")[0] == name]:
            del sys.modules[module]


def test_an_imported_module_is_not_waited_for_while_another_thread_imports() -> None:
    with startup._IMPORTING:  # another preload is importing (the themes, the services)
        worker, done = preloading("tuiws.domain.week")
        assert done.wait(timeout=5), "preload waited for the other thread's imports"
    worker.join()


def test_a_module_not_yet_imported_waits_its_turn_and_is_imported(fresh_package: str) -> None:
    name = f"{fresh_package}.probe"
    assert not startup.imported(name)
    with startup._IMPORTING:
        worker, done = preloading(name)
        assert not done.wait(timeout=0.2), "two threads imported at once"
    assert done.wait(timeout=5)
    worker.join()
    assert startup.imported(name) and sys.modules[name].LOADED
