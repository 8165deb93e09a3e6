"""Request bodies → canonical resource dicts: names in schema case, values of the schema's types.

Unknown attributes are ignored (the vendor does not store them), read-only ones too (RFC 7644
§3.3); a wrong type or a missing required attribute is a 400 ``invalidValue``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .errors import ScimError
from .schema import Attr, ResourceSchema, SchemaDef

BOOL_STRINGS = {"true": True, "false": False}


def invalid_value(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidValue")


def coerce(attr: Attr, value: Any, label: str, *, bool_strings: bool = True, item: bool = False) -> Any:
    """``value`` checked against ``attr`` (``item``: one element of a multi-valued attribute)."""
    if value is None:
        return None
    if attr.multi and not item:
        if not isinstance(value, list):
            raise invalid_value(f"Attribute '{label}' is multi-valued: it must be a JSON array.")
        out = [coerce(attr, v, label, bool_strings=bool_strings, item=True) for v in value]
        return [v for v in out if v is not None]
    kind = attr.type
    if kind == "complex":
        if not isinstance(value, dict):
            raise invalid_value(f"Attribute '{label}' is complex: it must be a JSON object.")
        out = {}
        for key, sub_value in value.items():
            sub = attr.sub.get(str(key).lower())
            if sub is None or sub.mutability == "readOnly":
                continue
            coerced = coerce(sub, sub_value, f"{label}.{sub.name}", bool_strings=bool_strings)
            if coerced is not None:
                out[sub.name] = coerced
        return out
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if bool_strings and isinstance(value, str) and value.lower() in BOOL_STRINGS:
            return BOOL_STRINGS[value.lower()]  # Entra sends "True"/"False"
        raise invalid_value(f"Attribute '{label}' must be a boolean.")
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise invalid_value(f"Attribute '{label}' must be an integer.")
        return value
    if kind == "decimal":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise invalid_value(f"Attribute '{label}' must be a number.")
        return value
    if not isinstance(value, str):
        raise invalid_value(f"Attribute '{label}' must be a string.")
    if kind == "dateTime":
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise invalid_value(f"Attribute '{label}' must be an xsd:dateTime.") from None
    return value


def check_schemas(body: dict, urns: list[str]) -> list[str]:
    schemas = body.get("schemas")
    if not isinstance(schemas, list) or not all(isinstance(s, str) for s in schemas):
        raise ScimError(400, "The request body must carry a 'schemas' array.", "invalidSyntax")
    lowered = {s.lower() for s in schemas}
    if urns[0].lower() not in lowered:
        raise ScimError(400, f"'schemas' must include {urns[0]}.", "invalidSyntax")
    return [u for u in urns if u.lower() in lowered]


def normalise(body: Any, schema: ResourceSchema, *, bool_strings: bool = True,
              require_schemas: bool = True) -> dict:
    """A POST/PUT body as a canonical resource (without id/meta)."""
    if not isinstance(body, dict):
        raise ScimError(400, "The request body must be a JSON object.", "invalidSyntax")
    urns = schema.urns()
    schemas = check_schemas(body, urns) if require_schemas else [urns[0]]
    out: dict[str, Any] = {"schemas": schemas}
    for key, value in body.items():
        if not isinstance(key, str) or key == "schemas":
            continue
        ext = schema.extension(key)
        if ext is not None:
            if value is None:
                continue
            if not isinstance(value, dict):
                raise invalid_value(f"'{ext.id}' must be a JSON object.")
            out[ext.id] = _object(value, ext, bool_strings)
            if ext.id not in out["schemas"]:
                out["schemas"].append(ext.id)
            continue
        uri, name, sub = schema.split(key)
        resolved = schema.resolve(name, uri)
        if resolved is None or sub is not None:
            continue
        where, attr = resolved
        if attr.mutability == "readOnly":
            continue
        coerced = coerce(attr, value, attr.name, bool_strings=bool_strings)
        if coerced is None:
            continue
        if where:
            out.setdefault(where, {})[attr.name] = coerced
        else:
            out[attr.name] = coerced
    check_required(out, schema)
    return out


def _object(value: dict, ext: SchemaDef, bool_strings: bool) -> dict:
    out = {}
    for key, v in value.items():
        attr = ext.attrs.get(str(key).lower())
        if attr is None or attr.mutability == "readOnly":
            continue
        coerced = coerce(attr, v, f"{ext.id}:{attr.name}", bool_strings=bool_strings)
        if coerced is not None:
            out[attr.name] = coerced
    return out


def check_required(resource: dict, schema: ResourceSchema) -> None:
    holders: list[tuple[SchemaDef, dict | None, str]] = [(schema.core, resource, "")]
    for ext in schema.extensions:
        holder = resource.get(ext.schema.id)
        if ext.required or holder is not None:
            holders.append((ext.schema, holder or {}, ext.schema.id + ":"))
    for definition, holder, prefix in holders:
        for attr in definition.attrs.values():
            if attr.mutability == "readOnly":
                continue
            value = (holder or {}).get(attr.name)
            if attr.required and _empty(value):
                raise invalid_value(f"Attribute '{prefix}{attr.name}' is required.")
            if attr.type == "complex" and not _empty(value):
                for item in value if isinstance(value, list) else [value]:
                    for sub in attr.sub.values():
                        if sub.required and sub.mutability != "readOnly" and _empty(item.get(sub.name)):
                            raise invalid_value(f"Attribute '{prefix}{attr.name}.{sub.name}' is required.")


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}
