"""Paged, searchable reads over a tenant's tables, for the console and for people with curl.

``GET /_emulator/state`` returns everything, which is too much for a tenant of 100,000 users. These
helpers read one page: without a search it costs O(page) (``Table.page``); with a search ``q`` the row
whose primary key is ``q`` comes first, then rows in insertion order that hold ``q`` case-insensitively
in any string field (``Table.search``, which keeps each row's lower-cased text until the row is written),
stopping as soon as the page is full plus one row (to know there is more).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

from .store import State, Table

MAX_LIMIT = 500


def columns(table: Table) -> list[str]:
    return [f.name for f in dataclasses.fields(table.spec.model)]


def page(state: State, table_name: str, offset: int = 0, limit: int = 50, q: str = "") -> dict[str, Any]:
    """One page of rows as dicts, with ``total`` (all rows) and ``more`` (rows after this page).

    With ``q``, ``matched`` is the number of matches seen, which is exact only when ``more`` is false.
    """
    table = state.table(table_name)
    cols = columns(table)
    needle = q.strip().lower()
    if not needle:
        rows = table.page(offset, limit)
        return {"total": len(table), "rows": [dataclasses.asdict(r) for r in rows],
                "more": offset + len(rows) < len(table), "columns": cols}
    pk_row = find(state, table_name, q.strip())
    found: list[Any] = []
    seen = 0
    more = False
    for row in _hits(table, needle, pk_row):
        seen += 1
        if seen <= offset:
            continue
        if len(found) == limit:
            more = True
            break
        found.append(row)
    return {"total": len(table), "matched": seen, "rows": [dataclasses.asdict(r) for r in found],
            "more": more, "columns": cols}


def _hits(table: Table, needle: str, pk_row: Any) -> Iterator[Any]:
    """The row whose primary key is the search text first, then text matches in insertion order."""
    if pk_row is not None:
        yield pk_row
    for row in table.search(needle):
        if row is not pk_row:
            yield row


def find(state: State, table_name: str, key: str) -> Any | None:
    """The row whose primary key is ``key`` (tried as given, then as an integer), or None."""
    table = state.table(table_name)
    row = table.get(key)
    if row is None and re.fullmatch(r"-?[0-9]{1,18}", key):  # not isdigit(): it passes "¹", int() refuses
        row = table.get(int(key))
    return row
