"""The little of Atlassian Document Format the emulator needs: check, flatten, wrap.

The emulator plays Jira, so this is deliberately independent of the client's own ADF code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

MentionRenderer = Callable[[dict[str, Any]], str]

_BLOCK_LISTS = {"bulletList": "*", "orderedList": "#"}


def problem(document: Any) -> str | None:
    """Why `document` is not an acceptable ADF document, or None when it is."""
    if not isinstance(document, dict):
        return "the comment is not a document object"
    if document.get("type") != "doc":
        return "the root node must have type 'doc'"
    if document.get("version") != 1:
        return "the document version must be 1"
    content = document.get("content")
    if not isinstance(content, list):
        return "the document must have a content list"
    return _nodes_problem(content)


def _nodes_problem(nodes: list[Any]) -> str | None:
    for node in nodes:
        if not isinstance(node, dict) or not isinstance(node.get("type"), str):
            return "every node must be an object with a type"
        if node["type"] == "text":
            text = node.get("text")
            if not isinstance(text, str) or not text:
                return "text nodes must have non-empty text"
            continue
        if node["type"] == "mention":
            attrs = node.get("attrs")
            if not isinstance(attrs, dict) or not isinstance(attrs.get("id"), str):
                return "mention nodes need attrs.id"
            continue
        children = node.get("content", [])
        if not isinstance(children, list):
            return f"the content of a '{node['type']}' node must be a list"
        found = _nodes_problem(children)
        if found:
            return found
    return None


def from_text(text: str) -> dict[str, Any] | None:
    """Wrap plain text as a document: one paragraph a line (what Jira does with v2 input)."""
    if not text.strip():
        return None
    paragraphs: list[dict[str, Any]] = []
    for line in text.split("\n"):
        if line:
            paragraphs.append({"type": "paragraph", "content": [{"type": "text", "text": line}]})
        else:
            paragraphs.append({"type": "paragraph", "content": []})
    return {"type": "doc", "version": 1, "content": paragraphs}


def default_mention(attrs: dict[str, Any]) -> str:
    return f"[~accountid:{attrs.get('id', '')}]"


def to_text(document: dict[str, Any], mention: MentionRenderer = default_mention) -> str:
    """Flatten a document to Jira wiki-ish text, the way v2 shows a Cloud ADF comment."""
    lines: list[str] = []
    for block in document.get("content", []):
        lines.extend(_block_lines(block, mention, depth=1))
    return "\n".join(lines).strip("\n")


def _block_lines(node: dict[str, Any], mention: MentionRenderer, depth: int) -> list[str]:
    kind = node.get("type")
    if kind in _BLOCK_LISTS:
        bullet = _BLOCK_LISTS[str(kind)] * depth
        out: list[str] = []
        for item in node.get("content", []):
            first = True
            for child in item.get("content", []):
                if child.get("type") in _BLOCK_LISTS:
                    out.extend(_block_lines(child, mention, depth + 1))
                    continue
                for line in _block_lines(child, mention, depth):
                    out.append(f"{bullet} {line}" if first else line)
                    first = False
        return out
    if kind == "codeBlock":
        return ["{code}", _inline(node.get("content", []), mention), "{code}"]
    if kind in ("paragraph", "heading"):
        return _inline(node.get("content", []), mention).split("\n")
    lines: list[str] = []
    for child in node.get("content", []):
        if child.get("type") in ("text", "mention", "hardBreak", "emoji"):
            lines.append(_inline([child], mention))
        else:
            lines.extend(_block_lines(child, mention, depth))
    return lines


def _inline(nodes: list[dict[str, Any]], mention: MentionRenderer) -> str:
    parts: list[str] = []
    for node in nodes:
        kind = node.get("type")
        if kind == "text":
            parts.append(str(node.get("text", "")))
        elif kind == "hardBreak":
            parts.append("\n")
        elif kind == "mention":
            parts.append(mention(node.get("attrs", {})))
        elif kind == "emoji":
            parts.append(str(node.get("attrs", {}).get("text", "")))
        else:
            parts.append(_inline(node.get("content", []), mention))
    return "".join(parts)


def plain_words(document: dict[str, Any]) -> str:
    """All the visible text of a document, for text search."""
    return to_text(document, mention=lambda attrs: str(attrs.get("text", "")))
