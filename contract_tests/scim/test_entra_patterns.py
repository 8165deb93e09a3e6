"""Microsoft Entra ID's provisioning call patterns (design/field-notes.md §5.3) against each profile:
the connection test, match-then-create, PATCH with capitalised ops and string booleans, soft delete
(``active`` "False") with the user still returned by a filter, restore, and group membership."""

from __future__ import annotations

import uuid

import pytest

from tests.scim.helpers import ERROR, GROUP, PATCH, USER, Scim

ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def client(handle) -> Scim:
    return Scim(handle.url("/scim/v2"), "Bearer " + handle.credentials["scim_token"])


def entra_user(upn: str) -> dict:
    return {"schemas": [USER, ENT], "externalId": upn.split("@")[0], "userName": upn, "active": True,
            "displayName": "Entra Person", "emails": [{"primary": True, "type": "work", "value": upn}],
            "name": {"formatted": "Entra Person", "familyName": "Person", "givenName": "Entra"},
            ENT: {"employeeNumber": "701984", "department": "Finance"}}


def entra_patch(*operations) -> dict:
    return {"schemas": [PATCH], "Operations": list(operations)}


def match_then_create(scim: Scim, upn: str) -> dict:
    r = scim.get("/Users", params={"filter": f'userName eq "{upn}"'})
    assert r.status_code == 200 and r.json()["totalResults"] == 0 and r.json()["Resources"] == []
    r = scim.post("/Users", entra_user(upn))
    assert r.status_code == 201, r.text
    return r.json()


def soft_delete_and_restore(scim: Scim, uid: str, upn: str) -> None:
    r = scim.patch(f"/Users/{uid}", entra_patch({"op": "Replace", "path": "active", "value": "False"}))
    assert r.status_code == 200
    # "a GET and filter request on a disabled User should have attribute active"
    found = scim.get("/Users", params={"filter": f'userName eq "{upn}"'}).json()["Resources"]
    assert len(found) == 1 and found[0]["active"] is False
    r = scim.patch(f"/Users/{uid}", entra_patch({"op": "Replace", "path": "active", "value": "True"}))
    assert r.status_code == 200 and r.json()["active"] is True


@pytest.mark.parametrize("vendor", ["talentlms", "skilljar"])
def test_connection_test_filters_for_a_random_user(vendor, request):
    scim = client(request.getfixturevalue(vendor))
    r = scim.get("/Users", params={"filter": f'userName eq "{uuid.uuid4()}"'})
    assert r.status_code == 200 and r.json()["totalResults"] == 0


def test_entra_talentlms(talentlms):
    scim = client(talentlms)
    created = match_then_create(scim, "entra.person@contoso.com")
    uid = created["id"]
    assert created["externalId"] == "entra.person" and ENT not in created  # TalentLMS keeps no such fields
    # matching on externalId and on the work email, as Entra may be configured to
    assert scim.get("/Users", params={"filter": 'externalId eq "entra.person"'}).json()["totalResults"] == 1
    by_mail = scim.get("/Users", params={"filter": 'emails[type eq "work"].value eq "entra.person@contoso.com"'})
    assert by_mail.json()["totalResults"] == 1
    r = scim.patch(f"/Users/{uid}", entra_patch(
        {"op": "Replace", "path": "name.givenName", "value": "Renamed"},
        {"op": "Add", "path": 'emails[type eq "work"].value', "value": "renamed@contoso.com"}))
    assert r.status_code == 200
    user = talentlms.tenant.state.users.get(int(uid))
    assert (user.first_name, user.email) == ("Renamed", "renamed@contoso.com")
    soft_delete_and_restore(scim, uid, "entra.person@contoso.com")
    # an Entra mapping for an attribute TalentLMS does not keep is refused, not silently dropped
    r = scim.patch(f"/Users/{uid}", entra_patch({"op": "Replace", "path": f"{ENT}:department", "value": "X"}))
    assert r.status_code == 400 and r.json()["scimType"] == "invalidPath"


def test_entra_skilljar_users_and_groups(skilljar):
    scim = client(skilljar)
    created = match_then_create(scim, "entra.person@contoso.com")
    uid = created["id"]
    r = scim.patch(f"/Users/{uid}", entra_patch({"op": "Replace", "path": "name.familyName", "value": "Changed"}))
    assert r.status_code == 200 and r.json()["name"]["familyName"] == "Changed"
    # Skilljar's one email is the userName: the work email is not separately writable
    r = scim.patch(f"/Users/{uid}", entra_patch({"op": "Add", "path": 'emails[type eq "work"].value',
                                                  "value": "other@contoso.com"}))
    assert r.status_code == 400 and r.json()["scimType"] == "mutability"
    soft_delete_and_restore(scim, uid, "entra.person@contoso.com")
    # groups: filter by displayName, create, members added and removed the Entra way
    r = scim.get("/Groups", params={"filter": 'displayName eq "Entra Sales"'})
    assert r.status_code == 200 and r.json()["totalResults"] == 0
    group = scim.post("/Groups", {"schemas": [GROUP], "displayName": "Entra Sales", "externalId": "g-1",
                                  "members": []})
    assert group.status_code == 201
    gid = group.json()["id"]
    r = scim.patch(f"/Groups/{gid}", entra_patch({"op": "Add", "path": "members", "value": [{"value": uid}]}))
    assert r.status_code == 200 and [m["value"] for m in r.json()["members"]] == [uid]
    slim = scim.get(f"/Groups/{gid}", params={"excludedAttributes": "members"}).json()
    assert "members" not in slim and slim["displayName"] == "Entra Sales"
    r = scim.patch(f"/Groups/{gid}", entra_patch({"op": "Remove", "path": "members", "value": [{"value": uid}]}))
    assert r.status_code == 200 and "members" not in r.json()
    r = scim.patch(f"/Groups/{gid}", entra_patch({"op": "Replace", "path": "displayName", "value": "Entra Ops"}))
    assert r.json()["displayName"] == "Entra Ops"


def test_entra_lessonly_fails_as_scim_rails_does(lessonly):
    """Lessonly supports Okta and OneLogin only; Entra's path-style PATCH is why (dossier §6)."""
    scim = client(lessonly)
    created = match_then_create(scim, "entra.person@contoso.com")
    r = scim.patch(f"/Users/{created['id']}", entra_patch({"op": "Replace", "path": "active", "value": "False"}))
    assert r.status_code == 422 and r.json()["schemas"] == [ERROR]
    assert scim.get(f"/Users/{created['id']}").json()["active"] is True
    r = scim.get("/Users", params={"filter": 'emails[type eq "work"].value eq "entra.person@contoso.com"'})
    assert r.status_code == 400 and r.json()["scimType"] == "invalidFilter"
    assert scim.get("/Schemas").status_code == 404  # Entra's schema discovery finds nothing
