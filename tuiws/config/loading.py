"""Reading `config.toml`: `load_config()`, whose errors name the file, the line and the key,
and say in plain words what is wrong (never quoting a value, which might be a token).
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from pathlib import Path
from types import UnionType
from typing import Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from tuiws.config import paths
from tuiws.config.errors import ConfigError
from tuiws.config.models import Config, VendorApi
from tuiws.config.vendors import refuse_readable_inline_tokens

__all__ = ["load_config"]


def load_config(path: Path | None = None) -> Config:
    """Read and validate `path` (default: `paths.config_file()`); a missing file is empty.

    Raises `ConfigError` naming the file, the line and key, and what is wrong.
    """
    path = paths.config_file() if path is None else path
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    del raw
    if text is None:
        raise ConfigError(f"{path}: is not UTF-8 text")

    # Errors are raised outside the `except` blocks, so no parser or pydantic error (which
    # may quote values from the file) is chained onto the ConfigError.
    problem: str | None = None
    config: Config | None = None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problem = _describe_toml_error(str(exc))
    else:
        try:
            config = Config.model_validate(data)
        except ValidationError as exc:
            problem = _describe_validation_error(exc, text)
        del data
    del text
    if config is None:
        raise ConfigError(f"{path}: {problem}")
    refuse_readable_inline_tokens(path, config.profiles)
    return _anchor_paths(config, path.parent)


def _anchor_paths(config: Config, base: Path) -> Config:
    def anchored(value: Path | None) -> Path | None:
        if value is None or value.is_absolute():
            return value
        return base / value

    def anchored_api(api: VendorApi | None) -> VendorApi | None:
        if api is None:
            return None
        return api.model_copy(update={"token_file": anchored(api.token_file)})

    profiles = {
        name: profile.model_copy(
            update={
                "token_file": anchored(profile.token_file),
                "ca_bundle": anchored(profile.ca_bundle),
                "tempo": anchored_api(profile.tempo),
                "everit": anchored_api(profile.everit),
            }
        )
        for name, profile in config.profiles.items()
    }
    return config.model_copy(update={"profiles": profiles})


_TOML_POSITION_RE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def _describe_toml_error(message: str) -> str:
    match = _TOML_POSITION_RE.search(message)
    if match is None:
        return f"not valid TOML: {message}"
    what = message[: match.start()]
    return f"line {match.group(1)}, column {match.group(2)}: not valid TOML: {what}"


_SECRET_KEYS = {"token", "api_token", "password", "pat", "secret", "apikey", "api_key"}

_TYPE_WORDS = {
    "dict_type": "must be a table ([section] or { ... })",
    "model_type": "must be a table ([section] or { ... })",
    "model_attributes_type": "must be a table ([section] or { ... })",
    "list_type": "must be a list [ ... ]",
    "string_type": "must be a string in quotes",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "int_type": "must be a whole number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "path_type": "must be a file path in quotes",
}


def _describe_validation_error(exc: ValidationError, text: str) -> str:
    lines = _key_lines(text)
    problems: list[tuple[int, str]] = []
    for err in exc.errors(include_url=False, include_input=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            what = _unknown_key(loc)
        elif kind == "missing":
            what = "is required but missing"
        elif kind in _TYPE_WORDS:
            what = _TYPE_WORDS[kind]
        elif kind == "literal_error":
            what = f"must be one of {err.get('ctx', {}).get('expected', '')}"
        else:
            msg = str(err["msg"])
            for prefix in ("Value error, ", "Assertion failed, "):
                msg = msg.removeprefix(prefix)
            if msg.startswith("Input should be"):
                msg = "must be" + msg.removeprefix("Input should be")
            what = msg
        line = _line_of(lines, loc)
        where = f"line {line}, " if line is not None else ""
        problems.append((line or 0, f"{where}{_dotted(loc) or '(top level)'}: {what}"))
    problems.sort(key=lambda item: item[0])
    count = len(problems)
    head = "1 problem" if count == 1 else f"{count} problems"
    return f"{head}:\n" + "\n".join(f"  {text}" for _, text in problems)


def _unknown_key(loc: tuple[int | str, ...]) -> str:
    key = str(loc[-1]) if loc else ""
    if key.lower() in _SECRET_KEYS:
        return (
            "unknown key: tokens do not go in config.toml; "
            "use token_env, token_file or token_command"
        )
    model = _model_at(loc[:-1])
    if model is None:
        return "unknown key"
    allowed = list(model.model_fields)
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"unknown key (did you mean {close[0]!r}?)"
    return f"unknown key (expected one of: {', '.join(allowed)})"


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    model: type[BaseModel] = Config
    i = 0
    while i < len(loc):
        info = model.model_fields.get(str(loc[i]))
        if info is None:
            return None
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model, i = annotation, i + 1
            continue
        if get_origin(annotation) in (Union, UnionType):  # an optional table: `VendorApi | None`
            tables = [
                a for a in get_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)
            ]
            if len(tables) == 1:
                model, i = tables[0], i + 1
                continue
        if get_origin(annotation) is dict:
            value_type = get_args(annotation)[1]
            if isinstance(value_type, type) and issubclass(value_type, BaseModel):
                if i + 1 >= len(loc):
                    return None
                model, i = value_type, i + 2
                continue
        return None
    return model


_BARE_KEY = r"[A-Za-z0-9_-]+"
_KEY_PART = rf"(?:{_BARE_KEY}|\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*')"
_KEY = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER_RE = re.compile(rf"^\s*\[\[?\s*({_KEY})\s*\]\]?")
_KEY_LINE_RE = re.compile(rf"^\s*({_KEY})\s*=")
_KEY_PART_RE = re.compile(_KEY_PART)


def _split_key(text: str) -> tuple[str, ...]:
    parts: list[str] = []
    for match in _KEY_PART_RE.finditer(text):
        part = match.group(0)
        if part.startswith('"'):
            try:
                part = str(json.loads(part))
            except ValueError:
                part = part[1:-1]
        elif part.startswith("'"):
            part = part[1:-1]
        parts.append(part)
    return tuple(parts)


def _key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Best effort: the line where each table and key of a TOML document is first defined."""
    found: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    multiline: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if multiline is not None:
            if line.count(multiline) % 2 == 1:
                multiline = None
            continue
        header = _HEADER_RE.match(line)
        if header is not None:
            table = _split_key(header.group(1))
            for end in range(1, len(table) + 1):
                found.setdefault(table[:end], number)
            continue
        key_line = _KEY_LINE_RE.match(line)
        if key_line is None:
            continue
        key = table + _split_key(key_line.group(1))
        for end in range(len(table) + 1, len(key) + 1):
            found.setdefault(key[:end], number)
        rest = line[key_line.end() :]
        for quotes in ('"""', "'''"):
            if rest.count(quotes) % 2 == 1:
                multiline = quotes
                break
    return found


def _line_of(lines: dict[tuple[str, ...], int], loc: tuple[int | str, ...]) -> int | None:
    keys: list[str] = []
    for part in loc:
        if isinstance(part, int):
            break
        keys.append(part)
    for end in range(len(keys), 0, -1):
        line = lines.get(tuple(keys[:end]))
        if line is not None:
            return line
    return None


def _dotted(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        key = part if re.fullmatch(_BARE_KEY, part) else json.dumps(part)
        out = f"{out}.{key}" if out else key
    return out
