"""Table-driven rows → Skilljar's JSON: the document's field set for a schema, each value of the
document's type, in the document's order.

A field the row holds is rendered as its rule says (timestamps as DRF dates, nested objects through
their own schema); a field it does not hold gets the rule's default or the neutral value of its type
(``null`` when nullable, ``""``, ``0``, ``false``, ``[]``), so every answer matches the schema. A
nested object that names another row (``{"id": ...}``) is filled from that row, so a link answers
with the linked tag, group or course, not just its id.
"""

from __future__ import annotations

from typing import Any

from ..params.table import schema
from ..store import SkilljarState
from . import ts

_MISSING = object()
_TYPES: dict[str, tuple[type, ...]] = {"string": (str,), "integer": (int,), "number": (int, float),
                                       "boolean": (bool,), "array": (list,), "object": (dict,)}


def render(state: SkilljarState, name: str, data: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    """``data`` as schema ``name`` of the document."""
    out = {}
    for field_name, rule in schema(name).items():
        if rule.get("write_only"):
            continue
        out[field_name] = value(state, rule, data.get(field_name, _MISSING), data, depth)
    return out


def value(state: SkilljarState, rule: dict[str, Any], raw: Any, row: dict[str, Any], depth: int = 0) -> Any:
    kind = rule.get("type")
    if raw is _MISSING or (raw is None and not rule.get("nullable")):
        return neutral(state, rule, row, depth)
    if raw is None:
        return None
    if kind == "string" and rule.get("format") == "date-time":
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return ts(raw)
        return raw if isinstance(raw, str) else neutral(state, rule, row, depth)
    if "enum" in rule:
        return raw if raw in rule["enum"] else neutral(state, rule, row, depth)
    if kind == "object" and "schema" in rule:
        if isinstance(raw, str):
            raw = {"id": raw}
        if not isinstance(raw, dict) or depth > 4:
            return neutral(state, rule, row, depth)
        linked = state.linked(raw["id"]) if isinstance(raw.get("id"), str) else None
        return render(state, rule["schema"], {**(linked or {}), **raw}, depth + 1)
    if kind == "object" and "properties" in rule:
        if not isinstance(raw, dict):
            return neutral(state, rule, row, depth)
        return {n: value(state, r, raw.get(n, _MISSING), raw, depth + 1) for n, r in rule["properties"].items()}
    if kind == "array":
        if not isinstance(raw, list):
            return neutral(state, rule, row, depth)
        items = rule.get("items", {"type": "any"})
        return [value(state, items, item, row, depth + 1) for item in raw]
    if kind == "string" and isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return str(raw)
    if kind == "integer" and isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if kind in _TYPES and (not isinstance(raw, _TYPES[kind]) or (kind != "boolean" and isinstance(raw, bool))):
        return neutral(state, rule, row, depth)
    return raw


def neutral(state: SkilljarState, rule: dict[str, Any], row: dict[str, Any], depth: int = 0) -> Any:
    """The value of a field the row does not hold."""
    if "default" in rule and rule["default"] is not None:
        return rule["default"]
    if rule.get("nullable"):
        return None
    kind = rule.get("type")
    if "enum" in rule:
        return rule["enum"][0] if rule["enum"] else ""
    if kind == "string":
        fmt = rule.get("format")
        if fmt == "date-time":
            return ts(row.get("created_at") if isinstance(row.get("created_at"), (int, float)) else 0.0)
        if fmt == "uri":
            return "https://" + state.meta.get("domain", "demo.skilljar.com") + "/"
        if fmt == "email":
            return "noreply@example.com"
        return ""
    if kind == "integer":
        return max(0, rule.get("minimum", 0))
    if kind == "number":
        return 0.0
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    if kind == "object" and "schema" in rule:
        return render(state, rule["schema"], {}, depth + 1) if depth <= 4 else {}
    if kind == "object":
        return {}
    return None
