"""The Stitchflow guide's forms get Skilljar's real answers plus an X-Emulator-Hint."""

from .conftest import add_tenant


def test_post_users_is_405_with_hint(sj):
    r = sj.post("/v1/users/", json={"email": "new@example.org"})
    assert r.status_code == 405 and r.json == {"detail": 'Method "POST" not allowed.'}
    assert "/v1/domains/{domain_name}/users" in r.headers["X-Emulator-Hint"]


def test_user_enrollments_route_does_not_exist(sj):
    uid = sj.state.users.page(0, 1)[0].id
    for method in ("get", "post"):
        r = getattr(sj, method)(f"/v1/users/{uid}/enrollments/")
        assert r.status_code == 404 and r.json == {"detail": "Not found."}
        assert "published-courses" in r.headers["X-Emulator-Hint"]


def test_prefixed_ids_are_not_found(sj):
    r = sj.get("/v1/users/usr_abc123/")
    assert r.status_code == 404 and "base-36" in r.headers["X-Emulator-Hint"]


def test_dotted_event_names_are_invalid_choices(sj):
    r = sj.post("/v1/webhooks", json={"target_url": "https://example.org/hook", "event_type": "course.completed"})
    assert r.status_code == 400 and r.json == {"event_type": ['"course.completed" is not a valid choice.']}
    assert "COURSE_COMPLETION" in r.headers["X-Emulator-Hint"]


def test_guide_token_header(emulator):
    client = add_tenant(emulator, "guide")
    r = client.raw.get("/v1/users/", headers={"Authorization": "Token sk-live-guide-key"})
    # no DRF authenticator claims the Token scheme, so it reads as no credentials at all
    assert r.status_code == 401 and r.json == {"detail": "Authentication credentials were not provided."}
    assert r.headers["WWW-Authenticate"] == 'Basic realm="api"'
    r = client.raw.get("/v1/users/", headers={"Authorization": "Bearer sk-live-guide-key"})
    assert r.status_code == 401 and r.json == {"detail": "Invalid token."}
    assert r.headers["WWW-Authenticate"] == 'Basic realm="api"'
    assert client.get("/v1/users/").status_code == 200  # the same key as Basic is accepted


def test_no_hint_on_real_routes(sj):
    assert "X-Emulator-Hint" not in sj.get("/v1/users").headers
