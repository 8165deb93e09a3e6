"""Bad input never gives a 500: DRF's parse errors, media types, unknown paths, fuzzed bodies."""

import json

import pytest

from .conftest import DOMAIN, add_tenant, basic


def test_bad_json_is_drf_parse_error(sj):
    r = sj.post("/v1/groups", data="{bad", content_type="application/json")
    assert r.status_code == 400 and r.json["detail"].startswith("JSON parse error - ")


def test_unsupported_media_type(sj):
    r = sj.post("/v1/groups", data="name=x", content_type="text/plain")
    assert r.status_code == 415 and r.json == {"detail": 'Unsupported media type "text/plain" in request.'}


def test_unknown_path_and_bad_id_pattern_are_404_json(sj):
    for path in ("/v1/totally-made-up", "/v1/users/USR_ABC", "/nothing"):
        r = sj.get(path)
        assert r.status_code == 404 and r.json == {"detail": "Not found."}


def test_method_not_allowed_wording(sj):
    r = sj.delete("/v1/users")
    assert r.status_code == 405 and r.json == {"detail": 'Method "DELETE" not allowed.'}


def test_wrong_method_is_checked_after_auth_and_throttling_as_drf_does(sj, emulator):
    """APIView.dispatch runs authentication, permissions and throttles before it looks up a handler,
    so a client without a key gets 401 for a wrong method, and the 405 counts against the limits."""
    assert sj.raw.delete("/v1/users").status_code == 401
    assert sj.raw.delete("/v1/users").json == {"detail": "Authentication credentials were not provided."}
    assert sj.raw.delete("/v1/users", headers=basic("sk-live-wrong")).json == {"detail": "Invalid username/password."}
    assert sj.raw.get("/v1/nothing-here").status_code == 404  # unknown paths stay 404 before auth (URL routing)
    limited = add_tenant(emulator, "limited405")
    emulator.clock.set(1_800_000_000.0)
    emulator.clock.freeze()
    try:
        for _ in range(600):
            assert limited.delete("/v1/users").status_code == 405
        assert limited.delete("/v1/users").status_code == 429
    finally:
        emulator.clock.reset()


BODIES = [None, 1, "x", [], [1], {"user": "x"}, {"user": []}, {"user": {"email": 5}}, {"name": {"a": 1}},
          {"target_url": "ftp://x"}, {"event_type": 7}, {"additional_headers": "x"}, {"active": None},
          {"course": {"id": None}}, {"users": "x"}, {"course_progress": {"score": -1}}, {"label": 3}]
WRITES = [("post", f"/v1/domains/{DOMAIN}/users"), ("post", "/v1/groups"), ("post", "/v1/webhooks"),
          ("post", "/v1/courses"), ("post", f"/v1/domains/{DOMAIN}/users/bulk-create"),
          ("post", f"/v1/domains/{DOMAIN}/published-courses")]


@pytest.mark.parametrize("method,path", WRITES)
def test_fuzzed_bodies_never_500_and_never_write(sj, method, path):
    before = sj.state.counts()
    for body in BODIES:
        r = getattr(sj, method)(path, data=json.dumps(body), content_type="application/json")
        assert r.status_code == 400, (path, body, r.status_code, r.data)
        assert isinstance(r.json, dict)
    assert sj.state.counts() == before


def test_progress_and_patch_fuzz(sj):
    row = sj.state.enrollments.page(0, 1)[0]
    base = f"/v1/users/{row.user_id}/published-courses/{row.published_course_id}"
    for body in ({"course_progress": "x"}, {"course_progress": {"completed_at": "yesterday"}},
                 {"course_progress": {"success_status": "MAYBE"}}, {"course_progress": {"score": "ten"}}):
        r = sj.patch(base, json=body)
        assert r.status_code == 400, body
    r = sj.patch(base, json={"course_progress": {"completed_at": "2026-01-01"}})
    assert r.json == {"course_progress": {"completed_at": [
        ("Datetime has wrong format. Use one of these formats instead: "
        "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].")]}}
