"""The small JQL subset the emulator understands: parse, bind to the instance, evaluate, sort.

Clauses: `project`, `key`/`issuekey`/`id`, `summary`/`description`/`text` (`~`), `status`,
`assignee`, `worklogAuthor`, `worklogDate`, `created`, `updated`; joined with AND/OR/NOT and
parentheses; `ORDER BY field [ASC|DESC], ...`. Keywords are case-insensitive. The syntax lives in
`jql_syntax`, the evaluation in `jql_eval`; this module is the one name callers import.
"""

from __future__ import annotations

from .jql_eval import IssueFacts, JqlEnv, Predicate, WorklogFacts, bind, order
from .jql_syntax import (
    FIELDS,
    OPERATORS_HINT,
    ORDER_FIELDS,
    And,
    Clause,
    JqlError,
    Node,
    Not,
    Operand,
    Or,
    OrderKey,
    Query,
    parse,
    unknown_field,
)

__all__ = [
    "FIELDS",
    "OPERATORS_HINT",
    "ORDER_FIELDS",
    "And",
    "Clause",
    "IssueFacts",
    "JqlEnv",
    "JqlError",
    "Node",
    "Not",
    "Operand",
    "Or",
    "OrderKey",
    "Predicate",
    "Query",
    "WorklogFacts",
    "bind",
    "order",
    "parse",
    "unknown_field",
]
