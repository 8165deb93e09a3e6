"""The project's JSON Schemas (``fixtures/schemas/<vendor>/*.json``) as OpenAPI components.

Each file becomes ``components/schemas/<file>`` and each of its ``$defs`` becomes
``components/schemas/<file>.<def>``; every ``$ref`` (``common.json#/$defs/x``, ``#/$defs/x``,
``other.json``) is rewritten to point at those components, so the document stands alone.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from ..cassettes import FIXTURES

ROOT = FIXTURES / "schemas"
_DROP = ("$schema", "$id")


@cache
def _files(vendor: str) -> dict[str, dict]:
    folder = ROOT / vendor
    if not folder.is_dir():
        return {}
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}


def names(vendor: str) -> list[str]:
    return list(_files(vendor))


def component_name(file: str, pointer: str = "") -> str:
    """``("common", "/$defs/utc")`` -> ``common.utc``; ``("user", "")`` -> ``user``."""
    if not pointer or pointer == "/":
        return file
    parts = pointer.strip("/").split("/")
    if len(parts) == 2 and parts[0] == "$defs":
        return f"{file}.{parts[1]}"
    raise ValueError(f"unsupported $ref pointer {pointer!r} in {file}")


def ref(file: str, pointer: str = "") -> dict:
    return {"$ref": f"#/components/schemas/{component_name(file, pointer)}"}


def parse(name: str) -> tuple[str, str]:
    """``"common#/$defs/x"`` or ``"common.json#/$defs/x"`` -> (file, pointer)."""
    file, _, pointer = name.partition("#")
    return file.removesuffix(".json"), pointer


def _rewrite(node: Any, file: str) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in _DROP:
                continue
            if key == "$ref" and isinstance(value, str):
                target, pointer = parse(value)
                out.update(ref(target or file, pointer))
            elif key == "$defs":
                continue  # hoisted to components of their own
            else:
                out[key] = _rewrite(value, file)
        return out
    if isinstance(node, list):
        return [_rewrite(v, file) for v in node]
    return node


def components(vendor: str, wanted: set[str] | None = None) -> dict[str, dict]:
    """Every schema of ``vendor`` (or those ``wanted`` and what they reference) as components."""
    out: dict[str, dict] = {}
    for file, document in _files(vendor).items():
        document = copy.deepcopy(document)
        top = _rewrite(document, file)
        if set(top) - {"title", "description"}:
            out[file] = top
        for key, value in (document.get("$defs") or {}).items():
            out[f"{file}.{key}"] = _rewrite(value, file)
    if wanted is None:
        return out
    return {name: out[name] for name in _closure(out, wanted)}


def _closure(all_: dict[str, dict], roots: set[str]) -> list[str]:
    seen: set[str] = set()
    todo = [r for r in roots if r in all_]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for target in _refs(all_[name]):
            if target in all_ and target not in seen:
                todo.append(target)
    return sorted(seen)


def _refs(node: Any):
    if isinstance(node, dict):
        value = node.get("$ref")
        if isinstance(value, str) and value.startswith("#/components/schemas/"):
            yield value.rsplit("/", 1)[1]
        for v in node.values():
            yield from _refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from _refs(v)


def available() -> bool:
    return Path(ROOT).is_dir()
