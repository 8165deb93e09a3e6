"""Skilljar's SCIM profile over its REST store: users and groups shared with REST, DELETE deactivating,
and the REST/SCIM split the dossier warns about, observable rather than hidden."""

from __future__ import annotations

import pytest

from .helpers import ERROR, GROUP, USER, Scim, basic, ops


@pytest.fixture
def scim(skilljar):
    return Scim(skilljar.url("/scim/v2"), "Bearer " + skilljar.credentials["scim_token"])


@pytest.fixture
def rest(skilljar):
    def call(method: str, path: str, **kw):
        return skilljar.http.request(method, skilljar.url("/v1" + path), timeout=30, **kw)
    return call


def domain(skilljar) -> str:
    return skilljar.credentials["domain"]


def new_user(email="sso.user@example.com", **extra):
    return {"schemas": [USER], "userName": email, "name": {"givenName": "Sso", "familyName": "User"},
            "active": True, **extra}


def test_scim_token_is_separate_from_the_rest_key(scim, skilljar):
    key = skilljar.credentials["api_key"]
    assert scim.get("/Users").status_code == 200
    for header in (f"Bearer {key}", basic(key, ""), None):
        r = scim.get("/Users", auth=header)
        assert r.status_code == 401 and r.json()["schemas"] == [ERROR]


def test_both_slash_forms_are_served(scim):
    assert scim.get("/Users/").status_code == 200 and scim.get("/Users").status_code == 200
    assert scim.get("/ServiceProviderConfig/").status_code == 200
    uid = scim.get("/Users", params={"count": 1}).json()["Resources"][0]["id"]
    assert scim.get(f"/Users/{uid}/").json()["id"] == uid
    assert scim.post("/Users/", new_user()).status_code == 201


def test_created_user_is_a_rest_user_in_the_main_domain(scim, rest, skilljar):
    created = scim.post("/Users", new_user(externalId="okta-1")).json()
    shown = rest("GET", f"/users/{created['id']}").json()
    assert shown["user"]["email"] == "sso.user@example.com" and shown["inactive_at"] is None
    member = rest("GET", f"/domains/{domain(skilljar)}/users/{created['id']}")
    assert member.status_code == 200 and member.json()["active"] is True
    assert created["emails"] == [{"value": "sso.user@example.com", "type": "work", "primary": True}]


def test_an_email_rest_already_knows_is_409(scim, rest, skilljar):
    rest("POST", f"/domains/{domain(skilljar)}/users", json={"user": {"email": "rest.first@example.com"}})
    r = scim.post("/Users", new_user("REST.first@example.com"))
    assert r.status_code == 409 and r.json()["scimType"] == "uniqueness"


def test_scim_deactivation_is_rest_inactive_and_delete_never_purges(scim, rest, skilljar):
    uid = scim.post("/Users", new_user()).json()["id"]
    assert scim.delete(f"/Users/{uid}").status_code == 204
    assert scim.get(f"/Users/{uid}").json()["active"] is False
    assert rest("GET", f"/users/{uid}").json()["inactive_at"] is not None
    assert rest("GET", f"/domains/{domain(skilljar)}/users/{uid}").json()["active"] is False
    scim.patch(f"/Users/{uid}", ops({"op": "replace", "value": {"active": True}}))
    assert rest("GET", f"/users/{uid}").json()["inactive_at"] is None


def test_rest_deactivation_shows_in_scim_without_any_event(scim, rest, skilljar):
    uid = scim.post("/Users", new_user()).json()["id"]
    rest("PATCH", f"/domains/{domain(skilljar)}/users/{uid}", json={"active": False})
    assert scim.get(f"/Users/{uid}").json()["active"] is False


def test_the_split_a_rest_deactivation_on_one_domain_stays_invisible_to_scim(scim, rest, skilljar):
    """A user in two domains: REST deactivates one membership; SCIM (user level) still says active."""
    uid = scim.post("/Users", new_user()).json()["id"]
    partners = f"partners.{domain(skilljar)}"
    rest("POST", f"/domains/{partners}/users", json={"user": {"email": "sso.user@example.com"}})
    rest("PATCH", f"/domains/{partners}/users/{uid}", json={"active": False})
    assert scim.get(f"/Users/{uid}").json()["active"] is True
    assert rest("GET", f"/domains/{partners}/users/{uid}").json()["active"] is False
    # and a SCIM reactivation after a full deactivation turns every membership back on
    scim.patch(f"/Users/{uid}", ops({"op": "replace", "path": "active", "value": False}))
    scim.patch(f"/Users/{uid}", ops({"op": "replace", "path": "active", "value": True}))
    assert rest("GET", f"/domains/{partners}/users/{uid}").json()["active"] is True


def test_active_is_required_on_create(scim):
    """A Skilljar user always has a state (docs/scim.md: ASSUMPTION; RFC 7643 has it optional)."""
    body = new_user()
    del body["active"]
    r = scim.post("/Users", body)
    assert r.status_code == 400 and r.json()["detail"] == "Attribute 'active' is required."


def test_rest_user_edits_show_in_scim(scim, rest):
    uid = scim.post("/Users", new_user()).json()["id"]
    rest("PATCH", f"/users/{uid}", json={"first_name": "Renamed", "email": "renamed@example.com"})
    body = scim.get(f"/Users/{uid}").json()
    assert body["userName"] == "renamed@example.com" and body["name"]["givenName"] == "Renamed"


def test_group_membership_is_shared_both_ways(scim, rest):
    uid = scim.post("/Users", new_user()).json()["id"]
    gid = scim.post("/Groups", {"schemas": [GROUP], "displayName": "SSO Learners",
                                "members": [{"value": uid}]}).json()["id"]
    listed = rest("GET", f"/groups/{gid}/users").json()
    assert [row["user"]["id"] for row in listed["results"]] == [uid]
    other = scim.post("/Users", new_user("second@example.com")).json()["id"]
    assert rest("POST", f"/groups/{gid}/users", json={"user": {"id": other}}).status_code == 201
    members = [m["value"] for m in scim.get(f"/Groups/{gid}").json()["members"]]
    assert members == [uid, other]
    rest("DELETE", f"/groups/{gid}/users/{uid}")
    assert [m["value"] for m in scim.get(f"/Groups/{gid}").json()["members"]] == [other]
    scim.patch(f"/Groups/{gid}", ops({"op": "remove", "path": f'members[value eq "{other}"]'}))
    assert rest("GET", f"/groups/{gid}/users").json()["results"] == []


def test_group_names_are_unique_across_rest_and_scim(scim, rest):
    rest("POST", "/groups", json={"name": "Made In REST"})
    r = scim.post("/Groups", {"schemas": [GROUP], "displayName": "Made In REST"})
    assert r.status_code == 409 and r.json()["scimType"] == "uniqueness"
    found = scim.get("/Groups", params={"filter": 'displayName eq "made in rest"'}).json()
    assert found["totalResults"] == 1


def test_group_delete_removes_it_from_rest(scim, rest):
    gid = scim.post("/Groups", {"schemas": [GROUP], "displayName": "Temp"}).json()["id"]
    assert scim.delete(f"/Groups/{gid}").status_code == 204
    assert rest("GET", f"/groups/{gid}").status_code == 404
    assert scim.get(f"/Groups/{gid}").status_code == 404


def test_member_that_is_not_a_user_is_refused(scim):
    r = scim.post("/Groups", {"schemas": [GROUP], "displayName": "X", "members": [{"value": "nosuchuser1"}]})
    assert r.status_code == 400 and r.json()["scimType"] == "invalidValue"


def test_email_user_name_switch(scim, skilljar, monkeypatch):
    assert scim.post("/Users", new_user("not-an-email")).status_code == 201
    monkeypatch.setitem(skilljar.tenant.switches, "scim_require_email_username", True)
    r = scim.post("/Users", new_user("still-not-an-email"))
    assert r.status_code == 400 and r.json()["scimType"] == "invalidValue"


def test_rest_and_scim_count_the_same_users(scim, rest):
    total = scim.get("/Users", params={"count": 0}).json()["totalResults"]
    assert total == rest("GET", "/users").json()["count"]


def test_last_modified_moves_with_put_and_patch(scim, skilljar):
    """Issue #12: ``meta.lastModified`` is the time of the latest change, PUT or PATCH alike."""
    skilljar.freeze("2026-06-01T00:00:00Z")
    created = scim.post("/Users", new_user("modified.user@example.com")).json()
    assert created["meta"]["lastModified"].startswith("2026-06-01T00:00:00")
    skilljar.advance(3600)
    put = scim.put(f"/Users/{created['id']}", new_user("modified.user@example.com", name={"givenName": "New"}))
    assert put.json()["meta"]["lastModified"].startswith("2026-06-01T01:00:00")
    skilljar.advance(3600)
    patched = scim.patch(f"/Users/{created['id']}", ops({"op": "replace", "path": "active", "value": False}))
    assert patched.json()["meta"]["lastModified"].startswith("2026-06-01T02:00:00")
    skilljar.advance(3600)
    renamed = scim.patch(f"/Users/{created['id']}", ops({"op": "replace", "path": "name.familyName",
                                                          "value": "Renamed"}))
    assert renamed.json()["meta"]["lastModified"].startswith("2026-06-01T03:00:00")
    assert scim.get(f"/Users/{created['id']}").json()["meta"]["lastModified"] == renamed.json()["meta"]["lastModified"]


def test_a_tenant_without_its_main_domain_gets_it_back_on_provisioning(scim, rest, skilljar):
    """A tenant imported or cloned without its main domain: SCIM create recreates it (ASSUMPTION), never a 500."""
    state = skilljar.tenant.state
    with skilljar.tenant.lock:
        state.domains.delete(state.domains.by("name", domain(skilljar)))
    r = scim.post("/Users", new_user("no.domain@example.com"))
    assert r.status_code == 201, r.text
    member = rest("GET", f"/domains/{domain(skilljar)}/users/{r.json()['id']}")
    assert member.status_code == 200 and member.json()["active"] is True
