"""TalentLMS's SCIM profile over its REST store: auth, the SSO prerequisite, the field mapping, and
REST and SCIM agreeing about the same users."""

from __future__ import annotations

import pytest

from emulator.config import Config, TenantConfig
from emulator.core.emulator import Emulator
from emulator.vendors.talentlms import VENDOR, new_tenant
from emulator.vendors.talentlms.scim import AUTH_FAILURE, SSO_REQUIRED

from .helpers import ERROR, USER, Scim, basic, created_through_slashed_paths, ops

UNAUTHORIZED = {"schemas": [ERROR], "detail": AUTH_FAILURE, "status": "401"}
CHALLENGE = 'Bearer realm="SCIM"'


def assert_unauthorized(r):
    assert r.status_code == 401 and r.json() == UNAUTHORIZED
    assert r.headers["Content-Type"] == "application/scim+json" and r.headers["WWW-Authenticate"] == CHALLENGE


@pytest.fixture
def scim(talentlms):
    return Scim(talentlms.url("/scim/v2"), "Bearer " + talentlms.credentials["scim_token"])


@pytest.fixture
def rest(talentlms):
    def call(action: str, method: str = "GET", **kw):
        return talentlms.http.request(method, talentlms.url(f"/api/v1/{action}"), timeout=30, **kw)
    return call


def new_user(login="okta.user", email="okta.user@example.com", **extra):
    return {"schemas": [USER], "userName": login, "name": {"givenName": "Okta", "familyName": "User"},
            "emails": [{"value": email, "type": "work", "primary": True}], "active": True, **extra}


def test_scim_token_is_separate_from_the_rest_key(scim, talentlms):
    assert scim.get("/Users").status_code == 200
    key = talentlms.credentials["api_key"]
    for header in (f"Bearer {key}", basic(key, ""), None, "Bearer "):
        assert_unauthorized(scim.get("/Users", auth=header))


def test_credentials_listing_names_the_scim_token(talentlms):
    tenants = talentlms.http.get(talentlms.url("/_emulator/tenants"), timeout=30).json()
    listed = tenants if isinstance(tenants, list) else tenants.get("tenants", [])
    assert any(t["credentials"].get("scim_token") == talentlms.credentials["scim_token"] for t in listed)


def test_without_sso_every_scim_call_is_the_prerequisite_error(scim, talentlms, monkeypatch):
    monkeypatch.setattr(talentlms.tenant.config, "sso_configured", False)
    for path in ("/Users", "/Users/1", "/ServiceProviderConfig"):
        r = scim.get(path)
        assert r.status_code == 403
        assert r.json() == {"schemas": [ERROR], "detail": SSO_REQUIRED, "status": "403"}
    assert_unauthorized(scim.get("/Users", auth="Bearer wrong"))  # auth still comes first


def test_scim_disabled_means_no_token(scim, talentlms, monkeypatch):
    monkeypatch.setattr(talentlms.tenant.config, "scim_enabled", False)
    assert_unauthorized(scim.get("/Users"))
    assert_unauthorized(scim.post("/Users", new_user()))
    assert talentlms.tenant.state.users.by("login", "okta.user") is None  # nothing provisioned


def test_one_trailing_slash_is_served_like_none(scim, rest):
    # the same PHP application answers REST v1's /api/v1/users/ (PyPI talentlms, C# client): docs/scim.md
    assert rest("users/").status_code == 200
    uid = created_through_slashed_paths(scim, new_user())
    r = scim.patch(f"/Users/{uid}/", ops({"op": "replace", "path": "active", "value": False}))
    assert r.status_code == 200 and r.json()["active"] is False
    assert scim.get("/ServiceProviderConfig/").status_code == 200


def test_user_name_is_login_and_emails_is_email(scim, rest):
    created = scim.post("/Users", new_user()).json()
    shown = rest(f"users/id:{created['id']}").json()
    assert shown["login"] == "okta.user" and shown["email"] == "okta.user@example.com"
    assert (shown["first_name"], shown["last_name"], shown["status"]) == ("Okta", "User", "active")
    by_login = scim.get("/Users", params={"filter": 'userName eq "OKTA.USER"'}).json()
    assert [u["id"] for u in by_login["Resources"]] == [created["id"]]
    by_mail = scim.get("/Users", params={"filter": 'emails.value eq "okta.user@example.com"'}).json()
    assert [u["id"] for u in by_mail["Resources"]] == [created["id"]]


def test_taken_login_or_email_is_409_with_talentlms_message(scim):
    scim.post("/Users", new_user())
    r = scim.post("/Users", new_user(login="other"))
    assert r.status_code == 409 and r.json()["detail"] == "A user with the same email address already exists"
    r = scim.post("/Users", new_user(email="other@example.com"))
    assert r.status_code == 409 and r.json()["detail"] == "A user with the same login already exists"


def test_invalid_email_is_talentlms_message(scim):
    r = scim.post("/Users", new_user(email="not-an-email"))
    assert r.status_code == 400 and r.json()["detail"] == "not-an-email is not a valid email"


def test_missing_names_or_email_are_required(scim):
    body = new_user()
    del body["name"]
    r = scim.post("/Users", body)
    assert r.status_code == 400 and r.json()["scimType"] == "invalidValue"


def test_active_is_required_and_cannot_be_removed(scim):
    """A TalentLMS user always has a status (docs/scim.md: ASSUMPTION; RFC 7643 has it optional)."""
    body = new_user()
    del body["active"]
    r = scim.post("/Users", body)
    assert r.status_code == 400 and r.json()["detail"] == "Attribute 'active' is required."
    uid = scim.post("/Users", new_user()).json()["id"]
    r = scim.patch(f"/Users/{uid}", ops({"op": "remove", "path": "active"}))
    assert r.status_code == 400 and r.json()["scimType"] == "invalidValue"
    assert scim.get(f"/Users/{uid}").json()["active"] is True


def test_deactivation_sets_rest_status_inactive_and_never_deletes(scim, rest, talentlms):
    uid = scim.post("/Users", new_user()).json()["id"]
    scim.patch(f"/Users/{uid}", ops({"op": "Replace", "path": "active", "value": "False"}))
    assert rest(f"users/id:{uid}").json()["status"] == "inactive"
    scim.put(f"/Users/{uid}", new_user(active=True))
    assert rest(f"users/id:{uid}").json()["status"] == "active"
    r = scim.delete(f"/Users/{uid}")
    assert r.status_code == 204
    assert rest(f"users/id:{uid}").json()["status"] == "inactive"
    assert scim.get(f"/Users/{uid}").json()["active"] is False


def test_delete_switch_soft_deletes_through_rest(scim, rest, talentlms, monkeypatch):
    monkeypatch.setitem(talentlms.tenant.switches, "scim_delete", "delete")
    uid = scim.post("/Users", new_user()).json()["id"]
    assert scim.delete(f"/Users/{uid}").status_code == 204
    assert scim.get(f"/Users/{uid}").status_code == 404
    gone = rest(f"users/id:{uid}")
    assert gone.json()["error"]["message"] == "The requested user is no longer available"


def test_rest_changes_show_in_scim(scim, rest):
    uid = scim.post("/Users", new_user()).json()["id"]
    rest(f"usersetstatus/user_id:{uid},status:inactive")
    assert scim.get(f"/Users/{uid}").json()["active"] is False
    rest("edituser", "POST", data={"user_id": uid, "login": "renamed", "first_name": "Ren"})
    found = scim.get("/Users", params={"filter": 'userName eq "renamed"'}).json()["Resources"]
    assert found[0]["id"] == uid and found[0]["name"]["givenName"] == "Ren"


def test_rest_and_scim_list_the_same_users(scim, rest):
    rest_ids = sorted(int(u["id"]) for u in rest("users").json())
    total = scim.get("/Users", params={"count": 0}).json()["totalResults"]
    scim_ids = sorted(int(u["id"]) for u in scim.get("/Users", params={"count": total}).json()["Resources"])
    assert scim_ids == rest_ids and total == len(rest_ids)


def test_password_push_reaches_rest(scim, talentlms):
    uid = scim.post("/Users", new_user(password="Initial1!")).json()["id"]
    scim.patch(f"/Users/{uid}", ops({"op": "replace", "path": "password", "value": "Changed2!"}))
    assert talentlms.tenant.state.users.get(int(uid)).password == "Changed2!"
    assert "password" not in scim.get(f"/Users/{uid}").json()


def test_external_id_survives_snapshot_and_reset_semantics(scim, talentlms):
    uid = scim.post("/Users", new_user(externalId="00u123")).json()["id"]
    assert scim.get("/Users", params={"filter": 'externalId eq "00u123"'}).json()["Resources"][0]["id"] == uid
    talentlms.reset()
    assert scim.get("/Users", params={"filter": 'externalId eq "00u123"'}).json()["totalResults"] == 0


def test_another_tenants_ids_are_404():
    config = Config(tenants=[TenantConfig(vendor="talentlms", name="a", api_key="A" * 30, domain="a.talentlms.com",
                                          scim_token="token-a", sizes={"users": 3}),
                             new_tenant("b", {"sizes": {"users": 3}})])
    emulator = Emulator(VENDOR, config)
    client = emulator.app.test_client()
    mine = client.post("/scim/v2/Users", json=new_user(), headers={"Authorization": "Bearer token-a"},
                       content_type="application/scim+json").get_json()
    other = emulator.tenants.get("b").config.scim_token
    r = client.get(f"/scim/v2/Users/{mine['id']}", headers={"Authorization": f"Bearer {other}"})
    assert r.status_code == 404 and r.get_json()["status"] == "404"
    emulator.close()
