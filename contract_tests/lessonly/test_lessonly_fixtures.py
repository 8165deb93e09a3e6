"""Every cassette names its source and satisfies its schema; the schemas are strict enough to fail."""

from __future__ import annotations

import copy
import json

import pytest
from lessonly_schemas import errors, interactions

ITEMS = interactions()


def test_there_are_recorded_and_documented_fixtures():
    sources = [item["source"] for _, item in ITEMS]
    assert sum(s.startswith("VCR ") for s in sources) >= 20
    assert sum(s.startswith("DOCS ") for s in sources) >= 50


@pytest.mark.parametrize("name, item", ITEMS, ids=[f"{n}:{i['request']['method']} {i['request']['uri']}"
                                                    for n, i in ITEMS])
def test_cassette_interaction(name, item):
    assert item["source"] and item["confidence"] in ("high", "medium", "low")
    assert item["request"]["uri"].startswith("https://api.lessonly.com/api/v1")
    assert item["request"]["headers"]["Authorization"] == ["Basic <redacted>"]
    body = json.loads(item["response"]["body"]["string"])
    assert errors(item["schema"], body) == []


def test_schemas_reject_drift():
    """A string id, a lower-case status or an unknown field must fail the schemas."""
    users = next(json.loads(i["response"]["body"]["string"]) for _, i in ITEMS if i["schema"] == "lessonly/users_page")
    bad = copy.deepcopy(users)
    bad["users"][0]["id"] = str(bad["users"][0]["id"])
    assert errors("lessonly/users_page", bad)
    bad = copy.deepcopy(users)
    bad["users"][0]["group_ids"] = [5]
    assert errors("lessonly/users_page", bad)
    page = next(json.loads(i["response"]["body"]["string"]) for _, i in ITEMS
                if i["schema"] == "lessonly/assignments_page")
    page["assignments"][0]["status"] = "completed"
    assert errors("lessonly/assignments_page", page)
    assert errors("lessonly/delete_user", {"type": "delete_user", "id": "3"})
