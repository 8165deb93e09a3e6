"""Bad input against every profile: always the vendor's own error, never an unhandled 500 (Lessonly's
real 500s only behind ``scim_unhandled_500``), and never a partial write."""

from __future__ import annotations

import pytest

from .helpers import ERROR, PATCH, USER, Scim

VENDORS = ["talentlms", "skilljar", "lessonly"]


def client(handle) -> Scim:
    return Scim(handle.url("/scim/v2"), "Bearer " + handle.credentials["scim_token"])


def some_id(scim: Scim):
    return scim.get("/Users", params={"count": 1}).json()["Resources"][0]["id"]


BAD_REQUESTS = [
    ("POST", "/Users", {"raw": '{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": '}),
    ("POST", "/Users", {"raw": "\xff\xfe", "content_type": "application/scim+json"}),
    ("POST", "/Users", {"raw": "userName=a", "content_type": "text/plain"}),
    ("POST", "/Users", {"body": ["not", "an", "object"]}),
    ("POST", "/Users", {"body": {"schemas": [USER], "userName": {"nested": True}, "name": 5, "emails": "x"}}),
    ("POST", "/Users", {"body": {"schemas": [USER], "userName": "u@example.com", "favourite": [1, {"a": None}]}}),
    ("GET", "/Users", {"params": {"filter": 'userName eq "unterminated'}}),
    ("GET", "/Users", {"params": {"filter": "((((((((((((((((((((((((((((((((((((a eq 1"}}),
    ("GET", "/Users", {"params": {"filter": "x" * 10000}}),
    ("GET", "/Users", {"params": {"count": "1" + "0" * 40}}),
    ("GET", "/Users", {"params": {"startIndex": "-7", "count": "-1"}}),
    ("GET", "/Users", {"params": {"startIndex": "1e3"}}),
    ("GET", "/Users", {"params": {"attributes": "nosuch,,emails.nosuch", "excludedAttributes": "[]"}}),
    ("PATCH", "/Users/{id}", {"body": {"schemas": [PATCH],
                                       "Operations": [{"op": "replace", "path": "][", "value": 1}]}}),
    ("PATCH", "/Users/{id}", {"body": {"schemas": [PATCH],
                                       "Operations": [{"op": "add", "path": "nosuch.attr", "value": 1}]}}),
    ("PATCH", "/Users/{id}", {"body": {"schemas": [PATCH], "Operations": "replace"}}),
    ("PATCH", "/Users/{id}", {"body": {"schemas": [PATCH], "Operations": [None, 7, "x"]}}),
    ("PUT", "/Users/{id}", {"body": {"schemas": [USER]}}),
    ("PUT", "/Users/{id}", {"raw": "null"}),
    ("GET", "/Users/%00", {}),
    ("GET", "/Users/" + "9" * 400, {}),
    ("DELETE", "/Users/does-not-exist", {}),
]


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize("method, path, kw", BAD_REQUESTS)
def test_bad_input_is_answered_not_crashed(vendor, method, path, kw, request):
    handle = request.getfixturevalue(vendor)
    scim = client(handle)
    before = handle.tenant.state.export()
    r = scim.call(method, path.replace("{id}", str(some_id(scim))), kw.get("body"), raw=kw.get("raw"),
                  content_type=kw.get("content_type", "application/scim+json"), params=kw.get("params"))
    assert r.status_code < 500, (r.status_code, r.text)
    if r.status_code >= 400 and r.headers["Content-Type"].startswith("application/scim+json"):
        body = r.json()
        assert body["schemas"] == [ERROR] and body["status"] == str(r.status_code)
    if r.status_code >= 400:
        assert handle.tenant.state.export() == before  # nothing half-written


@pytest.mark.parametrize("vendor", VENDORS)
def test_wrong_tokens_and_other_tenants(vendor, request):
    handle = request.getfixturevalue(vendor)
    scim = client(handle)
    for header in ("Bearer " + handle.credentials["api_key"], "Bearer ", "Basic Og==", "Bearer a.b.c"):
        r = scim.get("/Users", auth=header)
        assert r.status_code == 401 and r.json()["schemas"] == [ERROR] and r.json()["status"] == "401"
