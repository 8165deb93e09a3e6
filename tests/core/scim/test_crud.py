"""POST / GET / PUT / DELETE, meta and ETags, uniqueness, projection (RFC 7644 §3.3-3.6, §3.14)."""

import json

import pytest

from emulator.core.scim.errors import ERROR_URN

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def new_user(**extra):
    return {"schemas": [USER], "userName": "ada@example.com", "name": {"givenName": "Ada", "familyName": "L"},
            "emails": [{"value": "ada@example.com", "type": "work", "primary": True}], "active": True, **extra}


def test_post_answers_201_with_location_etag_and_meta(scim):
    r = scim.post("/Users", json=new_user(externalId="okta-1"))
    assert r.status_code == 201 and r.mimetype == "application/scim+json"
    body = r.get_json()
    meta = body["meta"]
    assert r.headers["Location"] == meta["location"] == f"http://localhost/scim/v2/Users/{body['id']}"
    assert r.headers["ETag"] == meta["version"] and meta["version"].startswith('W/"')
    assert meta["resourceType"] == "User" and meta["created"] == meta["lastModified"]
    assert meta["created"].endswith("Z")
    assert body["userName"] == "ada@example.com" and body["externalId"] == "okta-1"
    assert scim.get(f"/Users/{body['id']}").get_json() == body


def test_post_with_plain_application_json_is_accepted(scim):
    # Okta's spec test sends Content-Type: application/json
    assert scim.post("/Users", json=new_user(), content_type="application/json").status_code == 201


def test_read_only_attributes_in_a_body_are_ignored(scim):
    body = scim.post("/Users", json=new_user(id="mine", meta={"created": "2000-01-01T00:00:00Z"})).get_json()
    assert body["id"] != "mine" and not body["meta"]["created"].startswith("2000")


def test_unknown_attributes_are_ignored(scim):
    r = scim.post("/Users", json=new_user(favouriteColour="green", nickName="ada"))
    assert r.status_code == 201
    assert "favouriteColour" not in r.get_json() and "nickName" not in r.get_json()


def test_attribute_names_in_bodies_are_case_insensitive(scim):
    body = scim.post("/Users", json={"schemas": [USER], "USERNAME": "Case@Example.com",
                                     "Name": {"GivenName": "C"}}).get_json()
    assert body["userName"] == "Case@Example.com" and body["name"] == {"givenName": "C"}


def test_duplicate_user_name_is_409_uniqueness(scim):
    assert scim.post("/Users", json=new_user()).status_code == 201
    r = scim.post("/Users", json=new_user(userName="ADA@example.com"))
    assert r.status_code == 409
    assert r.get_json() == {"schemas": [ERROR_URN], "scimType": "uniqueness",
                            "detail": "userName 'ADA@example.com' is already taken.", "status": "409"}
    same = scim.get('/Users?filter=userName%20eq%20%22ada@example.com%22').get_json()
    assert same["totalResults"] == 1  # the clash created no second user


@pytest.mark.parametrize("body, scim_type", [
    ({"schemas": [USER]}, "invalidValue"),                                     # userName missing
    ({"schemas": [USER], "userName": ""}, "invalidValue"),
    ({"userName": "x"}, "invalidSyntax"),                                      # schemas missing
    ({"schemas": ["urn:other"], "userName": "x"}, "invalidSyntax"),
    ({"schemas": [USER], "userName": 7}, "invalidValue"),
    ({"schemas": [USER], "userName": "x", "active": "maybe"}, "invalidValue"),
    ({"schemas": [USER], "userName": "x", "emails": {"value": "a@b"}}, "invalidValue"),  # not an array
    ({"schemas": [USER], "userName": "x", "name": "Ada"}, "invalidValue"),
    ([1, 2], "invalidSyntax"),
])
def test_invalid_bodies_are_400(scim, body, scim_type):
    r = scim.post("/Users", json=body)
    assert r.status_code == 400 and r.get_json()["scimType"] == scim_type
    assert scim.get("/Users").get_json()["totalResults"] == 5  # nothing written


def test_string_booleans_are_accepted(scim):
    assert scim.post("/Users", json=new_user(active="False")).get_json()["active"] is False


def test_extension_attributes_round_trip(scim):
    body = scim.post("/Users", json=new_user(**{"schemas": [USER, ENT], ENT: {"employeeNumber": "42"}})).get_json()
    assert body["schemas"] == [USER, ENT] and body[ENT] == {"employeeNumber": "42"}
    found = scim.get(f'/Users?filter={ENT}:employeeNumber eq "42"').get_json()
    assert found["totalResults"] == 1


def test_put_replaces_the_whole_resource(scim):
    created = scim.post("/Users", json=new_user(title="Countess")).get_json()
    r = scim.put(f"/Users/{created['id']}", json={"schemas": [USER], "userName": "ada@example.com",
                                                    "active": False})
    assert r.status_code == 200
    body = r.get_json()
    assert "title" not in body and "name" not in body and body["active"] is False
    assert body["meta"]["version"] != created["meta"]["version"] == created["meta"]["version"]
    assert r.headers["ETag"] == body["meta"]["version"]
    assert body["meta"]["created"] == created["meta"]["created"]


def test_put_to_a_taken_user_name_is_409(scim):
    created = scim.post("/Users", json=new_user()).get_json()
    r = scim.put(f"/Users/{created['id']}", json={"schemas": [USER], "userName": "user1@example.com"})
    assert r.status_code == 409 and r.get_json()["scimType"] == "uniqueness"


def test_delete_is_204_without_body_then_404(scim):
    created = scim.post("/Users", json=new_user()).get_json()
    r = scim.delete(f"/Users/{created['id']}")
    assert r.status_code == 204 and r.data == b""
    gone = scim.get(f"/Users/{created['id']}")
    assert gone.status_code == 404
    assert gone.get_json() == {"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
                               "detail": f"Resource {created['id']} not found.", "status": "404"}


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
def test_unknown_id_is_404_for_every_method(scim, method):
    r = scim.call(method, "/Users/00919288221112222", json={} if method in ("PUT", "PATCH") else None)
    assert r.status_code == 404 and r.get_json()["status"] == "404"


def test_if_match_guards_writes(scim):
    created = scim.post("/Users", json=new_user()).get_json()
    uid = created["id"]
    stale = scim.put(f"/Users/{uid}", json=new_user(title="stale"), headers={"If-Match": 'W/"stale"'})
    assert stale.status_code == 412 and stale.get_json() == {
        "schemas": [ERROR_URN], "detail": "The resource has changed: its version does not match If-Match.",
        "status": "412"}
    assert "title" not in scim.get(f"/Users/{uid}").get_json()  # the refused PUT wrote nothing
    ok = scim.put(f"/Users/{uid}", json=new_user(title="x"), headers={"If-Match": created["meta"]["version"]})
    assert ok.status_code == 200
    gone = scim.delete(f"/Users/{uid}", headers={"If-Match": created["meta"]["version"]})  # now stale
    assert gone.status_code == 412 and gone.get_json()["detail"].startswith("The resource has changed")
    assert scim.get(f"/Users/{uid}").get_json()["title"] == "x"  # still there, unchanged


def test_if_none_match_gives_304(scim):
    created = scim.post("/Users", json=new_user()).get_json()
    r = scim.get(f"/Users/{created['id']}", headers={"If-None-Match": created["meta"]["version"]})
    assert r.status_code == 304 and r.headers["ETag"] == created["meta"]["version"]


def test_attributes_and_excluded_attributes(scim):
    one = scim.get("/Users/s00001?attributes=userName,name.givenName").get_json()
    assert one == {"schemas": [USER], "id": "s00001", "userName": "user1@example.com",
                   "name": {"givenName": "Given1"}}
    lst = scim.get("/Users?attributes=USERNAME&count=1").get_json()["Resources"]
    assert lst == [{"schemas": [USER], "id": "s00000", "userName": "user0@example.com"}]
    ex = scim.get("/Users/s00001?excludedAttributes=emails,name.familyName,id,meta").get_json()
    assert "emails" not in ex and ex["name"] == {"givenName": "Given1"} and ex["id"] == "s00001"
    assert "meta" not in ex
    assert scim.get("/Users/s00001?attributes=meta.version").get_json()["meta"].keys() == {"version"}


def test_unknown_names_in_attributes_are_ignored(scim):
    assert scim.get("/Users/s00001?attributes=nosuch").get_json() == {"schemas": [USER], "id": "s00001"}


def test_groups_crud_and_membership(scim):
    r = scim.post("/Groups", json={"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                                   "displayName": "Ops", "members": [{"value": "s00001"}]})
    assert r.status_code == 201
    g = r.get_json()
    assert g["members"] == [{"value": "s00001"}]
    dup = scim.post("/Groups", json={"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                                     "displayName": "ops"})
    assert dup.status_code == 409 and dup.get_json() == {"schemas": [ERROR_URN], "scimType": "uniqueness",
                                                         "detail": "displayName is already taken.", "status": "409"}
    # Entra: GET /Groups/{id}?excludedAttributes=members
    assert "members" not in scim.get(f"/Groups/{g['id']}?excludedAttributes=members").get_json()


def test_responses_are_compact_json_in_key_order(scim):
    raw = scim.get("/Users/s00001").data
    assert json.loads(raw)["schemas"] == [USER] and raw.startswith(b'{"schemas":')
