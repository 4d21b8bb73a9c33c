"""Atlassian Document Format (ADF): Cloud worklog comments to and from plain text.

Jira Cloud rejects a plain-string comment; it wants a `doc` → `paragraph` → `text` tree.
This module turns what the user typed into that tree, renders any tree Jira sends back as
plain text for display, and checks a tree before it is sent.

Plain text → ADF, and the `normalise_text` rules it follows (so that
`adf_to_text(text_to_adf(t)) == normalise_text(t)` holds for every string):
1. `\\r\\n` and a lone `\\r` are line breaks, like `\\n`. No other character breaks a line
   (form feeds, `\\u2028` and friends stay inside the text).
2. Trailing whitespace (`str.isspace`) is cut from every line; leading indentation stays.
3. A line left empty is blank. One or more blank lines end a paragraph; single line breaks
   inside a paragraph become `hardBreak` nodes.
4. Blank lines at the start and end are dropped; text that is all blank is a doc with no
   content, which ADF allows.
Text nodes are never empty (ADF forbids it) and carry no marks.

ADF → plain text renders Markdown-like so structure survives in a terminal: paragraphs apart
by a blank line, `# heading`, `- item` / `1. item`, `> quote`, fenced code, `---` rules,
table cells joined by ` | `. It never raises: unknown nodes render as their children's text
and malformed parts are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

# The schema check and the node vocabulary it shares with rendering live in adf_schema.
from tuiws.backends.jira.adf_schema import _MAX_DEPTH, INLINE_TYPES, AdfError, validate_adf

__all__ = [
    "AdfError",
    "adf_to_text",
    "is_empty_adf",
    "normalise_text",
    "round_trip_text",
    "text_to_adf",
    "validate_adf",
]

_LIST_TYPES = frozenset({"bulletList", "orderedList", "taskList", "decisionList"})

# --- plain text → ADF -------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in re.split(r"\r\n|\r|\n", text)]


def normalise_text(text: str) -> str:
    """What `text` looks like after a trip through ADF (the rules are in the module docstring)."""
    collapsed = re.sub(r"\n{2,}", "\n\n", "\n".join(_lines(text)))
    return collapsed.strip("\n")


def _paragraphs(text: str) -> Iterator[list[str]]:
    paragraph: list[str] = []
    for line in _lines(text):
        if line:
            paragraph.append(line)
        elif paragraph:
            yield paragraph
            paragraph = []
    if paragraph:
        yield paragraph


def text_to_adf(text: str) -> dict[str, Any]:
    """The ADF document for plain `text`: paragraphs on blank lines, hard breaks within."""
    content: list[dict[str, Any]] = []
    for paragraph in _paragraphs(text):
        inline: list[dict[str, Any]] = []
        for index, line in enumerate(paragraph):
            if index:
                inline.append({"type": "hardBreak"})
            inline.append({"type": "text", "text": line})
        content.append({"type": "paragraph", "content": inline})
    return {"type": "doc", "version": 1, "content": content}


def round_trip_text(text: str) -> str:
    """`text` as it will read back from Jira after being sent as ADF."""
    return adf_to_text(text_to_adf(text))


def is_empty_adf(doc: Any) -> bool:
    """True when a comment shows nothing: not a document, no content, or only blank text.

    Attachments, mentions, rules and the like count as something, as they render visibly.
    """
    return not adf_to_text(doc).strip()


# --- ADF → plain text -------------------------------------------------------------------------


def adf_to_text(doc: Mapping[str, Any]) -> str:
    """Plain text for any ADF document, for display. Never raises; a non-mapping gives ""."""
    if not isinstance(doc, Mapping):
        return ""
    return _render_blocks(_children(doc), 0)


def _children(node: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    content = node.get("content")
    if not isinstance(content, list):
        return []
    return [child for child in content if isinstance(child, Mapping)]


def _attrs(node: Mapping[str, Any]) -> Mapping[str, Any]:
    attrs = node.get("attrs")
    return attrs if isinstance(attrs, Mapping) else {}


def _attr_text(node: Mapping[str, Any], *keys: str) -> str:
    """The first string attribute among `keys`, or ""."""
    attrs = _attrs(node)
    for key in keys:
        value = attrs.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


def _kind(node: Mapping[str, Any]) -> str:
    """The node's type; "" when it is not a string (malformed: rendered as an unknown node)."""
    kind = node.get("type")
    return kind if isinstance(kind, str) else ""


def _is_inline(node: Mapping[str, Any]) -> bool:
    return _kind(node) in INLINE_TYPES


def _render_blocks(nodes: Sequence[Mapping[str, Any]], depth: int, sep: str = "\n\n") -> str:
    """Blocks apart by `sep`; runs of stray inline nodes (malformed, but seen) form one block."""
    chunks: list[str] = []
    run: list[Mapping[str, Any]] = []
    for node in nodes:
        if _is_inline(node):
            run.append(node)
            continue
        if run:
            chunks.append(_render_inline(run, depth))
            run = []
        chunks.append(_render_block(node, depth))
    if run:
        chunks.append(_render_inline(run, depth))
    return sep.join(chunk for chunk in (c.strip("\n") for c in chunks) if chunk)


def _render_inline(nodes: Sequence[Mapping[str, Any]], depth: int) -> str:
    return "".join(
        _render_inline_node(node) if _is_inline(node) else _render_block(node, depth)
        for node in nodes
    )


def _render_inline_node(node: Mapping[str, Any]) -> str:
    kind = _kind(node)
    if kind == "text":
        return _render_text(node)
    if kind == "hardBreak":
        return "\n"
    if kind == "mention":
        name = _attr_text(node, "text", "id") or "someone"
        return name if name.startswith("@") else f"@{name}"
    if kind == "emoji":
        return _attr_text(node, "shortName", "text")
    if kind == "inlineCard":
        return _attr_text(node, "url")
    if kind == "status":
        return _attr_text(node, "text")
    if kind == "date":
        return _render_date(_attr_text(node, "timestamp"))
    if kind == "mediaInline":
        return "[attachment]"
    # placeholder is hint text for an empty editor, and inlineExtension is app-rendered:
    # neither is content the author wrote.
    return ""


def _render_text(node: Mapping[str, Any]) -> str:
    text = node.get("text")
    if not isinstance(text, str):
        return ""
    href = _link_href(node)
    # A link's target is what a reader of plain text needs, unless the text already shows it.
    return f"{text} ({href})" if href and href != text else text


def _link_href(node: Mapping[str, Any]) -> str:
    marks = node.get("marks")
    if not isinstance(marks, list):
        return ""
    for mark in marks:
        if isinstance(mark, Mapping) and mark.get("type") == "link":
            href = _attrs(mark).get("href")
            if isinstance(href, str):
                return href
    return ""


def _render_date(timestamp: str) -> str:
    """ADF dates are epoch milliseconds (as a string) at UTC midnight; show YYYY-MM-DD."""
    try:
        moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=int(timestamp))
    except (ValueError, OverflowError):
        return timestamp
    return moment.date().isoformat()


def _render_block(node: Mapping[str, Any], depth: int) -> str:
    if depth > _MAX_DEPTH:
        return ""
    kind = _kind(node)
    children = _children(node)
    deeper = depth + 1
    if kind in ("paragraph", "caption"):
        return _render_inline(children, deeper)
    if kind == "heading":
        level = _attrs(node).get("level")
        hashes = "#" * level if isinstance(level, int) and 1 <= level <= 6 else "#"
        return f"{hashes} {_render_inline(children, deeper)}"
    if kind in _LIST_TYPES:
        return _render_list(node, children, deeper)
    if kind == "codeBlock":
        language = _attr_text(node, "language")
        return f"```{language}\n{_render_inline(children, deeper)}\n```"
    if kind == "blockquote":
        return _prefix_lines(_render_blocks(children, deeper), "> ", ">")
    if kind == "rule":
        return "---"
    if kind == "table":
        return "\n".join(_render_row(row, deeper) for row in children)
    if kind in ("media", "mediaInline"):
        return "[attachment]"
    if kind in ("blockCard", "embedCard", "inlineCard"):
        return _attr_text(node, "url")
    if kind in ("mediaSingle", "mediaGroup"):
        return _render_blocks(children, deeper, sep="\n")
    if kind in ("expand", "nestedExpand"):
        title = _attr_text(node, "title")
        body = _render_blocks(children, deeper)
        return f"{title}\n{body}" if title else body
    if _is_inline(node):
        return _render_inline_node(node)
    # panel, layouts, bodied extensions, table rows out of place and unknown nodes: the text
    # of their children is the useful part.
    return _render_blocks(children, deeper)


def _render_list(node: Mapping[str, Any], items: list[Mapping[str, Any]], depth: int) -> str:
    kind = _kind(node)
    start = _attrs(node).get("order")
    number = start if isinstance(start, int) and not isinstance(start, bool) else 1
    lines: list[str] = []
    for item in items:
        item_kind = _kind(item)
        if item_kind in _LIST_TYPES:
            # Task lists nest a list directly in the list, without an item around it.
            lines.append(_prefix_lines(_render_block(item, depth), "  ", ""))
            continue
        if kind == "orderedList":
            marker = f"{number}. "
            number += 1
        elif item_kind in ("taskItem", "blockTaskItem"):
            marker = "- [x] " if _attrs(item).get("state") == "DONE" else "- [ ] "
        else:
            marker = "- "
        lines.append(_hang(marker, _render_list_item(item, depth)))
    return "\n".join(lines)


def _hang(marker: str, body: str) -> str:
    """`marker` before the first line, the rest indented to line up under the first."""
    first, *rest = body.split("\n")
    return "\n".join(
        [marker + first, *(_prefix_lines(line, " " * len(marker), "") for line in rest)]
    )


def _render_list_item(item: Mapping[str, Any], depth: int) -> str:
    if _kind(item) in ("taskItem", "decisionItem"):
        return _render_inline(_children(item), depth + 1)
    # Lines, not paragraphs: a list item's blocks (text, then a nested list) read best packed.
    return _render_blocks(_children(item), depth + 1, sep="\n")


def _render_row(row: Mapping[str, Any], depth: int) -> str:
    cells = (_render_blocks(_children(cell), depth + 1, sep=" ") for cell in _children(row))
    return " | ".join(cell.replace("\n", " ") for cell in cells)


def _prefix_lines(text: str, prefix: str, blank_prefix: str) -> str:
    return "\n".join(prefix + line if line else blank_prefix for line in text.split("\n"))
