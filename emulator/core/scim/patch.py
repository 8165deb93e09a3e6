"""PATCH (RFC 7644 §3.5.2) applied to a canonical resource dict: add / remove / replace, with and
without ``path``, value filters, extension URNs. ``op`` is matched case-insensitively (Entra sends
``Replace``), and Entra's string booleans ("False") are accepted for boolean attributes."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from scim2_models import Path
from scim2_models.exceptions import SCIMException
from scim2_models.path import (
    AttrPath,
    CompareOperator,
    Comparison,
    LogicalExpr,
    LogicalOperator,
    ValuePath,
)

from .errors import ScimError
from .filters import _compile_sub
from .schema import PATCH_URN, Attr, ResourceSchema
from .validate import check_required, coerce

OPS = ("add", "remove", "replace")


def bad(detail: str, scim_type: str = "invalidSyntax") -> ScimError:
    return ScimError(400, detail, scim_type)


def operations(body: Any) -> list[dict]:
    """The validated ``Operations`` of a PatchOp body."""
    if not isinstance(body, dict):
        raise bad("The request body must be a JSON object.")
    schemas = body.get("schemas")
    if not isinstance(schemas, list) or PATCH_URN.lower() not in {str(s).lower() for s in schemas}:
        raise bad(f"'schemas' must be [\"{PATCH_URN}\"].")
    ops = body.get("Operations", body.get("operations"))
    if not isinstance(ops, list) or not ops:
        raise bad("'Operations' must be a non-empty array.")
    for op in ops:
        if not isinstance(op, dict):
            raise bad("Each operation must be a JSON object.")
        name = op.get("op")
        if not isinstance(name, str) or name.lower() not in OPS:
            raise bad(f"'op' must be one of add, remove, replace (got {name!r}).")
        path = op.get("path")
        if path is not None and not isinstance(path, str):
            raise bad("'path' must be a string.", "invalidPath")
        if name.lower() == "remove" and not path:
            raise bad("A 'remove' operation needs a 'path'.", "noTarget")
        if name.lower() != "remove" and "value" not in op:
            raise bad(f"An '{name}' operation needs a 'value'.", "invalidValue")
    return ops


def apply_patch(resource: dict, body: Any, schema: ResourceSchema, *, bool_strings: bool = True) -> dict:
    """A new resource dict with every operation applied (all or nothing: the input is untouched)."""
    ops = operations(body)
    result = copy.deepcopy(resource)
    patcher = _Patcher(result, schema, bool_strings)
    for op in ops:
        name = op["op"].lower()
        if op.get("path"):
            patcher.at_path(name, op["path"], op.get("value"))
        else:
            patcher.without_path(name, op.get("value"))
    check_required(result, schema)
    return result


class _Patcher:
    def __init__(self, resource: dict, schema: ResourceSchema, bool_strings: bool) -> None:
        self.resource = resource
        self.schema = schema
        self.bool_strings = bool_strings

    # entry points
    def without_path(self, op: str, value: Any) -> None:
        if not isinstance(value, dict):
            raise bad(f"Without a 'path', the value of '{op}' must be a JSON object.", "invalidValue")
        for key, sub_value in value.items():
            if not isinstance(key, str):
                continue
            if self.schema.extension(key) is not None:
                self._extension(op, key, sub_value)
                continue
            uri, name, sub = self.schema.split(key)
            resolved = self.schema.resolve(name, uri)
            if resolved is None:
                if key.lower() == "schemas":
                    continue
                raise bad(f"The attribute '{key}' does not exist on this resource.", "invalidPath")
            ext, attr = resolved
            if attr.mutability == "readOnly":
                continue  # Okta renames a group with {"id": ..., "displayName": ...}: read-only keys are ignored
            sub_def = self._sub(attr, sub, key)
            self._set(op, ext, attr, sub_def, None, sub_value, key)

    def at_path(self, op: str, text: str, value: Any) -> None:
        if self.schema.extension(text) is not None:
            if op == "remove":
                self.resource.pop(self.schema.extension(text).id, None)  # type: ignore[union-attr]
                return
            self._extension(op, text, value)
            return
        try:
            node = Path(text).ast
        except (SCIMException, ValueError, TypeError):
            raise bad(f"The path '{text}' is not a valid attribute path.", "invalidPath") from None
        if isinstance(node, AttrPath):
            ext, attr = self._top(node.uri, node.attr, text)
            sub = self._sub(attr, node.sub_attr, text)
            matcher = None
        elif isinstance(node, ValuePath):
            ext, attr = self._top(node.attr_path.uri, node.attr_path.attr, text)
            if attr.type != "complex" or not attr.multi:
                raise bad(f"'{attr.name}' is not a multi-valued complex attribute.", "invalidPath")
            try:
                matcher = _compile_sub(node.val_filter, attr)
            except ScimError as exc:
                raise bad(f"The path '{text}' has an invalid filter: {exc.detail}", "invalidPath") from None
            sub = self._sub(attr, node.sub_attr, text)
            if op != "remove":
                self._filtered(op, ext, attr, sub, matcher, node, value, text)
                return
        else:
            raise bad(f"The path '{text}' is not an attribute path.", "invalidPath")
        if op == "remove":
            self._remove(ext, attr, sub, matcher, value, text)
        else:
            self._set(op, ext, attr, sub, None, value, text)

    # helpers
    def _extension(self, op: str, urn: str, value: Any) -> None:
        ext = self.schema.extension(urn)
        if not isinstance(value, dict):
            raise bad(f"The value for '{urn}' must be a JSON object.", "invalidValue")
        for key, sub_value in value.items():
            if str(key).lower() == "schemas":
                continue
            attr = ext.attrs.get(str(key).lower())  # type: ignore[union-attr]
            if attr is None:
                raise bad(f"The attribute '{urn}:{key}' does not exist.", "invalidPath")
            self._set(op, ext.id, attr, None, None, sub_value, f"{urn}:{key}")  # type: ignore[union-attr]

    def _top(self, uri: str | None, name: str, text: str) -> tuple[str | None, Attr]:
        resolved = self.schema.resolve(name, uri)
        if resolved is None:
            raise bad(f"The path '{text}' names no attribute of this resource.", "invalidPath")
        ext, attr = resolved
        if attr.mutability == "readOnly" or attr.name == "id":
            raise bad(f"The attribute '{attr.name}' is read-only.", "mutability")
        return ext, attr

    def _sub(self, attr: Attr, sub: str | None, text: str) -> Attr | None:
        if sub is None:
            return None
        found = attr.sub.get(sub.lower())
        if found is None:
            raise bad(f"The path '{text}' names no sub-attribute of '{attr.name}'.", "invalidPath")
        if found.mutability == "readOnly":
            raise bad(f"The attribute '{attr.name}.{found.name}' is read-only.", "mutability")
        return found

    def _holder(self, ext: str | None, create: bool) -> dict | None:
        if ext is None:
            return self.resource
        holder = self.resource.get(ext)
        if holder is None and create:
            holder = self.resource[ext] = {}
            schemas = self.resource.setdefault("schemas", [])
            if ext not in schemas:
                schemas.append(ext)
        return holder

    def _coerce(self, attr: Attr, value: Any, label: str, item: bool = False) -> Any:
        return coerce(attr, value, label, bool_strings=self.bool_strings, item=item)

    def _check_immutable(self, holder: dict, attr: Attr) -> None:
        if attr.mutability == "immutable" and holder.get(attr.name) not in (None, "", []):
            raise bad(f"The attribute '{attr.name}' is immutable.", "mutability")

    def _set(self, op: str, ext: str | None, attr: Attr, sub: Attr | None, _m, value: Any, label: str) -> None:
        if attr.mutability == "readOnly":
            raise bad(f"The attribute '{attr.name}' is read-only.", "mutability")
        holder = self._holder(ext, create=True)
        assert holder is not None
        self._check_immutable(holder, attr)
        if sub is not None:
            new = self._coerce(sub, value, label)
            if attr.multi:
                items = holder.get(attr.name) or []
                if not items:
                    holder[attr.name] = [{sub.name: new}] if new is not None else []
                for item in items:
                    self._put(item, sub.name, new)
            else:
                self._put(holder.setdefault(attr.name, {}), sub.name, new)
                if not holder[attr.name]:
                    del holder[attr.name]
            return
        if value is None:
            holder.pop(attr.name, None)
            return
        if attr.multi:
            new_items = self._coerce(attr, value if isinstance(value, list) else [value], label)
            current = [] if op == "replace" else list(holder.get(attr.name) or [])
            for item in new_items:
                if item not in current:
                    if isinstance(item, dict) and item.get("primary") is True:
                        for other in current:
                            if isinstance(other, dict) and other.get("primary"):
                                other["primary"] = False
                    current.append(item)
            holder[attr.name] = current
        elif attr.type == "complex":
            new = self._coerce(attr, value, label)
            merged = dict(holder.get(attr.name) or {})
            merged.update(new)
            holder[attr.name] = merged
        else:
            holder[attr.name] = self._coerce(attr, value, label)

    @staticmethod
    def _put(item: dict, name: str, value: Any) -> None:
        if value is None:
            item.pop(name, None)
        else:
            item[name] = value

    def _filtered(self, op: str, ext, attr: Attr, sub: Attr | None, matcher: Callable, node: ValuePath,
                  value: Any, text: str) -> None:
        holder = self._holder(ext, create=True)
        assert holder is not None
        items = holder.get(attr.name) or []
        matches = [item for item in items if isinstance(item, dict) and matcher(item)]
        if not matches:
            if op == "replace":
                raise bad(f"No value of '{attr.name}' matches the filter in '{text}'.", "noTarget")
            seed = _equalities(node)
            if seed is None:
                raise bad(f"No value of '{attr.name}' matches the filter in '{text}'.", "noTarget")
            element = self._coerce(attr, seed, text, item=True)
            items = [*items, element]
            holder[attr.name] = items
            matches = [element]
        for item in matches:
            if sub is not None:
                self._put(item, sub.name, self._coerce(sub, value, text))
            else:
                new = self._coerce(attr, value, text, item=True)
                if op == "replace":
                    item.clear()
                item.update(new)

    def _remove(self, ext, attr: Attr, sub: Attr | None, matcher: Callable | None, value: Any, text: str) -> None:
        holder = self._holder(ext, create=False)
        if holder is None or attr.name not in holder:
            return
        if attr.multi:
            items = holder.get(attr.name) or []
            if matcher is None and sub is None and isinstance(value, list):
                # Entra: {"op":"Remove","path":"members","value":[{"value":"id"}]}
                drop = {str(v.get("value")) for v in value if isinstance(v, dict) and "value" in v}
                kept = [i for i in items if not (isinstance(i, dict) and str(i.get("value")) in drop)]
            elif sub is None:
                kept = [i for i in items if matcher is not None and not (isinstance(i, dict) and matcher(i))]
            else:
                kept = []
                for item in items:
                    if isinstance(item, dict) and (matcher is None or matcher(item)):
                        item = {k: v for k, v in item.items() if k != sub.name}
                    if item:
                        kept.append(item)
            if kept:
                holder[attr.name] = kept
            else:
                del holder[attr.name]
        elif sub is not None:
            current = holder.get(attr.name)
            if isinstance(current, dict):
                current.pop(sub.name, None)
                if not current:
                    del holder[attr.name]
        else:
            del holder[attr.name]
        if ext is not None and not holder:
            self.resource.pop(ext, None)


def _equalities(node: ValuePath) -> dict | None:
    """{sub: literal} when the value filter is only ``eq`` terms joined by ``and`` (so an ``add``
    through a filter that matches nothing can create the element, as Entra expects)."""
    f = node.val_filter
    terms = f.terms if isinstance(f, LogicalExpr) and f.op == LogicalOperator.and_ else (f,)
    seed = {}
    for term in terms:
        if not (isinstance(term, Comparison) and term.op == CompareOperator.eq and term.attr_path.sub_attr is None):
            return None
        seed[term.attr_path.attr] = term.value
    return seed
