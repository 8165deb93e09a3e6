"""Users are created through domains; deactivation is per domain; enrollments need a membership."""

from .conftest import DOMAIN


def create(sj, email, **user):
    return sj.post(f"/v1/domains/{DOMAIN}/users", json={"user": {"email": email, **user}})


def test_domain_user_create_makes_a_user_with_login_token(sj):
    r = create(sj, "new.learner@example.org", first_name="New", last_name="Learner")
    assert r.status_code == 201
    body = r.json
    assert set(body) == {"user", "active", "marketing_optin", "enrolled_at", "expires_at", "access_code",
                         "signup_fields", "login_token"}
    assert body["user"]["full_name"] == "New Learner" and body["active"] is True and body["login_token"]
    uid = body["user"]["id"]
    assert 12 <= len(uid) <= 13 and uid.isalnum() and uid == uid.lower()
    assert body["enrolled_at"].endswith("Z")
    listed = sj.get("/v1/users?email=new.learner@example.org").json["results"][0]
    assert listed["user"]["id"] == uid


def test_known_email_is_upsert_like_and_keeps_existing_details(sj):
    first = create(sj, "dup@example.org", first_name="Ada").json
    again = create(sj, "DUP@example.org", first_name="Other")
    assert again.status_code == 201
    assert again.json["user"]["id"] == first["user"]["id"] and again.json["user"]["first_name"] == "Ada"
    assert sj.get("/v1/users?email=dup@example.org").json["count"] == 1


def test_existing_user_joins_another_domain(sj):
    uid = create(sj, "two@example.org").json["user"]["id"]
    other = f"partners.{DOMAIN}"
    r = sj.post(f"/v1/domains/{other}/users", json={"user": {"email": "two@example.org"}})
    assert r.status_code == 201 and r.json["user"]["id"] == uid
    assert sj.get(f"/v1/domains/{other}/users/{uid}").status_code == 200


def test_create_validation_errors_are_nested_and_write_nothing(sj):
    before = len(sj.state.users)
    r = sj.post(f"/v1/domains/{DOMAIN}/users", json={"user": {"first_name": "x" * 51}})
    assert r.status_code == 400
    assert r.json == {"user": {"email": ["This field is required."],
                               "first_name": ["Ensure this field has no more than 50 characters."]}}
    r = sj.post(f"/v1/domains/{DOMAIN}/users", json={"user": {"email": "not-an-email"}, "active": "maybe"})
    assert r.json == {"user": {"email": ["Enter a valid email address."]}, "active": ["Must be a valid boolean."]}
    assert sj.post(f"/v1/domains/{DOMAIN}/users", json={}).json == {"user": ["This field is required."]}
    assert len(sj.state.users) == before


def test_deactivate_via_domain_membership(sj):
    uid = create(sj, "leaver@example.org").json["user"]["id"]
    r = sj.patch(f"/v1/domains/{DOMAIN}/users/{uid}", json={"active": False})
    assert r.status_code == 200 and r.json["active"] is False and "login_token" in r.json
    overview = sj.get(f"/v1/users/{uid}").json
    assert overview["inactive_at"] is not None
    inactive = sj.get("/v1/users?is_inactive=true&page_size=1000").json["results"]
    assert uid in {row["user"]["id"] for row in inactive}
    assert sj.get(f"/v1/domains/{DOMAIN}/users?active=false&user__email=leaver@example.org").json["count"] == 1
    sj.put(f"/v1/domains/{DOMAIN}/users/{uid}", json={"active": True})
    assert sj.get(f"/v1/users/{uid}").json["inactive_at"] is None


def test_user_update_is_partial_and_ignores_is_active(sj):
    uid = create(sj, "rename@example.org", first_name="A").json["user"]["id"]
    r = sj.put(f"/v1/users/{uid}", json={"last_name": "Zed", "is_active": False, "unknown": 1})
    assert r.status_code == 200
    assert r.json == {"id": uid, "email": "rename@example.org", "first_name": "A", "last_name": "Zed",
                      "inactive_at": None}
    assert "X-Emulator-Hint" in r.headers


def test_user_update_bad_types_write_nothing(sj):
    uid = create(sj, "typed@example.org", first_name="Keep").json["user"]["id"]
    r = sj.patch(f"/v1/users/{uid}", json={"first_name": "Changed", "email": ["x"]})
    assert r.status_code == 400 and r.json == {"email": ["Not a valid string."]}
    assert sj.get(f"/v1/users/{uid}").json["user"]["first_name"] == "Keep"


def test_user_email_clash_is_400(sj):
    a = create(sj, "a1@example.org").json["user"]["id"]
    create(sj, "b1@example.org")
    r = sj.patch(f"/v1/users/{a}", json={"email": "b1@example.org"})
    assert r.status_code == 400 and "email" in r.json


def test_anonymize(sj):
    uid = create(sj, "private@example.org", first_name="Pat").json["user"]["id"]
    r = sj.post(f"/v1/users/{uid}/anonymize")
    assert r.status_code == 200 and r.json["user"]["email"] != "private@example.org"
    assert r.json["user"]["first_name"] == "" and r.json["inactive_at"] is not None
    assert sj.get("/v1/users?email=private@example.org").json["count"] == 0


def test_unknown_ids_are_404(sj):
    for path in ("/v1/users/zzzzzzzzzzzz", "/v1/users/zzzzzzzzzzzz/groups", f"/v1/domains/{DOMAIN}/users/zzzz",
                 "/v1/domains/no.such.domain/users", "/v1/groups/zzzz", "/v1/courses/zzzz", "/v1/webhooks/zzzz"):
        r = sj.get(path)
        assert r.status_code == 404 and r.json == {"detail": "Not found."}, path


def published(sj):
    return sj.get(f"/v1/domains/{DOMAIN}/published-courses").json["results"][0]


def test_enrollment_needs_domain_membership(sj):
    pc = published(sj)["id"]
    outsider = sj.post(f"/v1/domains/partners.{DOMAIN}/users", json={"user": {"email": "out@example.org"}})
    uid = outsider.json["user"]["id"]
    r = sj.post(f"/v1/domains/{DOMAIN}/published-courses/{pc}/enrollments", json={"user": {"id": uid}})
    assert r.status_code == 400 and "user" in r.json
    assert sj.get(f"/v1/users/{uid}/published-courses").json == []


def test_enroll_then_progress_and_complete(sj):
    pc = published(sj)
    uid = create(sj, "learner@example.org").json["user"]["id"]
    r = sj.post(f"/v1/domains/{DOMAIN}/published-courses/{pc['id']}/enrollments", json={"user": {"id": uid}})
    assert r.status_code == 201 and r.json["user"]["id"] == uid and r.json["active"] is True
    eid = r.json["id"]
    rows = sj.get(f"/v1/users/{uid}/published-courses").json
    assert [row["enrollment_id"] for row in rows] == [eid]
    r = sj.patch(f"/v1/users/{uid}/published-courses/{pc['id']}",
                 json={"course_progress": {"completed_at": "2026-03-01T10:00:00Z", "score": 9, "max_score": 10,
                                           "success_status": "PASSED"}})
    assert r.status_code == 200
    assert r.json["course_progress"]["completed_at"] == "2026-03-01T10:00:00Z"
    assert sj.get(f"/v1/users/{uid}").json["completion_count"] == 1
    r = sj.patch(f"/v1/domains/{DOMAIN}/published-courses/{pc['id']}/enrollments/{eid}", json={"active": False})
    assert r.json["active"] is False


def test_enrollment_is_idempotent_for_same_time(sj):
    pc = published(sj)["id"]
    uid = create(sj, "idem@example.org").json["user"]["id"]
    body = {"user": {"id": uid}, "enrolled_at": "2026-01-05T00:00:00Z"}
    a = sj.post(f"/v1/domains/{DOMAIN}/published-courses/{pc}/enrollments", json=body).json
    b = sj.post(f"/v1/domains/{DOMAIN}/published-courses/{pc}/enrollments", json=body).json
    assert a["id"] == b["id"]


def test_progress_by_id_resolves_by_underlying_course(sj):
    st = sj.state
    course_id = next(c for c in st.courses if len(st.published_courses.where("course_id", c.id)) == 2).id
    main, partner = sorted(st.published_courses.where("course_id", course_id),
                           key=lambda p: p.domain_name != DOMAIN)
    uid = sj.post(f"/v1/domains/partners.{DOMAIN}/users", json={"user": {"email": "pp@example.org"}}).json["user"]["id"]
    sj.post(f"/v1/domains/partners.{DOMAIN}/published-courses/{partner.id}/enrollments", json={"user": {"id": uid}})
    r = sj.get(f"/v1/users/{uid}/published-courses/{main.id}")
    assert r.status_code == 200 and r.json["published_course_id"] == partner.id  # the other publication


def test_lessons_progress_route_is_404_as_live(sj):
    row = sj.state.enrollments.page(0, 1)[0]
    assert sj.get(f"/v1/users/{row.user_id}/published-courses/{row.published_course_id}/lessons").status_code == 404


def test_bulk_create_is_all_or_nothing_and_202(sj):
    before = len(sj.state.users)
    bad = {"users": [{"email": "ok1@example.org"}, {"email": "nope"}]}
    r = sj.post(f"/v1/domains/{DOMAIN}/users/bulk-create", json=bad)
    assert r.status_code == 400 and r.json == {"users": [{}, {"email": ["Enter a valid email address."]}]}
    assert len(sj.state.users) == before
    r = sj.post(f"/v1/domains/{DOMAIN}/users/bulk-create",
                json={"users": [{"email": "ok1@example.org"}, {"email": "ok2@example.org", "active": False}]})
    assert r.status_code == 202
    assert len(sj.state.users) == before + 2
    assert sj.post(f"/v1/domains/{DOMAIN}/users/bulk-create", json={"users": []}).json == {
        "users": ["This list may not be empty."]}


def test_publish_unpublish(sj):
    course = sj.post("/v1/courses", json={"title": "New", "short_description": "s",
                                          "enforce_sequential_navigation": False}).json
    r = sj.post(f"/v1/domains/{DOMAIN}/published-courses", json={"course": {"id": course["id"]}})
    assert r.status_code == 201 and r.json["course"]["id"] == course["id"]
    again = sj.post(f"/v1/domains/{DOMAIN}/published-courses", json={"course": {"id": course["id"]}})
    assert again.status_code == 400
    assert again.json == {"non_field_errors": ["This course is already published to this domain."]}
    pcid = r.json["id"]
    assert sj.get(f"/v1/domains/{DOMAIN}/published-courses?course__id={course['id']}").json["count"] == 1
    gone = sj.delete(f"/v1/domains/{DOMAIN}/published-courses/{pcid}")
    assert gone.status_code == 204 and gone.data == b""
    r = sj.get(f"/v1/domains/{DOMAIN}/published-courses/{pcid}")
    assert r.status_code == 404 and r.json == {"detail": "Not found."}
    assert sj.get(f"/v1/domains/{DOMAIN}/published-courses?course__id={course['id']}").json["count"] == 0


def test_form_and_multipart_writes(sj):
    r = sj.post(f"/v1/domains/{DOMAIN}/users", data={"user.email": "form@example.org", "user.first_name": "F",
                                                     "active": "true"})
    assert r.status_code == 201 and r.json["user"]["first_name"] == "F"
    r = sj.post(f"/v1/domains/{DOMAIN}/users", data={"user.email": "multi@example.org"},
                content_type="multipart/form-data")
    assert r.status_code == 201


def test_describe_one_learner_for_the_console(sj):
    uid = create(sj, "desc@example.org", first_name="De", last_name="Sc").json["user"]["id"]
    summary = sj.emulator.vendor.describe(sj.state, "desc@example.org")
    assert summary["id"] == uid and summary["domains"] == {DOMAIN: True} and summary["name"] == "De Sc"
    assert sj.emulator.vendor.describe(sj.state, "nobody") is None


def test_same_seed_same_bytes_and_ids_shaped_like_skilljar():
    import json
    import re

    from emulator.config import Config
    from emulator.core.emulator import Emulator
    from emulator.vendors.skilljar import VENDOR

    a, b = Emulator(VENDOR, Config(seed=7)), Emulator(VENDOR, Config(seed=7))
    try:
        ea, eb = a.tenants.first().export(), b.tenants.first().export()
        assert json.dumps(ea, sort_keys=True) == json.dumps(eb, sort_keys=True)
        ids = [row["id"] for name in ("users", "courses", "groups", "enrollments", "published_courses")
               for row in ea["tables"][name]]
        assert ids and all(re.fullmatch(r"[0-9a-z]{12,13}", i) for i in ids)
        assert len(ids) == len(set(ids))
    finally:
        a.close()
        b.close()
