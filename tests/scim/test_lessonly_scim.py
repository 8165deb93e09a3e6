"""Lessonly's SCIM profile: lessonly/scim_rails v0.5.1 as docs/scim.md describes it (sources listed there)."""

from __future__ import annotations

import pytest

from emulator.vendors.lessonly import DEMO_API_KEY, DEMO_SCIM_TOKEN, DEMO_SUBDOMAIN
from emulator.vendors.lessonly.scim import AUTH_FAILURE, INVALID_FILTER, INVALID_PATCH

from .helpers import ERROR, LIST, USER, Scim, basic, created_through_slashed_paths, ops

CTYPE = "application/scim+json; charset=utf-8"
UNAUTHORIZED = {"schemas": [ERROR], "detail": AUTH_FAILURE, "status": "401"}


@pytest.fixture
def scim(lessonly):
    return Scim(lessonly.url("/scim/v2"), "Bearer " + DEMO_SCIM_TOKEN)


@pytest.fixture
def rest(lessonly):
    def call(method, path, **kw):
        return lessonly.http.request(method, lessonly.url("/api/v1" + path), timeout=30, **kw)
    return call


@pytest.fixture
def switch(lessonly, monkeypatch):
    def set_(name, value):
        monkeypatch.setitem(lessonly.tenant.switches, name, value)
    return set_


def new_user(email="new.person@example.com", given="New", family="Person", **extra):
    return {"schemas": [USER], "userName": email, "name": {"givenName": given, "familyName": family},
            "emails": [{"value": email, "type": "work", "primary": True}], **extra}


# --- auth ----------------------------------------------------------------------------------------

def test_bearer_jwt_and_basic_subdomain_token_both_work(scim):
    assert scim.get("/Users").status_code == 200
    assert scim.get("/Users", auth=basic(DEMO_SUBDOMAIN, DEMO_SCIM_TOKEN)).status_code == 200


@pytest.mark.parametrize("header", [
    None, "Bearer wrong", "non-token", "Bearer " + DEMO_SCIM_TOKEN[:-2] + "xx",
    basic(DEMO_SUBDOMAIN, DEMO_API_KEY),          # the REST key is not the SCIM token
    basic("other", DEMO_SCIM_TOKEN),
    "Bearer eyJhbGciOiJub25lIn0.eyJzdWJkb21haW4iOiJkZW1vIn0.",  # right subdomain, not the token
])
def test_every_auth_failure_is_the_same_401(scim, header):
    r = scim.get("/Users", auth=header)
    assert r.status_code == 401 and r.json() == UNAUTHORIZED
    assert r.headers["Content-Type"] == CTYPE and "WWW-Authenticate" not in r.headers


def test_auth_runs_before_the_id_lookup(scim):
    r = scim.get("/Users/999999999", auth="Bearer nope")
    assert r.status_code == 401 and r.json() == UNAUTHORIZED  # not the 404 the unknown id would give
    assert r.headers["Content-Type"] == CTYPE and "WWW-Authenticate" not in r.headers


def test_a_tenant_without_scim_enabled_refuses_its_token(scim, lessonly, monkeypatch):
    monkeypatch.setattr(lessonly.tenant.config, "scim_enabled", False)
    for auth in ("default", basic(DEMO_SUBDOMAIN, DEMO_SCIM_TOKEN)):  # the bearer JWT, then Basic
        r = scim.get("/Users", auth=auth)
        assert r.status_code == 401 and r.json() == UNAUTHORIZED
        assert r.headers["Content-Type"] == CTYPE and "WWW-Authenticate" not in r.headers


# --- list, paging, filter --------------------------------------------------------------------------

def test_list_envelope_integer_ids_and_requested_items_per_page(scim, lessonly):
    r = scim.get("/Users", params={"count": 3})
    assert r.status_code == 200 and r.headers["Content-Type"] == CTYPE
    body = r.json()
    assert list(body) == ["schemas", "totalResults", "startIndex", "itemsPerPage", "Resources"]
    assert body["schemas"] == [LIST] and body["totalResults"] == len(lessonly.tenant.state.users)
    first = body["Resources"][0]
    assert isinstance(first["id"], int)
    assert list(first) == ["schemas", "id", "userName", "name", "emails", "active"]
    assert first["emails"] == [{"value": first["userName"]}] and "meta" not in first
    ids = [u["id"] for u in body["Resources"]]
    assert ids == sorted(ids)


@pytest.fixture
def more_users(lessonly):
    """130 users for this test, then the tenant's own size again (a reseed outlives the test)."""
    sizes = dict(lessonly.tenant.config.sizes)
    lessonly.seed(users=130)
    yield
    lessonly.tenant.config.sizes = sizes
    lessonly.tenant.reseed()


def test_count_defaults_to_100_and_is_echoed_not_capped(scim, more_users):
    default = scim.get("/Users").json()
    assert len(default["Resources"]) == 100 and default["itemsPerPage"] == 100
    big = scim.get("/Users", params={"count": 5000}).json()
    assert big["itemsPerPage"] == 5000 and len(big["Resources"]) == big["totalResults"]
    tail = scim.get("/Users", params={"startIndex": 101, "count": 200}).json()
    assert tail["Resources"][0]["id"] == big["Resources"][100]["id"]
    assert len(tail["Resources"]) == big["totalResults"] - 100


def test_start_index_zero_is_one(scim):
    assert scim.get("/Users", params={"startIndex": 0, "count": 1}).json()["startIndex"] == 1


@pytest.mark.parametrize("params", [{"startIndex": "-1"}, {"startIndex": "abc"}, {"count": "0"}, {"count": "x"}])
def test_bad_paging_is_400_by_default_and_500_behind_the_switch(scim, switch, params):
    r = scim.get("/Users", params=params)
    assert r.status_code == 400 and r.json()["scimType"] == "invalidValue"
    switch("scim_unhandled_500", True)
    r = scim.get("/Users", params=params)
    assert r.status_code == 500 and r.json() == {"schemas": [ERROR], "status": "500"}


def test_eq_filters_on_the_queryable_attributes(scim, lessonly):
    user = next(iter(lessonly.tenant.state.users))
    given, family = user.name.split(" ", 1)
    for text in (f'userName eq "{user.email}"', f"userName eq {user.email}", f'email eq "{user.email}"',
                 f'userName eq "{user.email.upper()}"'):
        body = scim.get("/Users", params={"filter": text}).json()
        assert [u["id"] for u in body["Resources"]] == [user.id], text
    for text in (f"givenName eq {given}", f'familyName eq "{family}"'):
        assert user.id in [u["id"] for u in scim.get("/Users", params={"filter": text}).json()["Resources"]]


@pytest.mark.parametrize("text", [
    'userName Eq "a@b.c"', 'userName co "a"', 'userName sw "a"', 'name.givenName eq "A"', "userName",
    'emails[type eq "work"].value eq "a@b.c"', 'externalId eq "x"', '(userName eq "a@b.c")', "username eq a",
])
def test_anything_but_attr_eq_value_is_the_exact_invalid_filter(scim, text):
    r = scim.get("/Users", params={"filter": text})
    assert r.status_code == 400
    assert r.json() == {"schemas": [ERROR], "scimType": "invalidFilter", "detail": INVALID_FILTER, "status": "400"}


def test_and_or_are_not_operators_they_become_part_of_the_value(scim, lessonly):
    email = next(iter(lessonly.tenant.state.users)).email
    r = scim.get("/Users", params={"filter": f'userName eq "{email}" or userName eq "x@y.z"'})
    assert r.status_code == 200 and r.json()["totalResults"] == 0


def test_empty_value_matches_nothing(scim):
    body = scim.get("/Users", params={"filter": "userName eq"}).json()
    assert body["totalResults"] == 0 and body["Resources"] == []


def test_unknown_id_echoes_the_id(scim):
    r = scim.get("/Users/fake_id")
    assert r.status_code == 404
    assert r.json() == {"schemas": [ERROR], "detail": "Resource fake_id not found.", "status": "404"}


# --- create ------------------------------------------------------------------------------------------

def test_post_creates_and_rest_sees_the_user(scim, rest):
    r = scim.post("/Users", new_user())
    assert r.status_code == 201 and r.headers["Content-Type"] == CTYPE and "Location" not in r.headers
    body = r.json()
    assert body == {"schemas": [USER], "id": body["id"], "userName": "new.person@example.com",
                    "name": {"givenName": "New", "familyName": "Person"},
                    "emails": [{"value": "new.person@example.com"}], "active": True}
    shown = rest("GET", f"/users/{body['id']}").json()
    assert shown["email"] == "new.person@example.com" and shown["name"] == "New Person"
    assert shown["archived_at"] is None and shown["role"] == "learner"


def test_post_for_a_taken_email_updates_that_user_and_still_answers_201(scim, lessonly):
    user = next(iter(lessonly.tenant.state.users))
    r = scim.post("/Users", new_user(email=user.email.upper(), given="Renamed", family="Person"))
    assert r.status_code == 201 and r.json()["id"] == user.id
    assert lessonly.tenant.state.users.get(user.id).name == "Renamed Person"


def test_strict_mode_makes_a_taken_email_409(scim, lessonly, switch):
    switch("scim_prevent_update_on_create", True)
    email = next(iter(lessonly.tenant.state.users)).email
    r = scim.post("/Users", new_user(email=email))
    assert r.status_code == 409
    assert r.json() == {"schemas": [ERROR], "detail": "Validation failed: Email has already been taken",
                        "status": "409"}


def test_user_name_is_not_read_the_email_comes_from_emails(scim):
    body = scim.post("/Users", new_user(email="from.emails@example.com") | {"userName": "ignored"}).json()
    assert body["userName"] == "from.emails@example.com"


@pytest.mark.parametrize("body, detail", [
    (new_user(given=None), "Validation failed: First name can't be blank"),
    (new_user(family=""), "Validation failed: Last name can't be blank"),
    ({"schemas": [USER], "userName": "x@y.z"},
     "Validation failed: First name can't be blank, Last name can't be blank, Email can't be blank"),
])
def test_missing_attributes_are_rails_422s(scim, lessonly, body, detail):
    before = len(lessonly.tenant.state.users)
    r = scim.post("/Users", body)
    assert r.status_code == 422 and r.json() == {"schemas": [ERROR], "detail": detail, "status": "422"}
    assert len(lessonly.tenant.state.users) == before


def test_an_unparsed_content_type_leaves_the_params_missing(scim):
    r = scim.post("/Users", raw="userName=a", content_type="application/x-www-form-urlencoded")
    assert r.status_code == 422 and r.json()["detail"].startswith("Validation failed: First name can't be blank")


def test_plain_json_content_type_is_parsed(scim):
    assert scim.post("/Users", new_user(), content_type="application/json").status_code == 201


def test_malformed_json_is_400_or_the_real_500(scim, switch, lessonly):
    count = len(lessonly.tenant.state.users)
    r = scim.post("/Users", raw='{"schemas": [')
    assert r.status_code == 400 and r.headers["Content-Type"] == CTYPE
    assert r.json() == {"schemas": [ERROR], "scimType": "invalidSyntax",
                        "detail": "The request body is not valid JSON.", "status": "400"}
    assert len(lessonly.tenant.state.users) == count
    switch("scim_unhandled_500", True)
    r = scim.post("/Users", raw='{"schemas": [')
    assert r.status_code == 500 and r.json() == {"schemas": [ERROR], "status": "500"}


def test_post_with_active_false_creates_then_archives(scim, rest):
    body = scim.post("/Users", new_user(active="false")).json()
    assert body["active"] is False
    assert rest("GET", f"/users/{body['id']}").json()["archived_at"] is not None


# --- replace -----------------------------------------------------------------------------------------

def test_put_replaces_names_and_email(scim, rest):
    uid = scim.post("/Users", new_user()).json()["id"]
    r = scim.put(f"/Users/{uid}", new_user(email="moved@example.com", given="Moved", family="Away"))
    assert r.status_code == 200 and r.json()["userName"] == "moved@example.com"
    assert rest("GET", f"/users/{uid}").json()["name"] == "Moved Away"


def test_put_missing_a_name_is_422_but_active_already_applied(scim, rest):
    uid = scim.post("/Users", new_user()).json()["id"]
    r = scim.put(f"/Users/{uid}", {"schemas": [USER], "active": False, "emails": [{"value": "x@example.com"}],
                                   "name": {"givenName": "Only"}})
    assert r.status_code == 422 and r.json()["detail"] == "Validation failed: Last name can't be blank"
    shown = rest("GET", f"/users/{uid}").json()
    assert shown["archived_at"] is not None and shown["email"] == "new.person@example.com"


@pytest.mark.parametrize("value", ["maybe", "False", 2])
def test_put_with_an_odd_active_value_is_record_invalid(scim, value):
    uid = scim.post("/Users", new_user()).json()["id"]
    r = scim.put(f"/Users/{uid}", new_user(active=value))
    assert r.status_code == 422 and r.json() == {"schemas": [ERROR], "detail": "Record invalid", "status": "422"}


@pytest.mark.parametrize("value, active", [(0, False), ("false", False), (1, True), ("true", True)])
def test_put_accepts_scim_rails_active_values(scim, value, active):
    uid = scim.post("/Users", new_user()).json()["id"]
    assert scim.put(f"/Users/{uid}", new_user(active=value)).json()["active"] is active


def test_put_to_another_users_email_is_409(scim, lessonly):
    other = next(iter(lessonly.tenant.state.users)).email
    uid = scim.post("/Users", new_user()).json()["id"]
    r = scim.put(f"/Users/{uid}", new_user(email=other))
    assert r.status_code == 409 and r.json()["detail"] == "Validation failed: Email has already been taken"


# --- patch -------------------------------------------------------------------------------------------

def test_okta_deactivate_and_reactivate_are_rest_archive_and_restore(scim, rest):
    uid = scim.post("/Users", new_user()).json()["id"]
    off = scim.patch(f"/Users/{uid}", ops({"op": "replace", "value": {"active": False}}))
    assert off.status_code == 200 and off.json()["active"] is False and off.json()["userName"]
    assert rest("GET", f"/users/{uid}").json()["archived_at"] is not None
    on = scim.patch(f"/Users/{uid}", ops({"op": "Replace", "value": {"active": True}}))
    assert on.json()["active"] is True and rest("GET", f"/users/{uid}").json()["archived_at"] is None


def test_rest_archive_shows_as_inactive_in_scim(scim, rest):
    uid = scim.post("/Users", new_user()).json()["id"]
    assert rest("PUT", f"/users/{uid}/archive").status_code == 200
    assert scim.get(f"/Users/{uid}").json()["active"] is False


def test_op_is_not_really_checked(scim):
    uid = scim.post("/Users", new_user()).json()["id"]
    r = scim.patch(f"/Users/{uid}", ops({"op": "remove", "value": {"active": False}}))
    assert r.status_code == 200 and r.json()["active"] is False


@pytest.mark.parametrize("body", [
    ops({"op": "replace", "path": "active", "value": False}),          # RFC / Entra form
    ops({"op": "Replace", "path": "active", "value": "False"}),
    ops({"op": "replace", "value": {"active": "false"}}),              # string, not a JSON boolean
    ops({"op": "replace", "path": "displayName", "value": "Francis"}),
    ops({"op": "replace", "value": {"name": {"givenName": "X"}}}),
    ops({"op": "replace"}),
    {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]},
    ops(),
])
def test_every_other_patch_is_the_exact_422(scim, body):
    uid = scim.post("/Users", new_user()).json()["id"]
    r = scim.patch(f"/Users/{uid}", body)
    assert r.status_code == 422
    assert r.json() == {"schemas": [ERROR], "detail": INVALID_PATCH, "status": "422"}
    assert scim.get(f"/Users/{uid}").json()["active"] is True


def test_an_operation_without_op_is_422_or_the_real_500(scim, switch):
    uid = scim.post("/Users", new_user()).json()["id"]
    body = ops({"value": {"active": False}})
    assert scim.patch(f"/Users/{uid}", body).status_code == 422
    switch("scim_unhandled_500", True)
    assert scim.patch(f"/Users/{uid}", body).status_code == 500


def test_patch_unknown_id_is_404(scim):
    r = scim.patch("/Users/424242424", ops({"op": "replace", "value": {"active": False}}))
    assert r.status_code == 404 and r.json()["detail"] == "Resource 424242424 not found."


# --- trailing slash --------------------------------------------------------------------------------

def test_one_trailing_slash_is_ignored_as_rails_routing_does(scim):
    # ActionDispatch::Journey::Router::Utils.normalize_path("/foo/") == "/foo": docs/scim.md
    uid = created_through_slashed_paths(scim, new_user())
    r = scim.put(f"/Users/{uid}/", new_user(given="Renamed"))
    assert r.status_code == 200 and r.json()["name"]["givenName"] == "Renamed"
    # what scim_rails does not route stays Rails' 404 with the slash too
    j = scim.call("GET", "/Groups/", headers={"Accept": "application/json"})
    assert j.status_code == 404 and j.json() == {"status": 404, "error": "Not Found"}


# --- what scim_rails does not route ---------------------------------------------------------------

@pytest.mark.parametrize("method, path", [
    ("GET", "/Groups"), ("GET", "/ServiceProviderConfig"), ("GET", "/Schemas"), ("GET", "/ResourceTypes"),
    ("DELETE", "/Users/544547"), ("POST", "/Users/.search"), ("POST", "/.search"),
])
def test_unrouted_paths_are_rails_plain_404s(scim, method, path):
    r = scim.call(method, path, auth=None)
    assert r.status_code == 404
    assert r.headers["Content-Type"].startswith("text/html") and "doesn't exist" in r.text
    j = scim.call(method, path, headers={"Accept": "application/json"})
    assert j.status_code == 404 and j.json() == {"status": 404, "error": "Not Found"}


def test_attributes_parameter_is_ignored(scim):
    body = scim.get("/Users", params={"attributes": "userName", "count": 1}).json()
    assert set(body["Resources"][0]) == {"schemas", "id", "userName", "name", "emails", "active"}
