"""PATCH (RFC 7644 §3.5.2) as Okta and Entra send it, and its errors."""

import pytest

from emulator.core.scim.errors import ERROR_URN

PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def ops(*operations):
    return {"schemas": [PATCH], "Operations": list(operations)}


def test_entra_disable_user_with_capitalised_op_and_string_boolean(scim):
    r = scim.patch("/Users/s00001", json=ops({"op": "Replace", "path": "active", "value": "False"}))
    assert r.status_code == 200 and r.get_json()["active"] is False
    # Entra then reads the user through a filter and needs 'active' there
    found = scim.get('/Users?filter=userName eq "user1@example.com"').get_json()["Resources"][0]
    assert found["active"] is False


def test_okta_deactivate_without_path(scim):
    r = scim.patch("/Users/s00001", json=ops({"op": "replace", "value": {"active": False}}))
    assert r.get_json()["active"] is False


def test_pathless_replace_with_dotted_and_urn_keys(scim):
    r = scim.patch("/Users/s00002", json=ops({"op": "replace", "value": {
        "name.givenName": "Grace", "displayName": "G", f"{ENT}:department": "Navy"}}))
    body = r.get_json()
    assert body["name"] == {"givenName": "Grace", "familyName": "Family2"}
    assert body["displayName"] == "G" and body[ENT] == {"department": "Navy"} and ENT in body["schemas"]


def test_replace_complex_merges_sub_attributes(scim):
    body = scim.patch("/Users/s00002", json=ops({"op": "replace", "path": "name",
                                                  "value": {"familyName": "Hopper"}})).get_json()
    assert body["name"] == {"givenName": "Given2", "familyName": "Hopper"}


def test_add_through_a_value_filter_creates_the_element_when_missing(scim):
    scim.patch("/Users/s00003", json=ops({"op": "remove", "path": "emails"}))
    body = scim.patch("/Users/s00003", json=ops({"op": "Add", "path": 'emails[type eq "work"].value',
                                                  "value": "new@example.com"})).get_json()
    assert body["emails"] == [{"type": "work", "value": "new@example.com"}]


def test_replace_through_a_value_filter(scim):
    body = scim.patch("/Users/s00003", json=ops({"op": "replace", "path": 'emails[type eq "work"].value',
                                                  "value": "changed@example.com"})).get_json()
    assert body["emails"] == [{"value": "changed@example.com", "type": "work", "primary": True}]


def test_replace_through_a_filter_matching_nothing_is_no_target(scim):
    r = scim.patch("/Users/s00003", json=ops({"op": "replace", "path": 'emails[type eq "home"].value',
                                               "value": "x@example.com"}))
    assert r.status_code == 400 and r.get_json()["scimType"] == "noTarget"


def test_add_to_a_multi_valued_attribute_appends(scim):
    body = scim.patch("/Users/s00001", json=ops({"op": "add", "path": "emails",
                                                  "value": [{"value": "two@example.com", "type": "home"}]})).get_json()
    assert [e["value"] for e in body["emails"]] == ["user1@example.com", "two@example.com"]


def test_remove_attribute_and_sub_attribute(scim):
    body = scim.patch("/Users/s00001", json=ops({"op": "remove", "path": "name.familyName"},
                                                 {"op": "remove", "path": "externalId"})).get_json()
    assert body["name"] == {"givenName": "Given1"} and "externalId" not in body


def test_group_membership_okta_and_entra_forms(scim):
    g = scim.post("/Groups", json={"schemas": [GROUP], "displayName": "Team"}).get_json()
    gid = g["id"]
    add = scim.patch(f"/Groups/{gid}", json=ops({"op": "add", "path": "members",
                                                  "value": [{"value": "s00001"}, {"value": "s00002"}]}))
    assert [m["value"] for m in add.get_json()["members"]] == ["s00001", "s00002"]
    # Okta: remove through a value filter
    okta = scim.patch(f"/Groups/{gid}", json=ops({"op": "remove", "path": 'members[value eq "s00001"]'}))
    assert [m["value"] for m in okta.get_json()["members"]] == ["s00002"]
    # Entra: remove with path "members" and the members in value
    entra = scim.patch(f"/Groups/{gid}", json=ops({"op": "Remove", "path": "members",
                                                    "value": [{"value": "s00002"}]}))
    assert "members" not in entra.get_json()
    # Okta: rename the group with a path-less replace
    renamed = scim.patch(f"/Groups/{gid}", json=ops({"op": "replace", "value": {"id": gid, "displayName": "T2"}}))
    assert renamed.status_code == 200 and renamed.get_json()["displayName"] == "T2"
    assert renamed.get_json()["id"] == gid


def test_adding_an_unknown_member_is_refused_and_nothing_changes(scim):
    g = scim.post("/Groups", json={"schemas": [GROUP], "displayName": "Team"}).get_json()
    r = scim.patch(f"/Groups/{g['id']}", json=ops({"op": "add", "path": "members", "value": [{"value": "nobody"}]}))
    assert r.status_code == 400 and r.mimetype == "application/scim+json"
    assert r.get_json() == {"schemas": [ERROR_URN], "scimType": "invalidValue",
                            "detail": "No user 'nobody' to add as a member.", "status": "400"}
    assert "members" not in scim.get(f"/Groups/{g['id']}").get_json()


def test_operations_are_all_or_nothing(scim):
    before = scim.get("/Users/s00001").get_json()
    r = scim.patch("/Users/s00001", json=ops({"op": "replace", "path": "title", "value": "Dr"},
                                              {"op": "replace", "path": "nosuch", "value": 1}))
    assert r.status_code == 400
    assert r.get_json() == {"schemas": [ERROR_URN], "scimType": "invalidPath",
                            "detail": "The path 'nosuch' names no attribute of this resource.", "status": "400"}
    assert scim.get("/Users/s00001").get_json() == before


@pytest.mark.parametrize("body, scim_type", [
    ({"Operations": [{"op": "replace", "path": "title", "value": "x"}]}, "invalidSyntax"),  # no schemas
    (ops(), "invalidSyntax"),                                                    # no operations
    ({"schemas": [PATCH], "Operations": {"op": "add"}}, "invalidSyntax"),
    (ops({"op": "merge", "path": "title", "value": "x"}), "invalidSyntax"),
    (ops({"path": "title", "value": "x"}), "invalidSyntax"),                    # op missing
    (ops({"op": "remove"}), "noTarget"),
    (ops({"op": "add", "path": "title"}), "invalidValue"),                      # value missing
    (ops({"op": "replace", "path": "nosuch", "value": "x"}), "invalidPath"),
    (ops({"op": "replace", "path": "name.nosuch", "value": "x"}), "invalidPath"),
    (ops({"op": "replace", "path": "emails[[", "value": "x"}), "invalidPath"),
    (ops({"op": "replace", "path": 'emails[nosuch eq "x"].value', "value": "x"}), "invalidPath"),
    (ops({"op": "replace", "path": 12, "value": "x"}), "invalidPath"),
    (ops({"op": "replace", "path": "id", "value": "x"}), "mutability"),
    (ops({"op": "replace", "path": "meta.created", "value": "x"}), "mutability"),
    (ops({"op": "remove", "path": "userName"}), "invalidValue"),                # required
    (ops({"op": "replace", "path": "active", "value": "perhaps"}), "invalidValue"),
    (ops({"op": "replace", "value": "not an object"}), "invalidValue"),
    (ops({"op": "replace", "path": "userName", "value": "user2@example.com"}), "uniqueness"),
])
def test_bad_patches(scim, body, scim_type):
    r = scim.patch("/Users/s00001", json=body)
    assert r.status_code in (400, 409) and r.get_json()["scimType"] == scim_type, r.get_json()
    assert r.get_json()["status"] == str(r.status_code)
