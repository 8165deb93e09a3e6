"""Writes ``emulator/vendors/skilljar/resources.json``: the facts of Skilljar's v1 OpenAPI document that
the table-driven routes need, in the project's own compact form.

    python -m tools.skilljar_tables            # rewrite the table from ../shared
    python -m tools.skilljar_tables --check    # exit 1 if the committed table differs from the document

Facts only, no prose: for every operation its method, path, path parameters, query filters, request and
response schema names, status and whether the answer is a DRF page; for every schema those operations
reach, its fields as rules (type, format, enum, required, nullable, read-only, write-only, lengths,
bounds, default, nested schema or items). The rule vocabulary is the one ``params/fields.py`` reads.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT.parent / "shared" / "vendors" / "skilljar-v1-openapi.yaml"
TARGET = ROOT / "emulator" / "vendors" / "skilljar" / "resources.json"
METHODS = ("get", "post", "put", "patch", "delete")
PAGE_PARAMS = ("page", "page_size")
_KEEP = ("maxLength", "minimum", "maximum", "minItems", "maxItems", "pattern")
_NAMES = {"maxLength": "max_length", "minItems": "min_items", "maxItems": "max_items"}


class Reader:
    def __init__(self, document: dict) -> None:
        self.schemas: dict[str, Any] = document["components"]["schemas"]
        self.paths: dict[str, Any] = document["paths"]
        self.out: dict[str, Any] = {}

    @staticmethod
    def _name(ref: str) -> str:
        return ref.rsplit("/", 1)[-1]

    def schema(self, name: str) -> str:
        """Record schema ``name`` (and what it reaches) in the output; its name."""
        if name in self.out:
            return name
        self.out[name] = {}  # placeholder: schemas may refer to themselves
        node = self.schemas[name]
        required = set(node.get("required", []))
        fields = {}
        for prop, spec in node.get("properties", {}).items():
            rule = self.rule(spec)
            if prop in required:
                rule["required"] = True
            fields[prop] = rule
        self.out[name] = fields
        return name

    def rule(self, spec: dict) -> dict[str, Any]:
        rule: dict[str, Any] = {}
        if spec.get("nullable"):
            rule["nullable"] = True
        if spec.get("readOnly"):
            rule["read_only"] = True
        if spec.get("writeOnly"):
            rule["write_only"] = True
        if "default" in spec:
            rule["default"] = spec["default"]
        inner = spec
        if "allOf" in spec and len(spec["allOf"]) == 1:
            inner = spec["allOf"][0]
        if "oneOf" in spec:
            values: list = []
            for option in spec["oneOf"]:
                target = self.schemas[self._name(option["$ref"])] if "$ref" in option else option
                values += [v for v in target.get("enum", []) if v is not None and v not in values]
                if None in target.get("enum", []):
                    rule["nullable"] = True
            rule.update(type="string", enum=values)
            return rule
        if "$ref" in inner:
            name = self._name(inner["$ref"])
            target = self.schemas[name]
            if "enum" in target:
                rule.update(type=target.get("type", "string"), enum=[v for v in target["enum"] if v is not None])
                return rule
            rule.update(type="object", schema=self.schema(name))
            return rule
        kind = inner.get("type")
        if kind is None:
            rule["type"] = "any"
            return rule
        rule["type"] = "number" if kind == "number" else kind
        if "format" in inner and inner["format"] in ("date-time", "uri", "email"):
            rule["format"] = inner["format"]
        if kind == "string" and inner.get("minLength", 0) >= 1:
            rule["blank"] = False
        for key in _KEEP:
            if key in inner:
                rule[_NAMES.get(key, key)] = inner[key]
        if "enum" in inner:
            rule["enum"] = [v for v in inner["enum"] if v is not None]
        if kind == "array":
            rule["items"] = self.rule(inner.get("items", {}))
        if kind == "object" and "properties" in inner:
            required = set(inner.get("required", []))
            rule["properties"] = {p: {**self.rule(s), **({"required": True} if p in required else {})}
                                  for p, s in inner["properties"].items()}
        return rule

    def body(self, operation: dict) -> str | None:
        content = operation.get("requestBody", {}).get("content", {})
        ref = content.get("application/json", {}).get("schema", {}).get("$ref")
        return self.schema(self._name(ref)) if ref else None

    def answer(self, operation: dict) -> dict[str, Any]:
        for status, response in operation["responses"].items():
            if not status.startswith("2"):
                continue
            schema = response.get("content", {}).get("application/json", {}).get("schema")
            out: dict[str, Any] = {"status": int(status)}
            if schema is None:
                return out
            if "$ref" in schema:
                name = self._name(schema["$ref"])
                node = self.schemas[name]
                results = node.get("properties", {}).get("results", {})
                if name.startswith("Paginated") and "$ref" in results.get("items", {}):
                    out["page"] = True
                    out["response"] = self.schema(self._name(results["items"]["$ref"]))
                else:
                    out["response"] = self.schema(name)
            else:
                out["inline"] = self.rule(schema)
            return out
        return {"status": 200}

    def operations(self) -> list[dict[str, Any]]:
        ops = []
        for path, item in self.paths.items():
            for method in METHODS:
                if method not in item:
                    continue
                operation = item[method]
                params = operation.get("parameters", []) + item.get("parameters", [])
                query = {p["name"]: self.rule(p.get("schema", {})) for p in params
                         if p.get("in") == "query" and p["name"] not in PAGE_PARAMS}
                entry: dict[str, Any] = {"method": method.upper(), "path": path,
                                         "params": re.findall(r"\{([^{}]+)\}", path)}
                if query:
                    entry["query"] = query
                body = self.body(operation)
                if body:
                    entry["request"] = body
                entry.update(self.answer(operation))
                ops.append(entry)
        return ops


def build(document: dict) -> dict[str, Any]:
    reader = Reader(document)
    operations = reader.operations()
    return {"operations": operations, "schemas": dict(sorted(reader.out.items()))}


def render(table: dict[str, Any]) -> str:
    """One operation and one schema a line: compact, and a change to the document is a readable diff."""
    def line(value: Any) -> str:
        return json.dumps(value, separators=(", ", ": "), ensure_ascii=False)

    operations = ",\n".join(" " + line(o) for o in table["operations"])
    schemas = ",\n".join(f" {line(name)}: {line(fields)}" for name, fields in table["schemas"].items())
    return '{"operations": [\n' + operations + '\n],\n"schemas": {\n' + schemas + "\n}}\n"


def main(argv: list[str]) -> int:
    document = yaml.load(DOCUMENT.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    text = render(build(document))
    if "--check" in argv:
        if TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET.relative_to(ROOT)} differs from the document: run python -m tools.skilljar_tables")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
