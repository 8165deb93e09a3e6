"""Numbers that only look like numbers on every SCIM profile: "¹" passes str.isdigit() but int() refuses
it, "+-+5" passed a lstrip("+-") check, and Python will not convert more than 4,300 digits. Each gets
the profile's own answer for a bad startIndex/count or an unknown id; nothing is written."""

from __future__ import annotations

import json

import pytest

from .helpers import ERROR, LIST, PATCH, USER
from .test_bad_input_all_profiles import client

VENDORS = ["talentlms", "skilljar", "lessonly"]
HUGE = "9" * 5000


def bad_value(vendor: str, name: str) -> dict:
    # the RFC engine (TalentLMS, Skilljar) and Lessonly's scim_count (tests/scim/test_*_scim.py)
    detail = f"{name} must be a positive integer." if vendor == "lessonly" else f"'{name}' must be an integer."
    return {"schemas": [ERROR], "scimType": "invalidValue", "detail": detail, "status": "400"}


def state(handle) -> str:
    return json.dumps(handle.tenant.state.export(), sort_keys=True, default=str)


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize("path", ["/Users/%C2%B9", "/Users/%D9%A1"])
def test_a_unicode_digit_id_is_not_found(vendor, path, request):
    handle = request.getfixturevalue(vendor)
    r = client(handle).get(path)
    shown = {"/Users/%C2%B9": "\u00b9", "/Users/%D9%A1": "\u0661"}[path]
    assert r.status_code == 404
    assert r.json() == {"schemas": [ERROR], "detail": f"Resource {shown} not found.", "status": "404"}


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_writes_to_a_unicode_digit_id_change_nothing(vendor, method, request):
    handle = request.getfixturevalue(vendor)
    scim = client(handle)
    before = state(handle)
    body = {"PUT": {"schemas": [USER], "userName": "edge@example.com", "active": False},
            "PATCH": {"schemas": [PATCH], "Operations": [{"op": "replace", "path": "active", "value": False}]},
            "DELETE": None}[method]
    r = scim.call(method, "/Users/%C2%B9", body)
    if vendor == "lessonly" and method == "DELETE":  # scim_rails routes no DELETE: Rails' plain 404 page
        assert r.status_code == 404 and "doesn't exist" in r.text
    else:
        assert r.status_code == 404
        assert r.json() == {"schemas": [ERROR], "detail": "Resource \u00b9 not found.", "status": "404"}
    assert state(handle) == before


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize("name", ["startIndex", "count"])
@pytest.mark.parametrize("value", ["\u00b9", "1\u00b9", "\u0661", "+-+5", "--1"])
def test_paging_values_that_are_no_integer_are_the_profiles_400(vendor, name, value, request):
    handle = request.getfixturevalue(vendor)
    r = client(handle).get("/Users", params={name: value})
    assert r.status_code == 400, r.text
    assert r.json() == bad_value(vendor, name)


@pytest.mark.parametrize("vendor", ["talentlms", "skilljar"])
@pytest.mark.parametrize("name", ["startIndex", "count"])
def test_the_rfc_engine_refuses_integers_too_long_to_read(vendor, name, request):
    handle = request.getfixturevalue(vendor)
    r = client(handle).get("/Users", params={name: HUGE})
    assert r.status_code == 400 and r.json() == bad_value(vendor, name)


def test_lessonly_reads_a_huge_count_as_everything_and_a_huge_start_as_past_the_end(lessonly):
    """scim_count accepts any /\\A\\d+\\z/: Ruby reads it as a Bignum; no int() of 5,000 digits here."""
    scim = client(lessonly)
    everything = scim.get("/Users", params={"count": HUGE}).json()
    assert everything["schemas"] == [LIST]
    assert len(everything["Resources"]) == everything["totalResults"] == len(lessonly.tenant.state.users)
    past = scim.get("/Users", params={"startIndex": HUGE}).json()
    assert past["Resources"] == [] and past["totalResults"] == everything["totalResults"]
    r = scim.get("/Users", params={"count": "0" * 5000})
    assert r.status_code == 400 and r.json() == bad_value("lessonly", "count")
    assert scim.get("/Users", params={"count": "0" * 5000 + "2"}).json()["itemsPerPage"] == 2


def test_lessonly_jwt_whose_payload_nests_too_deep_is_the_bad_token_401(lessonly):
    import base64

    deep = base64.urlsafe_b64encode(b"[" * 5000 + b"]" * 5000).decode().rstrip("=")
    scim = client(lessonly)
    plain_bad = scim.get("/Users", auth="Bearer a.b.c")
    r = scim.get("/Users", auth=f"Bearer a.{deep}.c")
    assert r.status_code == plain_bad.status_code == 401
    assert r.json() == plain_bad.json() and r.json()["schemas"] == [ERROR]
