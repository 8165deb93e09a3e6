"""``attributes`` / ``excludedAttributes`` (RFC 7644 §3.4.2.5) and the ``returned`` characteristic."""

from __future__ import annotations

from .schema import Attr, ResourceSchema

ALWAYS = ("schemas", "id")


def parse_list(raw: str | list | None) -> list[str]:
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else str(raw).split(",")
    return [str(i).strip() for i in items if str(i).strip()]


def _paths(names: list[str], schema: ResourceSchema) -> list[tuple[str | None, Attr, Attr | None] | str]:
    """Resolve names; an extension URN alone stands for its whole object. Unknown names are dropped
    (RFC 7644 does not make an unknown attribute in these parameters an error)."""
    out: list = []
    for name in names:
        if schema.extension(name) is not None:
            out.append(schema.extension(name).id)  # type: ignore[union-attr]
            continue
        uri, attr, sub = schema.split(name)
        resolved = schema.resolve(attr, uri)
        if resolved is None:
            continue
        ext, definition = resolved
        sub_def = definition.sub.get(sub.lower()) if sub else None
        if sub and sub_def is None:
            continue
        out.append((ext, definition, sub_def))
    return out


def strip_never(resource: dict, schema: ResourceSchema) -> dict:
    """Drop attributes whose ``returned`` is "never" (e.g. password) or "request" (unless asked)."""
    out = dict(resource)
    for key in list(out):
        found = schema.resolve(key)
        if found and found[1].returned in ("never", "request"):
            del out[key]
    return out


def project(resource: dict, schema: ResourceSchema, attributes: list[str], excluded: list[str]) -> dict:
    if attributes:
        return _include(resource, schema, _paths(attributes, schema))
    if excluded:
        return _exclude(resource, schema, _paths(excluded, schema))
    return resource


def _include(resource: dict, schema: ResourceSchema, paths: list) -> dict:
    keep_top: dict[tuple[str | None, str], set[str] | None] = {}
    for path in paths:
        if isinstance(path, str):
            keep_top[(path, "")] = None
            continue
        ext, attr, sub = path
        key = (ext, attr.name)
        if sub is None:
            keep_top[key] = None
        elif key not in keep_top or keep_top[key] is not None:
            keep_top.setdefault(key, set()).add(sub.name)  # type: ignore[union-attr]
    out: dict = {}
    for key, value in resource.items():
        if key in ALWAYS:
            out[key] = value
            continue
        if key in schema.urns()[1:] and isinstance(value, dict):
            if (key, "") in keep_top:
                out[key] = value
                continue
            picked = {}
            for name, v in value.items():
                rule = keep_top.get((key, name), False)
                if rule is not False:
                    picked[name] = v if rule is None else _subset(v, rule)
            if picked:
                out[key] = picked
            continue
        resolved = schema.resolve(key)
        if resolved is not None and resolved[1].returned == "always":
            out[key] = value
            continue
        rule = keep_top.get((None, key), False)
        if rule is not False:
            out[key] = value if rule is None else _subset(value, rule)
    return out


def _subset(value, names: set[str]):
    if isinstance(value, list):
        return [{k: v for k, v in item.items() if k in names} for item in value if isinstance(item, dict)]
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k in names}
    return value


def _exclude(resource: dict, schema: ResourceSchema, paths: list) -> dict:
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in resource.items()}
    for path in paths:
        if isinstance(path, str):
            out.pop(path, None)
            continue
        ext, attr, sub = path
        if attr.returned == "always" or attr.name in ALWAYS:
            continue
        holder = out.get(ext) if ext else out
        if not isinstance(holder, dict) or attr.name not in holder:
            continue
        if sub is None:
            del holder[attr.name]
        else:
            value = holder[attr.name]
            if isinstance(value, list):
                holder[attr.name] = [{k: v for k, v in i.items() if k != sub.name}
                                     for i in value if isinstance(i, dict)]
            elif isinstance(value, dict):
                holder[attr.name] = {k: v for k, v in value.items() if k != sub.name}
    return out
