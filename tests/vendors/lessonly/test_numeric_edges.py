"""Integers Python will not convert (more than 4,300 digits), Unicode digits and JSON nested too deep:
Lessonly's own answer, never a 500, never a write. Ruby reads a long run of ASCII digits as a Bignum
past every row (so: an empty page, a clamped per_page, a missing id); "¹" is no digit to Ruby."""

from __future__ import annotations

import json

import pytest

HUGE = "9" * 5000


def snapshot(api) -> str:
    return json.dumps(api.tenant.export(), sort_keys=True)


def test_a_huge_page_is_past_the_end_and_a_huge_per_page_is_clamped(api):
    total = len(api.state.users)
    body = api.get("/api/v1/users", query={"page": HUGE}).get_json()
    assert body["users"] == [] and body["total_users"] == total and body["per_page"] == 50
    body = api.get("/api/v1/users", query={"per_page": HUGE}).get_json()
    assert body["per_page"] == 1000 and body["page"] == 1 and len(body["users"]) == min(total, 1000)
    body = api.get("/api/v1/assignments", query={"page": HUGE, "per_page": "-" + HUGE}).get_json()
    assert body["assignments"] == [] and body["per_page"] == 50


def test_leading_zeros_are_not_a_huge_number(api):
    body = api.get("/api/v1/users", query={"page": "0" * 5000 + "1", "per_page": "0" * 5000 + "3"}).get_json()
    assert (body["page"], body["per_page"], len(body["users"])) == (1, 3, 3)


def test_unicode_digits_read_as_no_number(api):
    body = api.get("/api/v1/users", query={"page": "\u00b9", "per_page": "\u00b9"}).get_json()
    assert (body["page"], body["per_page"]) == (1, 50)


@pytest.mark.parametrize("body, status, answer", [
    ({"name": "A", "email": "a@example.com", "role_id": HUGE}, 400, {"error": "Role is invalid"}),
    ({"name": "A", "email": "a@example.com", "role_id": "\u00b9"}, 400, {"error": "Role is invalid"}),
    ({"name": "A", "email": "a@example.com", "role_id": "\u0661"}, 400, {"error": "Role is invalid"}),
])
def test_huge_or_unicode_integer_strings_in_a_create_write_nothing(api, body, status, answer):
    before = snapshot(api)
    r = api.post("/api/v1/users", body)
    assert r.status_code == status and r.get_json() == answer
    assert snapshot(api) == before


def test_a_huge_group_id_is_not_found(api):
    uid = api.active_user().id
    before = snapshot(api)
    r = api.put(f"/api/v1/users/{uid}/groups", {"memberships": [{"id": HUGE}]})
    assert r.status_code == 404 and r.get_json() == {"error": "Not Found"}
    assert snapshot(api) == before


def test_a_huge_custom_field_filter_matches_nobody(api):
    body = api.get("/api/v1/users", query={f"filter[custom_user_field][{HUGE}]": "x"}).get_json()
    assert body["users"] == [] and body["total_users"] == 0


@pytest.mark.parametrize("raw", ["[" * 200_000 + "]" * 200_000, '{"a":' * 100_000 + "1" + "}" * 100_000,
                                 '{"name": ' + HUGE + "}"])
def test_json_rails_cannot_parse_is_malformed_request(api, raw):
    before = snapshot(api)
    for method, path in (("POST", "/api/v1/users"), ("PUT", f"/api/v1/users/{api.active_user().id}")):
        r = api.call(method, path, raw=raw)
        assert r.status_code == 400, (path, r.status_code)
        assert r.get_json() == {"error": "Malformed Request"}
    assert snapshot(api) == before


def test_an_id_in_non_ascii_digits_is_no_record(api):
    from urllib.parse import quote

    user = api.active_user()
    arabic = "".join(chr(0x660 + int(c)) for c in str(user.id))
    assert api.get(f"/api/v1/users/{user.id}").status_code == 200
    before = snapshot(api)
    for method, path in (("GET", f"/api/v1/users/{quote(arabic)}"), ("PUT", f"/api/v1/users/{quote(arabic)}"),
                         ("DELETE", f"/api/v1/users/{quote(arabic)}"), ("GET", "/api/v1/groups/%D9%A1")):
        body = {"name": "Renamed"} if method == "PUT" else None
        r = api.call(method, path, body)
        assert r.status_code == 404 and r.get_json() == {"error": "Not Found"}, (method, path)
    assert snapshot(api) == before
