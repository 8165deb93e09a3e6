"""Basic auth (subdomain:key), the recorded headers, and the 500/minute limit answered with 403."""

from __future__ import annotations

import re

from lessonly_helpers import basic

from emulator.vendors.lessonly import DEMO_API_KEY, DEMO_SUBDOMAIN


def test_good_credentials(api):
    assert api.get("/api/v1/ping").status_code == 200
    assert api.get("/api/v1/ping", auth=basic(DEMO_SUBDOMAIN.upper(), DEMO_API_KEY)).status_code == 200


def test_bad_credentials_are_401_without_www_authenticate(api):
    for auth in (None, basic(DEMO_SUBDOMAIN, "wrong"), basic("other", DEMO_API_KEY), "Bearer " + DEMO_API_KEY,
                 "Basic !!!notbase64", "Basic " + "ZGVtbw==", basic("", "")):
        r = api.get("/api/v1/users", auth=auth)
        assert r.status_code == 401, auth
        assert r.get_json() == {"error": "Unauthorized"}
        assert "WWW-Authenticate" not in r.headers


def test_auth_comes_before_id_lookup_and_writes(api):
    count = len(api.state.users)
    r = api.post("/api/v1/users", {"name": "X", "email": "x@example.com"}, auth=basic(DEMO_SUBDOMAIN, "nope"))
    assert r.status_code == 401 and r.get_json() == {"error": "Unauthorized"} and len(api.state.users) == count
    r = api.get("/api/v1/users/1", auth=None)  # an unknown id, but auth answers first
    assert r.status_code == 401 and r.get_json() == {"error": "Unauthorized"}


def test_recorded_headers(api):
    r = api.get("/api/v1/users")
    assert r.headers["Content-Type"] == "application/json"
    assert re.fullmatch(r'W/"[0-9a-f]{32}"', r.headers["ETag"])
    assert r.headers["Cache-Control"] == "max-age=0, private, must-revalidate"
    assert re.fullmatch(r"[0-9a-f-]{36}", r.headers["X-Request-Id"])
    assert re.fullmatch(r"\d+\.\d{6}", r.headers["X-Runtime"])
    assert r.headers["Vary"] == "Origin"
    again = api.get("/api/v1/users")
    assert again.headers["ETag"] == r.headers["ETag"] and again.headers["X-Request-Id"] != r.headers["X-Request-Id"]
    error = api.get("/api/v1/users/1")
    assert "ETag" not in error.headers and error.headers["Cache-Control"] == "no-cache"


def test_if_none_match_gives_304(api):
    etag = api.get("/api/v1/groups").headers["ETag"]
    r = api.get("/api/v1/groups", headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.data == b""
    api.post("/api/v1/groups", {"name": "Changed"})
    assert api.get("/api/v1/groups", headers={"If-None-Match": etag}).status_code == 200


def test_rate_limit_500_per_minute_is_403_without_headers(api):
    api.tenant.clock.freeze(1_800_000_000.0)  # the start of a minute window
    try:
        for _ in range(500):
            assert api.get("/api/v1/ping").status_code == 200
        r = api.get("/api/v1/ping")
        assert r.status_code == 403
        assert r.get_json() == {"error": "Forbidden (Rate Limit Exceeded)"}
        assert not [h for h in r.headers.keys() if "ratelimit" in h.lower() or h.lower() == "retry-after"]
        api.tenant.clock.advance(60)
        assert api.get("/api/v1/ping").status_code == 200
    finally:
        api.tenant.clock.reset()


def test_rate_limit_status_switch_429(api, switch):
    switch("over_limit_status", 429)
    api.tenant.clock.freeze(1_800_000_000.0)
    try:
        for _ in range(500):
            api.get("/api/v1/ping")
        r = api.get("/api/v1/users")
        assert r.status_code == 429 and r.get_json() == {"error": "Forbidden (Rate Limit Exceeded)"}
    finally:
        api.tenant.clock.reset()
