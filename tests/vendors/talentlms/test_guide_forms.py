"""Stitchflow guide forms (seeds 000/002) answered as real TalentLMS would, plus X-Emulator-Hint."""

HINT = "X-Emulator-Hint"


def test_put_and_delete_on_users_id(api, talentlms):
    before = api.ok("users/id:2")
    for method in ("PUT", "DELETE", "PATCH"):
        r = api.http.request(method, api.url("users/2"), data={"first_name": "Jonathan", "status": "inactive"})
        assert r.status_code == 400, method
        assert r.json()["error"]["message"] == "Invalid arguments provided"
        assert "edituser" in r.headers[HINT] or "deleteuser" in r.headers[HINT]
    after = api.ok("users/id:2")
    assert after["first_name"] == before["first_name"] and after["status"] == before["status"]
    assert talentlms.journal(method="PUT")[0].hint.startswith("TalentLMS v1 has no PUT")


def test_get_users_numeric_id(api):
    r = api.get("users/42")
    assert r.status_code == 400 and "users/id:N" in r.headers[HINT]


def test_post_users_is_not_signup(api):
    r = api.post("users", {"first_name": "John", "last_name": "Doe", "email": "jdoe@example.com", "login": "jdoe",
                           "password": "Secret123", "role": "learner"})
    assert r.status_code == 404 and r.json()["error"]["message"] == "The requested user does not exist"
    assert "usersignup" in r.headers[HINT]
    assert api.state.users.by("login", "jdoe") is None


def test_page_per_page_ignored(api):
    r = api.get("users?page=1&per_page=20")
    assert r.status_code == 200 and len(r.json()) == len(api.state.users)
    assert "page_size:N,page_number:M" in r.headers[HINT]


def test_query_string_user_status_in_course(api):
    e = next(e for e in api.state.enrollments if e.user_id != 1)
    r = api.get(f"getuserstatusincourse?user_id={e.user_id}&course_id={e.course_id}")
    assert r.status_code == 200 and "role" in r.json() and "completion_status" in r.json()
    assert "getuserstatusincourse/" in r.headers[HINT]


def test_documented_forms_carry_no_hint(api):
    assert HINT not in api.get("users/id:1").headers
    assert HINT not in api.post("usersignup", {"first_name": "a", "last_name": "b", "email": "ab@example.com",
                                               "login": "ab", "password": "x"}).headers
