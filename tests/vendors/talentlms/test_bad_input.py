"""Bad input of every kind: always the vendor's error envelope, never a 500, never a partial write."""

import random

import pytest

from emulator.vendors.talentlms.routes.actions import ACTIONS

JUNK = ["", " ", "abc", "-1", "0", "1.5", "99999999999999", "%00", "%", "%zz", "a%2Cb", "'; DROP TABLE users;--",
        "<script>", "\u00e9\u00e8", "x" * 300, "on", "yes", "null", "[]", "{}"]
KEYS = ["id", "user_id", "course_id", "group_id", "branch_id", "unit_id", "email", "username", "status",
        "group_key", "category_id", "page_size", "page_number", "event_type", "custom_field_value", "test_id",
        "survey_id", "ilt_id", "name", "role", "permanent", "deactivation_date", "login", "password"]


def _assert_vendor_error_or_ok(r):
    assert r.status_code < 500, (r.request.method, r.request.url, r.status_code, r.text)
    body = r.json()
    if r.status_code >= 400:
        assert set(body) == {"error"} and set(body["error"]) == {"type", "message"}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_every_action_survives_junk_arguments(api, talentlms, action):
    talentlms.freeze(1_800_000_000)
    rng = random.Random(action)
    for i in range(40):
        if i % 150 == 149:
            talentlms.advance(5)
        params = {k: rng.choice(JUNK) for k in rng.sample(KEYS, rng.randint(0, 4))}
        if rng.random() < 0.5:
            segment = ",".join(f"{k}:{v}" for k, v in params.items())
            r = api.get(f"{action}/{segment}")
        else:
            r = api.post(action, data=params)
        _assert_vendor_error_or_ok(r)


def test_refused_writes_change_nothing(api, talentlms):
    before = talentlms.tenant.export()
    failing = [
        ("usersignup", {"first_name": "a", "last_name": "b", "email": "admin@demo.talentlms.com", "login": "zz",
                        "password": "p"}),
        ("usersignup", {"first_name": "a", "last_name": "b", "email": "ok@example.com", "login": "zz",
                        "password": "p", "custom_field_4": "maybe"}),
        ("edituser", {"user_id": "2", "email": "admin@demo.talentlms.com", "first_name": "Changed"}),
        ("edituser", {"user_id": "2", "first_name": "Changed", "credits": "NaN"}),
        ("deleteuser", {"user_id": "1"}),
        ("createcourse", {"name": "X", "category_id": "999"}),
        ("addusertocourse", {"user_id": "2", "course_id": "1", "role": "god"}),
        ("creategroup", {"name": "G", "max_redemptions": "many"}),
        ("createbranch", {"name": "B", "users_limit": "lots"}),
        ("addusertogroup", {"user_id": "2", "group_key": "nokey"}),
    ]
    for action, data in failing:
        r = api.post(action, data)
        assert 400 <= r.status_code < 500, (action, r.text)
    after = talentlms.tenant.export()
    assert after["tables"] == before["tables"]


@pytest.mark.parametrize("path", ["/api/v1/users/id:1/extra/../../x", "/api/v1//users", "/api/v1/users/id:1%2C",
                                  "/api/v1/users/,,,", "/api/v1/users/id:1,id:2", "/api/v1/%E2%82%AC",
                                  "/api/v1/users/email:%ZZ@x.com", "/api/v1/users/email:a@b.c%00"])
def test_odd_paths(talentlms, path):
    r = talentlms.http.get(talentlms.url(path))
    _assert_vendor_error_or_ok(r)


@pytest.mark.parametrize("ctype", ["application/json", "text/plain", "application/xml", "application/octet-stream",
                                   "multipart/form-data", "application/x-www-form-urlencoded; charset=latin-1"])
def test_wrong_content_types(api, ctype):
    count = len(api.state.users)
    r = api.http.post(api.url("usersignup"), data=b"\xff\xfe\x00garbage", headers={"Content-Type": ctype})
    # malformed JSON, an ignored content type, or a form without the required fields: all missing arguments
    assert r.status_code == 400 and r.headers["Content-Type"] == "application/json"
    assert r.json() == {"error": {"type": "invalid_request_error", "message": "Invalid arguments provided"}}
    assert len(api.state.users) == count


def test_unknown_paths_outside_the_api(talentlms):
    # outside /api/v1 is the portal, not the API: an HTML page, never the API's JSON envelope
    r = talentlms.http.get(talentlms.url("/api/v2/users"))
    assert r.status_code == 404 and r.headers["Content-Type"].startswith("text/html")
    assert "<h1>Not found</h1>" in r.text
    r = talentlms.http.get(talentlms.url("/index/autologin/key:doesnotexist"))
    assert r.status_code == 404 and r.headers["Content-Type"].startswith("text/html")
    assert "<h1>Link expired</h1>" in r.text


@pytest.mark.parametrize("method", ["HEAD", "OPTIONS", "TRACE", "PROPFIND"])
def test_other_methods_never_500(talentlms, method):
    r = talentlms.http.request(method, talentlms.url("/api/v1/users/id:1"))
    assert r.status_code < 500
    if method in ("TRACE", "PROPFIND"):  # no such method on an action: the vendor's envelope, never an HTML 405
        assert r.status_code == 405
        assert r.json() == {"error": {"type": "invalid_request_error",
                                      "message": "The requested API action does not exist"}}


def test_an_emulator_bug_answers_the_vendor_500_envelope(api, talentlms, monkeypatch):
    from emulator.vendors.talentlms.routes import actions

    def broken(lms, p, w):
        raise RuntimeError("boom")

    monkeypatch.setitem(actions.ACTIONS, "siteinfo", broken)
    r = api.get("siteinfo")
    assert r.status_code == 500
    assert r.json() == {"error": {"type": "api_error", "message": "Internal server error"}}
    assert "boom" in talentlms.journal(path_contains="siteinfo")[-1].fault
