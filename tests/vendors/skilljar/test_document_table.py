"""The table the long tail of Skilljar's API is served from (``resources.json``): regenerated from
Skilljar's OpenAPI document it is byte-identical, and it holds facts, not the document's prose."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from emulator.vendors.skilljar.params.table import operations, table

ROOT = Path(__file__).resolve().parents[3]
DOCUMENT = ROOT.parent / "shared" / "vendors" / "skilljar-v1-openapi.yaml"


def test_regenerating_the_table_from_the_document_gives_the_committed_file():
    if not DOCUMENT.exists():
        pytest.skip("needs Skilljar's OpenAPI document in ../shared (the project's shared/ folder) beside the checkout")
    result = subprocess.run([sys.executable, "-m", "tools.skilljar_tables", "--check"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_table_is_package_data_with_every_operation_and_no_prose():
    text = resources.files("emulator.vendors.skilljar").joinpath("resources.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert len(data["operations"]) == 333 == len(operations())
    assert {len(o["path"].split("{")) for o in data["operations"]} >= {1, 2, 3}
    # facts only: no descriptions, titles or examples from the document
    keys = set()

    def walk(node):
        if isinstance(node, dict):
            keys.update(k for k in node if k in ("description", "title", "example", "summary"))
            for key, value in node.items():
                if key != "properties" or not isinstance(value, dict):
                    walk(value)
                else:
                    for rule in value.values():
                        walk(rule)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for rules in data["schemas"].values():
        for rule in rules.values():
            walk(rule)
    for operation in data["operations"]:
        walk(operation)
    assert keys == set()
    assert table() is table()  # read once per process
