"""Groups, members, email-domain rules, categories; courses and labels."""

from .conftest import DOMAIN


def test_group_crud_and_exact_name_filter(sj):
    r = sj.post("/v1/groups", json={"name": "Partners EMEA", "discount_percent": 10})
    assert r.status_code == 201
    gid = r.json["id"]
    assert r.json["user_count"] == 0 and r.json["discount_percent"] == 10
    assert sj.get("/v1/groups?name=Partners EMEA").json["count"] == 1
    assert sj.get("/v1/groups?name=partners emea").json["count"] == 0
    assert sj.patch(f"/v1/groups/{gid}", json={"name": "Partners APAC"}).json["name"] == "Partners APAC"
    r = sj.delete(f"/v1/groups/{gid}")
    assert r.status_code == 204 and r.data == b""
    r = sj.get(f"/v1/groups/{gid}")
    assert r.status_code == 404 and r.json == {"detail": "Not found."}
    assert sj.get("/v1/groups?name=Partners APAC").json["count"] == 0


def test_group_validation(sj):
    sj.post("/v1/groups", json={"name": "Same"})
    r = sj.post("/v1/groups", json={"name": "Same"})
    assert r.status_code == 400 and r.json == {"name": ["group with this name already exists."]}
    assert sj.get("/v1/groups?name=Same").json["count"] == 1
    r = sj.post("/v1/groups", json={"name": "", "discount_percent": 101})
    assert r.json == {"name": ["This field may not be blank."],
                      "discount_percent": ["Ensure this value is less than or equal to 100."]}
    r = sj.post("/v1/groups", json={"name": "X", "group_category_id": "zzzz"})
    assert r.status_code == 400 and r.json == {"group_category_id": ['Invalid pk "zzzz" - object does not exist.']}
    assert sj.post("/v1/groups", json=["name"]).json == {
        "non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}


def test_members_add_201_remove_204(sj):
    gid = sj.post("/v1/groups", json={"name": "Members"}).json["id"]
    uid = sj.state.users.page(0, 1)[0].id
    r = sj.post(f"/v1/groups/{gid}/users", json={"user": {"id": uid}})
    assert r.status_code == 201 and r.json["user"]["id"] == uid and r.json["created_at"]
    assert sj.get(f"/v1/groups/{gid}").json["user_count"] == 1
    assert gid in {m["group"]["id"] for m in sj.get(f"/v1/users/{uid}/groups").json["results"]}
    r = sj.post(f"/v1/groups/{gid}/users", json={"user": {"id": uid}})
    assert r.status_code == 400 and r.json == {"non_field_errors": ["The fields group, user must make a unique set."]}
    assert sj.get(f"/v1/groups/{gid}").json["user_count"] == 1
    r = sj.delete(f"/v1/groups/{gid}/users/{uid}")
    assert r.status_code == 204 and r.data == b""
    r = sj.get(f"/v1/groups/{gid}/users/{uid}")
    assert r.status_code == 404 and r.json == {"detail": "Not found."}
    assert sj.get(f"/v1/groups/{gid}").json["user_count"] == 0


def test_guide_user_id_body_is_refused_with_hint(sj):
    gid = sj.post("/v1/groups", json={"name": "Guide"}).json["id"]
    r = sj.post(f"/v1/groups/{gid}/users", json={"user_id": "abc"})
    assert r.status_code == 400 and r.json == {"user": ["This field is required."]}
    assert '{"user": {"id"' in r.headers["X-Emulator-Hint"]


def test_email_domain_rules_patch_and_auto_join(sj):
    gid = sj.post("/v1/groups", json={"name": "Acme", "rule_email_domains": ["acme.test"]}).json["id"]
    r = sj.patch(f"/v1/groups/{gid}/email-domain-rules", json={"add": ["acme.example"], "remove": ["acme.test"]})
    assert r.json == {"email_domains": ["acme.example"]}
    assert sj.patch(f"/v1/groups/{gid}/email-domain-rules", json={"add": ["acme.example"]}).json == {
        "email_domains": ["acme.example"]}
    uid = sj.post(f"/v1/domains/{DOMAIN}/users", json={"user": {"email": "x@acme.example"}}).json["user"]["id"]
    assert sj.get(f"/v1/groups/{gid}/users/{uid}").status_code == 200


def test_group_categories(sj):
    body = sj.get("/v1/group-categories").json
    assert body["count"] == 3
    cid = body["results"][0]["id"]
    assert sj.get(f"/v1/group-categories/{cid}").json == body["results"][0]


def test_course_crud_and_labels(sj):
    r = sj.post("/v1/courses", json={"title": "Zero Trust", "short_description": "ZT",
                                     "enforce_sequential_navigation": True, "labels": ["Security"]})
    assert r.status_code == 201 and r.json["labels"] == ["Security"]
    cid = r.json["id"]
    assert cid in {c["id"] for c in sj.get("/v1/courses?label__name=Security&page_size=100").json["results"]}
    labels = sj.get(f"/v1/courses/{cid}/labels").json["results"]
    assert labels[0]["label"]["name"] == "Security"
    other = sj.state.labels.by("name", "Product")
    assert sj.post(f"/v1/courses/{cid}/labels", json={"label": {"id": other.id}}).status_code == 201
    assert sj.delete(f"/v1/courses/{cid}/labels/{other.id}").status_code == 204
    assert sj.patch(f"/v1/courses/{cid}", json={"title": "ZT 2"}).json["title"] == "ZT 2"
    assert sj.delete(f"/v1/courses/{cid}").status_code == 204
    r = sj.get(f"/v1/courses/{cid}")
    assert r.status_code == 404 and r.json == {"detail": "Not found."}


def test_course_required_fields(sj):
    r = sj.post("/v1/courses", json={})
    assert r.status_code == 400 and set(r.json) == {"enforce_sequential_navigation", "short_description", "title"}
