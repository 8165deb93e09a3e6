"""The Okta SCIM 2.0 Spec Test (Runscope/BlazeMeter suite, design/field-notes.md §5.4), step by step,
against each profile, each step asserting what that vendor answers.

Okta sends ``Accept: application/scim+json`` and ``User-Agent: OKTA SCIM Integration``; its POST uses
``Content-Type: application/json``.
"""

from __future__ import annotations

import uuid

import pytest

from emulator.vendors.lessonly.scim import AUTH_FAILURE as LESSONLY_401
from tests.scim.helpers import ERROR, LIST, USER, Scim, basic

OKTA = {"User-Agent": "OKTA SCIM Integration", "Accept": "application/scim+json"}


def client(handle) -> Scim:
    scim = Scim(handle.url("/scim/v2"), "Bearer " + handle.credentials["scim_token"])
    scim.http.headers.update(OKTA)
    return scim


def okta_user(email: str) -> dict:
    return {"schemas": [USER], "userName": email, "name": {"givenName": "Okta", "familyName": "Tester"},
            "emails": [{"primary": True, "value": email, "type": "work"}], "displayName": "Okta Tester",
            "locale": "en-US", "externalId": "00u" + uuid.uuid4().hex[:17], "groups": [], "password": "1mSecret!",
            "active": True}


def has_okta_fields(resource: dict) -> bool:
    return all((resource.get("id") is not None, resource["name"].get("familyName") is not None,
                resource["name"].get("givenName") is not None, resource.get("userName"),
                isinstance(resource.get("active"), bool), resource["emails"][0].get("value")))


def steps_1_to_5(scim: Scim) -> dict:
    # 1. list one user
    r = scim.get("/Users", params={"count": 1, "startIndex": 1})
    assert r.status_code == 200
    body = r.json()
    assert LIST in body["schemas"] and body["Resources"]
    assert all(isinstance(body[k], int) for k in ("itemsPerPage", "startIndex", "totalResults"))
    first = body["Resources"][0]
    assert has_okta_fields(first)
    # 2. read it by id
    r = scim.get(f"/Users/{first['id']}")
    assert r.status_code == 200 and r.json()["id"] == first["id"] and has_okta_fields(r.json())
    # 3. and 5. unknown userName filters → an empty ListResponse
    for name in ("invalid@example.com", f"{uuid.uuid4()}@example.com"):
        r = scim.get("/Users", params={"filter": f'userName eq "{name}"'})
        assert r.status_code == 200 and r.json()["totalResults"] == 0
    # 4. unknown id → 404 Error with a detail
    r = scim.get(f"/Users/{uuid.uuid4()}")
    assert r.status_code == 404 and r.json()["schemas"] == [ERROR] and r.json()["detail"]
    return first


def steps_6_to_9(scim: Scim, email: str) -> dict:
    # 6. create (application/json)
    r = scim.post("/Users", okta_user(email), content_type="application/json")
    assert r.status_code == 201
    created = r.json()
    assert created["active"] is True and created["id"] is not None and USER in created["schemas"]
    assert created["userName"] == email and created["name"]["givenName"] == "Okta"
    assert created["name"]["familyName"] == "Tester"
    # 7. read it back
    r = scim.get(f"/Users/{created['id']}")
    assert r.status_code == 200 and r.json()["userName"] == email
    # 9. case-insensitive userName
    r = scim.get("/Users", params={"filter": f'userName eq "{email.upper()}"'})
    assert r.status_code == 200
    return created


def steps_11_12(scim: Scim, unauthorized: dict) -> None:
    # 11. bad token
    r = scim.get("/Users", auth="non-token")
    assert r.status_code == 401 and r.json()["schemas"] == [ERROR] and r.json()["status"] == "401"
    assert r.json()["detail"] and {k: r.json().get(k) for k in unauthorized} == unauthorized
    # 12. a numeric id that does not exist
    r = scim.get("/Users/00919288221112222")
    assert r.status_code == 404 and r.json()["status"] == "404" and r.json()["detail"]
    assert r.json()["schemas"] == [ERROR]


def test_okta_spec_talentlms(talentlms):
    scim = client(talentlms)
    steps_1_to_5(scim)
    created = steps_6_to_9(scim, "okta.tester@example.com")
    # 8. duplicate → 409
    r = scim.post("/Users", okta_user("okta.tester@example.com"), content_type="application/json")
    assert r.status_code == 409 and r.json()["scimType"] == "uniqueness"
    # 10. (optional) Groups: TalentLMS provisions users only
    r = scim.get("/Groups")
    assert r.status_code == 404 and r.json()["schemas"] == [ERROR]
    steps_11_12(scim, {"schemas": [ERROR], "status": "401"})
    # what Okta pushed lands in REST: login, email, names, and a password it can log in with
    user = talentlms.tenant.state.users.get(int(created["id"]))
    assert (user.login, user.email, user.first_name, user.last_name, user.password) == (
        "okta.tester@example.com", "okta.tester@example.com", "Okta", "Tester", "1mSecret!")


def test_okta_spec_skilljar(skilljar):
    scim = client(skilljar)
    steps_1_to_5(scim)
    steps_6_to_9(scim, "okta.tester@example.com")
    r = scim.post("/Users", okta_user("Okta.Tester@example.com"), content_type="application/json")
    assert r.status_code == 409 and r.json()["scimType"] == "uniqueness"
    r = scim.get("/Groups")
    assert r.status_code == 200 and isinstance(r.json()["Resources"], list)
    steps_11_12(scim, {"schemas": [ERROR], "status": "401"})


def test_okta_spec_lessonly(lessonly):
    scim = client(lessonly)
    first = steps_1_to_5(scim)
    assert isinstance(first["id"], int)  # scim_rails emits the integer primary key
    created = steps_6_to_9(scim, "okta.tester@example.com")
    # 8. a duplicate is NOT a 409 on Lessonly: scim_rails finds the user by email, updates it, answers 201
    r = scim.post("/Users", okta_user("okta.tester@example.com"), content_type="application/json")
    assert r.status_code == 201 and r.json()["id"] == created["id"]
    # 10. no /Groups route: Rails' plain 404, not a SCIM body
    r = scim.get("/Groups")
    assert r.status_code == 404 and r.headers["Content-Type"].startswith("text/html")
    steps_11_12(scim, {"schemas": [ERROR], "detail": LESSONLY_401, "status": "401"})
    r = scim.get("/Users/00919288221112222")
    assert r.json()["detail"] == "Resource 00919288221112222 not found."


def test_okta_spec_lessonly_strict_mode_gives_the_409(lessonly, monkeypatch):
    monkeypatch.setitem(lessonly.tenant.switches, "scim_prevent_update_on_create", True)
    scim = client(lessonly)
    steps_6_to_9(scim, "okta.tester@example.com")
    users = len(lessonly.tenant.state.users)
    r = scim.post("/Users", okta_user("okta.tester@example.com"), content_type="application/json")
    assert r.status_code == 409
    assert r.json() == {"schemas": [ERROR], "detail": "Validation failed: Email has already been taken",
                        "status": "409"}
    assert len(lessonly.tenant.state.users) == users


@pytest.mark.parametrize("vendor", ["talentlms", "skilljar", "lessonly"])
def test_okta_lifecycle_deactivate_reactivate(vendor, request):
    """Okta's CRUD suite: create, update firstName, deactivate, reactivate; Okta never deletes."""
    handle = request.getfixturevalue(vendor)
    scim = client(handle)
    created = scim.post("/Users", okta_user("life.cycle@example.com"), content_type="application/json").json()
    uid = created["id"]
    if vendor == "lessonly":  # PUT is Okta's profile update; scim_rails needs the whole user
        r = scim.put(f"/Users/{uid}", okta_user("life.cycle@example.com") | {"name": {"givenName": "Changed",
                                                                                    "familyName": "Tester"}})
    else:
        change = {"op": "replace", "value": {"name": {"givenName": "Changed"}}}
        r = scim.patch(f"/Users/{uid}", {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                                          "Operations": [change]})
    assert r.status_code == 200 and r.json()["name"]["givenName"] == "Changed"
    for active in (False, True):
        r = scim.patch(f"/Users/{uid}", {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                                          "Operations": [{"op": "replace", "value": {"active": active}}]})
        assert r.status_code == 200 and r.json()["active"] is active
        assert scim.get(f"/Users/{uid}").json()["active"] is active


def test_lessonly_basic_form_okta_uses(lessonly):
    """Okta's Lessonly app: 'Username (subdomain)' + 'SCIM API Key' as HTTP Basic."""
    scim = Scim(lessonly.url("/scim/v2"), basic(lessonly.credentials["subdomain"], lessonly.credentials["scim_token"]))
    assert scim.get("/Users", params={"count": 1}).status_code == 200
