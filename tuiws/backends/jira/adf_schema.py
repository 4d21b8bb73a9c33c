"""Whether an ADF document is one Jira Cloud takes: the schema's node nesting, required
attributes, marks and depth, checked before a rich comment is sent (Jira's own refusal names
no path)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["INLINE_TYPES", "AdfError", "validate_adf"]

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

# Deeper documents are not written by any editor; the cap keeps rendering clear of
# Python's recursion limit, so hostile input cannot make adf_to_text raise.
_MAX_DEPTH = 64


class AdfError(ValueError):
    """An ADF document Jira would refuse; the message names the path of the bad node."""


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
