"""DRF envelopes with absolute links from the request host, page sizes, and the bare arrays."""

from .conftest import add_tenant


def test_users_envelope_and_absolute_next_from_host(sj):
    r = sj.get("/v1/users?page_size=10", headers={"Host": "api.example.test"})
    body = r.json
    assert list(body) == ["count", "next", "previous", "results"]
    assert body["count"] == 50 and len(body["results"]) == 10
    assert body["next"] == "http://api.example.test/v1/users?page=2&page_size=10"
    assert body["previous"] is None
    second = sj.get("/v1/users?page=2&page_size=10", headers={"Host": "api.example.test"}).json
    assert second["previous"] == "http://api.example.test/v1/users?page_size=10"
    assert second["results"][0]["user"]["id"] != body["results"][0]["user"]["id"]


def test_user_rows_nest_the_user(sj):
    row = sj.get("/v1/users").json["results"][0]
    assert set(row) == {"user", "registration_count", "completion_count", "signed_up_at", "latest_activity",
                        "inactive_at"}
    assert "id" not in row and set(row["user"]) == {"id", "email", "first_name", "last_name"}


def test_default_page_size_is_100_and_huge_pages_are_capped(sj, emulator):
    emulator.tenants.get("demo").reseed(sizes={"users": 250})
    assert len(sj.get("/v1/users").json["results"]) == 100
    assert len(sj.get("/v1/users?page_size=1000").json["results"]) == 250
    r = sj.get("/v1/users?page_size=99999999999")
    assert r.status_code == 200 and len(r.json["results"]) == 250
    assert len(sj.get("/v1/users?page_size=abc").json["results"]) == 100
    emulator.tenants.get("demo").reseed(sizes={"users": 50})


def test_invalid_page_is_404_invalid_page(sj):
    for page in ("0", "999", "x", "-1"):
        r = sj.get(f"/v1/users?page={page}")
        assert r.status_code == 404 and r.json == {"detail": "Invalid page."}


def test_progress_lists_are_bare_arrays(sj):
    uid = sj.state.enrollments.page(0, 1)[0].user_id
    for suffix in ("published-courses", "published-path-enrollments", "plan-enrollments"):
        body = sj.get(f"/v1/users/{uid}/{suffix}").json
        assert isinstance(body, list)
    assert sj.get(f"/v1/users/{uid}/published-courses").json[0]["course_progress"]["credits_earned"] in ("0", "1")


def test_envelope_switch_for_progress_lists(emulator):
    client = add_tenant(emulator, "env", switches={"progress_list_shape": "envelope"})
    uid = client.emulator.tenants.get("env").state.enrollments.page(0, 1)[0].user_id
    body = client.get(f"/v1/users/{uid}/published-courses").json
    assert set(body) == {"count", "next", "previous", "results"}


def test_email_filter_exact_and_unknown_is_empty(sj):
    user = sj.state.users.page(0, 1)[0]
    body = sj.get(f"/v1/users?email={user.email.upper()}").json
    assert body["count"] == 1 and body["results"][0]["user"]["id"] == user.id
    assert sj.get("/v1/users?email=nobody@nowhere.test").json == {"count": 0, "next": None, "previous": None,
                                                                   "results": []}


def test_cursor_mode_for_users_per_the_document(emulator):
    client = add_tenant(emulator, "cursor", switches={"users_pagination": "cursor"})
    first = client.get("/v1/users?page_size=20").json
    assert list(first) == ["next", "previous", "results"] and first["previous"] is None
    seen = [row["user"]["id"] for row in first["results"]]
    url = first["next"]
    while url:
        body = client.get(url.replace("http://localhost", "")).json
        seen += [row["user"]["id"] for row in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == 50
    assert "count" in client.get("/v1/users?page=1").json  # ?page=N switches to page numbers
    assert client.get("/v1/users?cursor=%%%").status_code == 404


def test_get_with_form_content_type_is_fine(sj):
    r = sj.get("/v1/users?page_size=1", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 200  # the R client sends this header on GETs


def test_deeply_nested_json_is_a_parse_error(sj):
    r = sj.post("/v1/groups", data="[" * 100000 + "]" * 100000, content_type="application/json")
    assert r.status_code == 400 and r.json["detail"].startswith("JSON parse error - ")
