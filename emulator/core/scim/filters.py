"""Filters (RFC 7644 §3.4.2.2): parsed by scim2-models, evaluated here over resource dicts.

Attribute names are matched case-insensitively; string comparison follows the attribute's
``caseExact``. An ``eq`` on an indexed attribute (alone, or as a term of an ``and``) is answered by
the store's index, so ``userName eq "..."`` never scans the tenant.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from scim2_models.exceptions import SCIMException
from scim2_models.path import (
    AttrPath,
    CompareOperator,
    Comparison,
    FilterNode,
    LogicalExpr,
    LogicalOperator,
    Not,
    Present,
    ScimFilter,
    ValuePath,
)

from .errors import ScimError
from .schema import Attr, ResourceSchema

MAX_FILTER_LENGTH = 4096

ORDERING = {CompareOperator.gt, CompareOperator.ge, CompareOperator.lt, CompareOperator.le}
SUBSTRING = {CompareOperator.co, CompareOperator.sw, CompareOperator.ew}


def invalid(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidFilter")


def parse_filter(text: str) -> FilterNode:
    """Parse an RFC 7644 filter; any syntax error is a 400 ``invalidFilter``."""
    if len(text) > MAX_FILTER_LENGTH:
        raise invalid(f"The filter is longer than {MAX_FILTER_LENGTH} characters.")
    try:
        return ScimFilter(text).ast
    except (SCIMException, ValueError, TypeError, RecursionError) as exc:
        detail = getattr(exc, "detail", None) or str(exc)
        raise invalid(f"The filter {text!r} is not valid: {detail}") from None


Matcher = Callable[[dict], bool]


def compile_filter(node: FilterNode, schema: ResourceSchema) -> Matcher:
    """Check ``node`` against ``schema`` (unknown attributes, bad operators → invalidFilter) and
    return a predicate over resource dicts."""
    if isinstance(node, LogicalExpr):
        parts = [compile_filter(t, schema) for t in node.terms]
        if node.op == LogicalOperator.and_:
            return lambda r: all(p(r) for p in parts)
        return lambda r: any(p(r) for p in parts)
    if isinstance(node, Not):
        inner = compile_filter(node.expr, schema)
        return lambda r: not inner(r)
    if isinstance(node, ValuePath):
        uri, attr = _top(node.attr_path, schema)
        if attr.type != "complex":
            raise invalid(f"'{attr.name}' is not a complex attribute; it cannot take a value filter.")
        inner = _compile_sub(node.val_filter, attr)
        return lambda r: any(inner(item) for item in _items(_top_value(r, uri, attr)))
    if isinstance(node, (Comparison, Present)):
        uri, attr = _top(node.attr_path, schema)
        sub = _sub(attr, node.attr_path.sub_attr)
        if attr.type == "complex" and sub is None:
            if isinstance(node, Present):
                return lambda r: _present(_top_value(r, uri, attr))
            if not attr.multi:
                raise invalid(f"'{attr.name}' is complex: name one of its sub-attributes.")
            sub = attr.sub.get("value")  # a multi-valued complex attribute compares by its value
            if sub is None:
                raise invalid(f"'{attr.name}' has no 'value' sub-attribute to compare.")
        test = _leaf(node, sub or attr)
        return lambda r: test(_values(_top_value(r, uri, attr), sub))
    raise invalid("Unsupported filter expression.")


def _compile_sub(node: FilterNode, parent: Attr) -> Matcher:
    """A filter inside brackets: its attribute names are ``parent``'s sub-attributes."""
    if isinstance(node, LogicalExpr):
        parts = [_compile_sub(t, parent) for t in node.terms]
        if node.op == LogicalOperator.and_:
            return lambda r: all(p(r) for p in parts)
        return lambda r: any(p(r) for p in parts)
    if isinstance(node, Not):
        inner = _compile_sub(node.expr, parent)
        return lambda r: not inner(r)
    if isinstance(node, (Comparison, Present)):
        if node.attr_path.sub_attr is not None or node.attr_path.uri is not None:
            raise invalid(f"'{node.attr_path}' is not a sub-attribute of '{parent.name}'.")
        sub = parent.sub.get(node.attr_path.attr.lower())
        if sub is None:
            raise invalid(f"'{parent.name}' has no sub-attribute '{node.attr_path.attr}'.")
        test = _leaf(node, sub)
        return lambda item: test(_items(item.get(sub.name)) if isinstance(item, dict) else [])
    raise invalid("Value filters cannot nest.")


def _top(path: AttrPath, schema: ResourceSchema) -> tuple[str | None, Attr]:
    found = schema.resolve(path.attr, path.uri)
    if found is None:
        name = f"{path.uri}:{path.attr}" if path.uri else path.attr
        raise invalid(f"The attribute '{name}' is not supported in filters of this resource type.")
    return found


def _sub(attr: Attr, name: str | None) -> Attr | None:
    if name is None:
        return None
    sub = attr.sub.get(name.lower())
    if sub is None:
        raise invalid(f"'{attr.name}' has no sub-attribute '{name}'.")
    return sub


def _top_value(resource: dict, uri: str | None, attr: Attr) -> Any:
    holder = resource.get(uri) if uri else resource
    return holder.get(attr.name) if isinstance(holder, dict) else None


def _items(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _values(value: Any, sub: Attr | None) -> list:
    items = _items(value)
    if sub is None:
        return items
    return [item.get(sub.name) for item in items if isinstance(item, dict) and item.get(sub.name) is not None]


def _present(value: Any) -> bool:
    if value is None or value == "" or value == [] or value == {}:
        return False
    if isinstance(value, list):
        return any(_present(v) for v in value)
    if isinstance(value, dict):
        return any(_present(v) for v in value.values())
    return True


def _leaf(node: Comparison | Present, attr: Attr) -> Callable[[list], bool]:
    if isinstance(node, Present):
        return lambda values: any(_present(v) for v in values)
    op, literal = node.op, node.value
    kind = attr.type
    if kind == "complex":
        raise invalid(f"'{attr.name}' is complex: name one of its sub-attributes.")
    if kind in ("boolean", "binary") and (op in ORDERING or op in SUBSTRING):
        raise invalid(f"The operator '{op.value}' is not supported for {kind} attribute '{attr.name}'.")
    if kind in ("integer", "decimal", "dateTime") and op in SUBSTRING:
        raise invalid(f"The operator '{op.value}' needs a string attribute; '{attr.name}' is {kind}.")
    if literal is None:
        if op not in (CompareOperator.eq, CompareOperator.ne):
            raise invalid(f"null can only be compared with 'eq' or 'ne' ('{attr.name}').")
        def present(values):
            return any(_present(v) for v in values)
        return (lambda values: not present(values)) if op == CompareOperator.eq else present
    if kind == "boolean" and not isinstance(literal, bool):
        raise invalid(f"'{attr.name}' is boolean: compare it with true or false.")
    if kind in ("string", "reference", "binary", "dateTime") and not isinstance(literal, str):
        raise invalid(f"'{attr.name}' is a {kind}: compare it with a quoted string.")
    if kind in ("integer", "decimal") and (isinstance(literal, bool) or not isinstance(literal, (int, float))):
        raise invalid(f"'{attr.name}' is a number: compare it with a number.")
    norm = _normaliser(attr)
    try:
        target = norm(literal)
    except (ValueError, TypeError):
        raise invalid(f"{literal!r} is not a valid {kind} for '{attr.name}'.") from None
    compare = _COMPARE[op]

    def test(values: list) -> bool:
        hit = False
        for value in values:
            try:
                if compare(norm(value), target):
                    hit = True
                    break
            except (ValueError, TypeError, AttributeError):
                continue
        return (not any(_eq(norm, v, target) for v in values)) if op == CompareOperator.ne else hit

    return test


def _eq(norm, value, target) -> bool:
    try:
        return norm(value) == target
    except (ValueError, TypeError, AttributeError):
        return False


def _normaliser(attr: Attr) -> Callable[[Any], Any]:
    if attr.type == "dateTime":
        return _datetime
    if attr.type in ("string", "reference", "binary") and not attr.case_exact:
        return lambda v: v.casefold() if isinstance(v, str) else v
    return lambda v: v


def _datetime(value: Any) -> datetime:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)  # a store's epoch seconds (meta.created...)
    if not isinstance(value, str):
        raise TypeError(value)
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(value)
    return parsed


_COMPARE: dict[CompareOperator, Callable[[Any, Any], bool]] = {
    CompareOperator.eq: lambda a, b: a == b,
    CompareOperator.ne: lambda a, b: a == b,  # negated in the caller (any value equal → no match)
    CompareOperator.co: lambda a, b: isinstance(a, str) and b in a,
    CompareOperator.sw: lambda a, b: isinstance(a, str) and a.startswith(b),
    CompareOperator.ew: lambda a, b: isinstance(a, str) and a.endswith(b),
    CompareOperator.gt: lambda a, b: a > b,
    CompareOperator.ge: lambda a, b: a >= b,
    CompareOperator.lt: lambda a, b: a < b,
    CompareOperator.le: lambda a, b: a <= b,
}


def index_terms(node: FilterNode, schema: ResourceSchema) -> list[tuple[str, Any]]:
    """``eq`` terms an index could answer: the root comparison, or the terms of a root ``and``.

    Each is ("userName" | "emails.value" | "urn:...:attr", literal) with canonical attribute names.
    """
    terms = node.terms if isinstance(node, LogicalExpr) and node.op == LogicalOperator.and_ else (node,)
    found = []
    for term in terms:
        if isinstance(term, Comparison) and term.op == CompareOperator.eq and isinstance(term.value, str):
            resolved = schema.resolve(term.attr_path.attr, term.attr_path.uri)
            if resolved is None:
                continue
            uri, attr = resolved
            name = attr.name
            if term.attr_path.sub_attr:
                sub = attr.sub.get(term.attr_path.sub_attr.lower())
                if sub is None:
                    continue
                name = f"{name}.{sub.name}"
            found.append((f"{uri}:{name}" if uri else name, term.value))
        elif isinstance(term, ValuePath) and isinstance(term.val_filter, LogicalExpr):
            # Entra's emails[type eq "work"].value eq "x" arrives as emails[type eq "work" and value eq "x"]
            for inner in term.val_filter.terms:
                if (isinstance(inner, Comparison) and inner.op == CompareOperator.eq
                        and inner.attr_path.attr.lower() == "value" and isinstance(inner.value, str)):
                    resolved = schema.resolve(term.attr_path.attr, term.attr_path.uri)
                    if resolved is not None and resolved[0] is None:
                        found.append((f"{resolved[1].name}.value", inner.value))
    return found
