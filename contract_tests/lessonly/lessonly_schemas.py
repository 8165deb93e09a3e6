"""Loads the Lessonly JSON Schemas in fixtures/schemas/lessonly/ (shared by fixtures and emulator checks)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "fixtures" / "schemas"
CASSETTES = ROOT / "fixtures" / "lessonly"


@lru_cache(maxsize=None)
def validator(name: str) -> jsonschema.Draft202012Validator:
    """``name`` as cassettes spell it, e.g. ``lessonly/user``."""
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(name: str, body) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator(name).iter_errors(body)]


def interactions() -> list[tuple[str, dict]]:
    out = []
    for path in sorted(CASSETTES.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text())["interactions"]:
            out.append((path.name, item))
    return out
