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

__all__ = [
    "AdfError",
    "adf_to_text",
    "is_empty_adf",
    "normalise_text",
    "round_trip_text",
    "text_to_adf",
    "validate_adf",
]

# Node types that sit inside paragraphs, headings and other text runs.
INLINE_TYPES = frozenset(
    {
        "text",
        "hardBreak",
        "mention",
        "emoji",
        "date",
        "status",
        "inlineCard",
        "placeholder",
        "inlineExtension",
        "mediaInline",
    }
)

_LIST_TYPES = frozenset({"bulletList", "orderedList", "taskList", "decisionList"})

# Deeper documents are not written by any editor; the cap keeps rendering clear of
# Python's recursion limit, so hostile input cannot make adf_to_text raise.
_MAX_DEPTH = 64


class AdfError(ValueError):
    """An ADF document Jira would refuse; the message names the path of the bad node."""


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


# --- validation -------------------------------------------------------------------------------

_TOP_LEVEL = frozenset(
    {
        "blockCard",
        "blockquote",
        "bodiedExtension",
        "bodiedSyncBlock",
        "bulletList",
        "codeBlock",
        "decisionList",
        "embedCard",
        "expand",
        "extension",
        "heading",
        "layoutSection",
        "mediaGroup",
        "mediaSingle",
        "orderedList",
        "panel",
        "paragraph",
        "rule",
        "syncBlock",
        "table",
        "taskList",
    }
)
_NESTED_BLOCKS = frozenset(
    {
        "blockCard",
        "blockquote",
        "bulletList",
        "codeBlock",
        "decisionList",
        "embedCard",
        "extension",
        "heading",
        "mediaGroup",
        "mediaSingle",
        "nestedExpand",
        "orderedList",
        "panel",
        "paragraph",
        "rule",
        "table",
        "taskList",
    }
)
_LIST_ITEM_CHILDREN = frozenset(
    {"paragraph", "bulletList", "orderedList", "taskList", "mediaSingle", "codeBlock", "extension"}
)

# Which child types each container takes, from @atlaskit/adf-schema (the shared spec), and
# whether it needs at least one child. Types not listed here are not checked (see validate_adf).
_CHILDREN: dict[str, tuple[frozenset[str], bool]] = {
    "paragraph": (INLINE_TYPES, False),
    "heading": (INLINE_TYPES, False),
    "caption": (INLINE_TYPES - {"inlineExtension", "mediaInline"}, False),
    "taskItem": (INLINE_TYPES, False),
    "decisionItem": (INLINE_TYPES, False),
    "codeBlock": (frozenset({"text"}), False),
    "bulletList": (frozenset({"listItem"}), True),
    "orderedList": (frozenset({"listItem"}), True),
    "listItem": (_LIST_ITEM_CHILDREN, True),
    "taskList": (frozenset({"taskItem", "taskList", "blockTaskItem"}), True),
    "blockTaskItem": (frozenset({"paragraph", "extension"}), True),
    "decisionList": (frozenset({"decisionItem"}), True),
    "blockquote": (_LIST_ITEM_CHILDREN - {"taskList"} | {"mediaGroup"}, True),
    "panel": (
        _NESTED_BLOCKS - {"blockquote", "embedCard", "nestedExpand", "panel", "table"},
        True,
    ),
    "table": (frozenset({"tableRow"}), True),
    "tableRow": (frozenset({"tableCell", "tableHeader"}), False),
    "tableCell": (_NESTED_BLOCKS - {"table"}, True),
    "tableHeader": (_NESTED_BLOCKS - {"table"}, True),
    "mediaGroup": (frozenset({"media"}), True),
    "mediaSingle": (frozenset({"media", "caption"}), True),
    "expand": (_NESTED_BLOCKS, True),
    "nestedExpand": (_NESTED_BLOCKS - {"blockCard", "embedCard", "nestedExpand", "table"}, True),
    "layoutSection": (frozenset({"layoutColumn"}), True),
    "layoutColumn": (_TOP_LEVEL - {"layoutSection", "syncBlock", "bodiedSyncBlock"}, True),
    "bodiedExtension": (_NESTED_BLOCKS - {"nestedExpand"}, True),
    "bodiedSyncBlock": (
        _TOP_LEVEL - {"bodiedExtension", "bodiedSyncBlock", "extension", "syncBlock"},
        True,
    ),
}

# Nodes that never have children.
_LEAVES = INLINE_TYPES | {"rule", "blockCard", "embedCard", "media", "extension", "syncBlock"}
# Types whose placement is checked; "doc" is known so that a nested document is refused.
_KNOWN = frozenset(_CHILDREN) | _LEAVES | _TOP_LEVEL | {"doc"}

# String attributes Jira requires on each node type (beyond headings' level and cards' url).
_REQUIRED_ATTRS: dict[str, tuple[str, ...]] = {
    "mention": ("id",),
    "emoji": ("shortName",),
    "date": ("timestamp",),
    "status": ("text", "color"),
    "panel": ("panelType",),
    "taskItem": ("localId", "state"),
    "decisionItem": ("localId", "state"),
    "taskList": ("localId",),
    "decisionList": ("localId",),
    "embedCard": ("url", "layout"),
}


def validate_adf(doc: Any) -> None:
    """Raise AdfError, naming the node's path, when `doc` is not an ADF document Jira takes.

    Checked: the `doc`/`version`/`content` envelope; every node an object with a string `type`
    and, if present, list `content`, object `attrs` and a `marks` list of objects with a string
    `type`; text nodes have non-empty `text` (and no marks inside code blocks); which known
    children each known container takes (inline content only in paragraphs, no blocks in
    text runs, only blocks at the top); leaves such as `hardBreak` have no `content`; the
    attributes Jira requires for headings, mentions, emoji, dates, status, panels and tasks.

    Node types this module does not know pass with only their shape checked: Jira may know
    newer ones than we do, and refusing them would block saving a comment Jira itself wrote.
    """
    if not isinstance(doc, Mapping):
        raise AdfError(f"doc: a document must be an object, not {type(doc).__name__}")
    if doc.get("type") != "doc":
        raise AdfError('doc: "type" must be "doc"')
    version = doc.get("version")
    if isinstance(version, bool) or version != 1:
        raise AdfError('doc: "version" must be 1')
    content = doc.get("content")
    if not isinstance(content, list):
        raise AdfError('doc: "content" must be a list (it may be empty)')
    _check_children("doc", content, "", _TOP_LEVEL, 0)


def _check_children(
    parent: str, content: list[Any], path: str, allowed: frozenset[str] | None, depth: int
) -> None:
    for index, child in enumerate(content):
        child_path = f"{path}content[{index}]"
        kind = _check_node(child, child_path, depth)
        if allowed is not None and kind in _KNOWN and kind not in allowed:
            where = "at the top of the document" if parent == "doc" else f'inside "{parent}"'
            raise AdfError(f'{child_path}: "{kind}" is not allowed {where}')


def _check_node(node: Any, path: str, depth: int) -> str:
    if depth > _MAX_DEPTH:
        raise AdfError(f"{path}: the document is nested too deeply")
    if not isinstance(node, Mapping):
        raise AdfError(f"{path}: a node must be an object, not {type(node).__name__}")
    kind = node.get("type")
    if not isinstance(kind, str) or not kind:
        raise AdfError(f'{path}: node must have a string "type"')
    _check_attrs(node, kind, path)
    _check_marks(node, path)
    if kind == "text":
        _check_text(node, path)
    content = node.get("content")
    if content is None:
        if _CHILDREN.get(kind, (frozenset(), False))[1]:
            raise AdfError(f'{path}: "{kind}" must have at least one child in "content"')
        return kind
    if not isinstance(content, list):
        raise AdfError(f'{path}: "content" must be a list')
    if kind in _LEAVES:
        raise AdfError(f'{path}: "{kind}" cannot have "content"')
    allowed, needs_child = _CHILDREN.get(kind, (None, False))
    if needs_child and not content:
        raise AdfError(f'{path}: "{kind}" must have at least one child in "content"')
    _check_children(kind, content, f"{path}.", allowed, depth + 1)
    if kind == "codeBlock":
        _check_code_text(content, path)
    return kind


def _check_text(node: Mapping[str, Any], path: str) -> None:
    text = node.get("text")
    if not isinstance(text, str) or not text:
        raise AdfError(f'{path}: text node must have non-empty "text"')


def _check_code_text(content: list[Any], path: str) -> None:
    for index, child in enumerate(content):
        if isinstance(child, Mapping) and child.get("marks"):
            raise AdfError(f"{path}.content[{index}]: text in a codeBlock cannot have marks")


def _check_marks(node: Mapping[str, Any], path: str) -> None:
    if "marks" not in node:
        return
    marks = node["marks"]
    if not isinstance(marks, list):
        raise AdfError(f'{path}: "marks" must be a list')
    for index, mark in enumerate(marks):
        if not isinstance(mark, Mapping) or not isinstance(mark.get("type"), str):
            raise AdfError(f'{path}.marks[{index}]: mark must be an object with a string "type"')


def _check_attrs(node: Mapping[str, Any], kind: str, path: str) -> None:
    attrs = node.get("attrs")
    if attrs is not None and not isinstance(attrs, Mapping):
        raise AdfError(f'{path}: "attrs" must be an object')
    attrs = attrs or {}
    if kind == "heading":
        level = attrs.get("level")
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 6:
            raise AdfError(f"{path}: heading needs attrs.level from 1 to 6")
    if kind in ("inlineCard", "blockCard") and not ({"url", "data", "datasource"} & set(attrs)):
        raise AdfError(f"{path}: {kind} needs attrs.url")
    for key in _REQUIRED_ATTRS.get(kind, ()):
        value = attrs.get(key)
        if not isinstance(value, str) or not value:
            raise AdfError(f"{path}: {kind} needs a non-empty string attrs.{key}")
