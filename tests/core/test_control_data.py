"""GET /_emulator/data: paged, searchable reads of a tenant's tables (what the console's Data page uses)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Blueprint

from emulator.config import Config, TenantConfig
from emulator.core.emulator import Emulator
from emulator.core.store import State, TableSpec
from emulator.core.vendor import Surface, Vendor


@dataclass
class Person:
    id: int
    email: str
    name: str
    age: int


class PeopleState(State):
    tables = {"users": TableSpec(Person, unique={"email": str.lower})}


def seed(state, seeder, sizes, config):
    for i in range(sizes.get("users", 0)):
        name = "Zed Special" if i == 41 else f"Person {i}"
        state.users.insert(Person(state.next_id("users"), f"p{i}@example.com", name, 20 + i % 50))


def describe(state, key):
    person = state.users.get(key)
    return {"REST": {"id": str(person.id), "mail": person.email}}


def make(describe_fn=None, people=120) -> Emulator:
    vendor = Vendor(
        name="dataco", title="Data Co", default_port=9999, state_class=PeopleState,
        surfaces=lambda: [Surface("rest", "/api", Blueprint("dataco", __name__), lambda r, t: None,
                                  lambda r, c: None)],
        seed=seed, demo_tenants=lambda: [TenantConfig(vendor="dataco", name="one", sizes={"users": people}),
                                         TenantConfig(vendor="dataco", name="two", sizes={"users": 3})],
        plans={}, default_plan="unlimited", default_sizes={"users": people}, describe=describe_fn)
    return Emulator(vendor, Config())


@pytest.fixture
def client():
    emulator = make()
    yield emulator.app.test_client()
    emulator.close()


def test_tables_lists_counts_and_columns(client):
    data = client.get("/_emulator/data?tenant=two").get_json()
    assert data["tenant"] == "two"
    assert data["tables"] == {"users": {"count": 3, "columns": ["id", "email", "name", "age"]}}


def test_page_without_search_is_in_insertion_order(client):
    data = client.get("/_emulator/data/users?tenant=one&offset=100&limit=15").get_json()
    assert [r["id"] for r in data["rows"]] == list(range(101, 116))
    assert data["rows"][0] == {"id": 101, "email": "p100@example.com", "name": "Person 100", "age": 20 + 100 % 50}
    assert data["total"] == 120 and data["more"] is True
    last = client.get("/_emulator/data/users?tenant=one&offset=110&limit=50").get_json()
    assert len(last["rows"]) == 10 and last["more"] is False


def test_search_matches_substrings_of_string_fields_case_insensitively(client):
    data = client.get("/_emulator/data/users?tenant=one&q=zed%20SPEC").get_json()
    assert [r["name"] for r in data["rows"]] == ["Zed Special"]
    assert data["matched"] == 1 and data["more"] is False
    by_email = client.get("/_emulator/data/users?tenant=one&q=P11@").get_json()
    assert [r["email"] for r in by_email["rows"]] == ["p11@example.com"]


def test_search_pages_and_says_when_more_match(client):
    first = client.get("/_emulator/data/users?tenant=one&q=person%201&limit=5").get_json()
    assert [r["name"] for r in first["rows"]] == ["Person 1", "Person 10", "Person 11", "Person 12", "Person 13"]
    assert first["more"] is True
    second = client.get("/_emulator/data/users?tenant=one&q=person%201&limit=5&offset=5").get_json()
    assert second["rows"][0]["name"] == "Person 14"


def test_search_finds_a_primary_key_exactly(client):
    data = client.get("/_emulator/data/users?tenant=one&q=120").get_json()
    assert [(r["id"], r["name"]) for r in data["rows"]] == [(120, "Person 119")]


def test_one_row_by_key_with_the_vendors_views():
    emulator = make(describe_fn=describe)
    data = emulator.app.test_client().get("/_emulator/data/users/5?tenant=one").get_json()
    assert data["row"] == {"id": 5, "email": "p4@example.com", "name": "Person 4", "age": 24}
    assert data["views"] == {"REST": {"id": "5", "mail": "p4@example.com"}}
    emulator.close()


def test_one_row_without_views_when_the_vendor_has_none(client):
    data = client.get("/_emulator/data/users/2?tenant=two").get_json()
    assert data["row"]["email"] == "p1@example.com"
    assert "views" not in data


@pytest.mark.parametrize("query,status,message", [
    ("/_emulator/data/nope?tenant=one", 404, "no table 'nope'"),
    ("/_emulator/data/users?tenant=zzz", 404, "no tenant 'zzz'"),
    ("/_emulator/data/users?limit=abc", 400, "must be integers"),
    ("/_emulator/data/users?limit=0", 400, "'limit' between 1 and 500"),
    ("/_emulator/data/users?offset=-1", 400, "'offset' must be >= 0"),
    ("/_emulator/data/users/9999", 404, "no row '9999'"),
])
def test_bad_requests_say_what_is_wrong(client, query, status, message):
    response = client.get(query)
    assert response.status_code == status
    assert message in response.get_json()["error"]


def test_reads_are_not_journaled_and_change_nothing(client):
    before = client.get("/_emulator/state?tenant=one").get_json()
    client.get("/_emulator/data/users?tenant=one&q=person")
    assert client.get("/_emulator/state?tenant=one").get_json() == before
    assert client.get("/_emulator/journal").get_json()["count"] == 0


def test_journal_fields_selects_what_each_entry_carries():
    from .toy import TOY

    emulator = Emulator(TOY, Config())
    client = emulator.app.test_client()
    client.get("/api/nowhere")
    full = client.get("/_emulator/journal").get_json()["entries"][0]
    assert "response_body" in full and "request_headers" in full
    brief = client.get("/_emulator/journal?fields=id,method,path,status").get_json()
    assert brief["entries"] == [{"id": full["id"], "method": "GET", "path": "/api/nowhere",
                                 "status": full["status"]}]
    bad = client.get("/_emulator/journal?fields=id,nope")
    assert bad.status_code == 400 and "unknown journal fields ['nope']" in bad.get_json()["error"]
    emulator.close()


def test_table_search_sees_writes_and_keeps_its_cache_out_of_snapshots():
    state = PeopleState()
    seed(state, None, {"users": 50}, None)
    users = state.users
    assert [p.id for p in users.search("person 4")] == [5, 41, *range(43, 51)]  # id 42 is "Zed Special"
    users.update(users.get(5), name="Renamed Four")
    assert [p.id for p in users.search("renamed")] == [5]
    assert 5 not in [p.id for p in users.search("person 4")]
    users.delete(users.get(41))
    assert [p.id for p in users.search("person 4")] == list(range(43, 51))
    users.insert(Person(99, "new@example.com", "Person 4 again", 30))
    assert [p.id for p in users.search("again")] == [99]
    copy = State.loads(state.dumps())
    assert copy.users._texts == {} and [p.id for p in copy.users.search("again")] == [99]
