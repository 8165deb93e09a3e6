"""What a state import (``PUT /_emulator/state``) must be, beyond each row fitting its model: nothing a
later read cannot serve. All or nothing: a ValueError here leaves the tenant as it was.

* no lone surrogate in any string (no UTF-8 page, file or log can hold one);
* no ``NaN``, infinity, or float field outside the dates every formatter prints (see store);
* ``meta`` keys the tenant already has keep their JSON kind (an object stays an object, a string a
  string, a setting that is unset takes a string or null), and ``scim_sidecar`` has its shape:
  ``{resource type: {id: {attribute: value}}}``.
"""

from __future__ import annotations

import math
from typing import Any

from .jsonbody import lone_surrogate
from .scim.sidecar import KEY as SIDECAR


def check(data: dict, meta_template: dict) -> None:
    lone = lone_surrogate(data)
    if lone is not None:
        raise ValueError(f"a string holds a lone surrogate: {lone!r}")
    bad = _non_finite(data)
    if bad is not None:
        raise ValueError(f"{bad!r} is not a JSON number (NaN and infinities cannot be stored)")
    meta = data.get("meta", {}) if isinstance(data, dict) else {}
    if not isinstance(meta, dict):
        return  # State.from_export says what is wrong
    sidecar = meta.get(SIDECAR, {})
    if not (isinstance(sidecar, dict) and all(
            isinstance(rows, dict) and all(isinstance(row, dict) for row in rows.values())
            for rows in sidecar.values())):
        raise ValueError(f"meta '{SIDECAR}' must map resource types to {{id: {{attribute: value}}}} objects")
    for key, value in meta.items():
        if key != SIDECAR and key in meta_template:
            _same_kind(f"meta {key!r}", value, meta_template[key])


_KINDS = ((type(None), "null"), (bool, "boolean"), ((int, float), "number"), (str, "string"), (list, "array"))


def _kind(value: Any) -> str:
    return next((name for types, name in _KINDS if isinstance(value, types)), "object")


def _same_kind(where: str, value: Any, template: Any) -> None:
    if template is None:
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{where} must be a string or null, not {_kind(value)}")
        return
    if _kind(value) != _kind(template):
        raise ValueError(f"{where} must be {'an' if _kind(template)[0] in 'ao' else 'a'} {_kind(template)}, "
                         f"not {_kind(value)}")
    if isinstance(template, dict):
        for key in value.keys() & template.keys():
            _same_kind(f"{where}[{key!r}]", value[key], template[key])


def _non_finite(value: Any) -> float | None:
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return item
        if isinstance(item, dict):
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return None
