"""ListResponse, paging and the indexed eq path (RFC 7644 §3.4.2)."""

import pytest

from emulator.core.scim.errors import ERROR_URN

LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"


def test_list_envelope_and_scim_content_type(scim):
    r = scim.get("/Users")
    assert r.status_code == 200
    assert r.mimetype == "application/scim+json"
    body = r.get_json()
    assert list(body) == ["schemas", "totalResults", "startIndex", "itemsPerPage", "Resources"]
    assert body["schemas"] == [LIST]
    assert body["totalResults"] == 5 and body["startIndex"] == 1 and body["itemsPerPage"] == 5
    assert [u["id"] for u in body["Resources"]] == ["s00000", "s00001", "s00002", "s00003", "s00004"]


def test_start_index_and_count_page_the_listing(scim):
    body = scim.get("/Users?startIndex=2&count=2").get_json()
    assert [u["id"] for u in body["Resources"]] == ["s00001", "s00002"]
    assert (body["totalResults"], body["startIndex"], body["itemsPerPage"]) == (5, 2, 2)


@pytest.mark.parametrize("start", ["0", "-5"])
def test_start_index_below_one_is_one(scim, start):
    body = scim.get(f"/Users?startIndex={start}&count=1").get_json()
    assert body["startIndex"] == 1 and body["Resources"][0]["id"] == "s00000"


def test_count_zero_gives_total_only(scim):
    body = scim.get("/Users?count=0").get_json()
    assert body["totalResults"] == 5 and body["Resources"] == [] and body["itemsPerPage"] == 0


def test_negative_count_is_zero(scim):
    assert scim.get("/Users?count=-3").get_json()["Resources"] == []


def test_huge_count_is_capped_not_an_error(scim):
    r = scim.get("/Users?count=99999999999999999999")
    assert r.status_code == 200 and r.get_json()["itemsPerPage"] == 5


def test_start_index_past_the_end_is_an_empty_page(scim):
    body = scim.get("/Users?startIndex=50").get_json()
    assert body["totalResults"] == 5 and body["Resources"] == []


@pytest.mark.parametrize("query", ["count=abc", "startIndex=1.5", "count=", "startIndex=x"])
def test_non_integer_paging_is_invalid_value(scim, query):
    r = scim.get("/Users?" + query)
    if query == "count=":
        assert r.status_code == 200  # empty means "not given"
        return
    assert r.status_code == 400
    assert r.get_json()["scimType"] == "invalidValue" and r.get_json()["schemas"] == [ERROR_URN]


def test_filtered_results_are_paged(scim):
    body = scim.get('/Users?filter=userName sw "user"&startIndex=4&count=10').get_json()
    assert body["totalResults"] == 5 and [u["id"] for u in body["Resources"]] == ["s00003", "s00004"]


def test_eq_on_user_name_uses_the_index_not_a_scan(scim, emulator):
    tenant = emulator.tenants.get("acme")
    r = scim.get('/Users?filter=userName eq "USER3@example.com"')
    assert [u["id"] for u in r.get_json()["Resources"]] == ["s00003"]
    assert tenant.state.meta.get("scans", 0) == 0
    scim.get('/Users?filter=userName eq "user3@example.com" and active eq true')
    assert tenant.state.meta.get("scans", 0) == 0
    scim.get('/Users?filter=userName co "3"')
    assert tenant.state.meta["scans"] == 1


def test_no_match_is_an_empty_list_response(scim):
    body = scim.get('/Users?filter=userName eq "nobody@example.com"').get_json()
    assert body["schemas"] == [LIST] and body["totalResults"] == 0 and body["Resources"] == []


def test_tenants_are_isolated(scim, emulator):
    assert scim.get("/Users", token="globex-token").get_json()["totalResults"] == 2
    created = scim.post("/Users", json={"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                                         "userName": "only-acme"}).get_json()
    r = scim.get(f"/Users/{created['id']}", token="globex-token")
    assert r.status_code == 404
    assert r.get_json() == {"schemas": [ERROR_URN], "detail": f"Resource {created['id']} not found.", "status": "404"}


def test_search_endpoint_takes_a_search_request(scim):
    r = scim.post("/Users/.search", json={"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                                          "filter": 'userName eq "user2@example.com"',
                                          "attributes": ["userName"]})
    assert r.status_code == 200
    assert r.get_json()["Resources"] == [{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                                          "id": "s00002", "userName": "user2@example.com"}]


def test_search_without_its_schema_is_invalid_syntax(scim):
    r = scim.post("/Users/.search", json={"filter": 'userName eq "x"'})
    assert r.status_code == 400 and r.get_json()["scimType"] == "invalidSyntax"
