"""Every cassette names its source and satisfies its schema (through the shared loader); replay
serves every interaction; the schemas are strict enough to fail on drift."""

from __future__ import annotations

import copy

import pytest
from lessonly_support import errors, interactions

from emulator.cassettes import vendor_cassettes
from emulator.replay import make_replay_app

ITEMS = interactions()


def test_there_are_recorded_and_documented_fixtures():
    sources = [item.source for item in ITEMS]
    assert sum(s.startswith("VCR ") for s in sources) >= 19
    assert sum(s.startswith("DOCS ") for s in sources) >= 55
    assert len({item.name for item in ITEMS}) == len(ITEMS)


@pytest.mark.parametrize("item", ITEMS, ids=[i.label for i in ITEMS])
def test_cassette_interaction(item):
    assert item.source and item.confidence in ("high", "medium", "low")
    assert item.request.uri.startswith("https://api.lessonly.com/api/v1")
    assert item.request.header("Authorization") == "Basic <redacted>"
    assert errors(item.schema, item.response.json()) == []


def test_no_interaction_is_shadowed_in_replay():
    app = make_replay_app(vendor_cassettes("lessonly"))
    assert [(a.label, b.label) for a, b in app.shadowed()] == []


def test_schemas_reject_drift():
    """A string id, a lower-case status or an unknown field must fail the schemas."""
    users = next(i.response.json() for i in ITEMS if i.schema == "lessonly/users_page")
    bad = copy.deepcopy(users)
    bad["users"][0]["id"] = str(bad["users"][0]["id"])
    assert errors("lessonly/users_page", bad)
    bad = copy.deepcopy(users)
    bad["users"][0]["group_ids"] = [5]
    assert errors("lessonly/users_page", bad)
    page = next(i.response.json() for i in ITEMS if i.schema == "lessonly/assignments_page")
    page["assignments"][0]["status"] = "completed"
    assert errors("lessonly/assignments_page", page)
    assert errors("lessonly/delete_user", {"type": "delete_user", "id": "3"})
