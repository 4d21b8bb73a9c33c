"""Jira Server/DC wiki markup, as the text a person reads: `[~pnatarajan]` is `@Priya
Natarajan`, `[the docs|https://…]` is `the docs`, `*done*` is `done`.

For showing comments only; what is saved back is never rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_MENTION = re.compile(r"\[~(?:accountid:)?([^\]\s]+)\]")
_LINK = re.compile(r"\[([^\]|\[]+)\|[^\]\s]+\]")
_BARE_LINK = re.compile(r"\[((?:https?|mailto):[^\]\s]+)\]")
_MONO = re.compile(r"\{\{(.+?)\}\}")
_TAGS = re.compile(r"\{(?:code|noformat|quote|panel|color)(?::[^}]*)?\}")
_BLOCK_PREFIX = re.compile(r"^(?:h[1-6]\.|bq\.)\s*", re.MULTILINE)
# *strong* and _emphasis_ only where a word starts and ends: `2*3` and `snake_case` stay.
_EMPHASIS = re.compile(r"(?<![\w*_])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*_])")


def wiki_to_text(markup: str, names: Mapping[str, str] | None = None) -> str:
    """`markup` without its wiki syntax; `names` maps usernames (or account ids) to the
    display names mentions are shown with (else `@username`)."""
    known = names or {}

    def mention(match: re.Match[str]) -> str:
        ident = match.group(1)
        return "@" + known.get(ident, ident)

    text = _MENTION.sub(mention, markup)
    text = _LINK.sub(r"\1", text)
    text = _BARE_LINK.sub(r"\1", text)
    text = _MONO.sub(r"\1", text)
    text = _TAGS.sub("", text)
    text = _BLOCK_PREFIX.sub("", text)
    return _EMPHASIS.sub(r"\2", text)
