"""Filter grammar and semantics (RFC 7644 §3.4.2.2) over the bench's five seeded users.

Seed: user{i}@example.com, Given{i}/Family{i}, externalId ext-{i}, active unless i % 3 == 0,
created 1_700_000_000 + i seconds (2023-11-14T22:13:2{i}Z), one work email each.
"""

import pytest

IDS = ["s00000", "s00001", "s00002", "s00003", "s00004"]


def ids(scim, text):
    r = scim.get("/Users", query_string=None) if text is None else scim.c.get(
        "/scim/v2/Users", query_string={"filter": text}, headers={"Authorization": "Bearer acme-token"})
    assert r.status_code == 200, r.get_json()
    return [u["id"][-1] for u in r.get_json()["Resources"]]


@pytest.mark.parametrize("text, expected", [
    ('userName eq "user1@example.com"', ["1"]),
    ('userName eq "USER1@EXAMPLE.COM"', ["1"]),  # userName is caseExact false
    ('USERNAME EQ "user1@example.com"', ["1"]),  # attribute names and operators case-insensitive
    ('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "user1@example.com"', ["1"]),
    ('userName ne "user1@example.com"', ["0", "2", "3", "4"]),
    ('userName co "ER2"', ["2"]),
    ('userName sw "user4"', ["4"]),
    ('userName ew "@EXAMPLE.com"', ["0", "1", "2", "3", "4"]),
    ('externalId eq "ext-2"', ["2"]),
    ('externalId eq "EXT-2"', []),  # externalId is caseExact
    ('name.givenName eq "given3"', ["3"]),
    ('title pr', []),
    ('name pr', ["0", "1", "2", "3", "4"]),
    ('active eq false', ["0", "3"]),
    ('active eq true and name.familyName ew "4"', ["4"]),
    ('userName eq "user1@example.com" or userName eq "user2@example.com"', ["1", "2"]),
    ('not (active eq true)', ["0", "3"]),
    ('(userName sw "user1" or userName sw "user2") and active eq true', ["1", "2"]),
    ('emails[type eq "work" and value co "3@"]', ["3"]),
    ('emails[type eq "work"].value eq "user4@example.com"', ["4"]),  # Entra's form
    ('emails.value eq "user0@example.com"', ["0"]),
    ('emails eq "user0@example.com"', ["0"]),  # multi-valued complex → its value
    ('meta.created gt "2023-11-14T22:13:22Z"', ["3", "4"]),
    ('meta.created ge "2023-11-14T22:13:22Z"', ["2", "3", "4"]),
    ('meta.lastModified lt "2023-11-14T22:13:21Z"', ["0"]),
    ('meta.lastModified le "2023-11-14T22:13:21+00:00"', ["0", "1"]),
    ('userName gt "user2@example.com"', ["3", "4"]),
    ('title eq null', ["0", "1", "2", "3", "4"]),
])
def test_filter_selects(scim, text, expected):
    assert ids(scim, text) == expected


@pytest.mark.parametrize("text", [
    'userName eq',                       # no value
    'userName xx "a"',                   # unknown operator
    'userName eq "unterminated',
    '(userName eq "a"',                  # unbalanced
    'nosuchattr eq "a"',                 # unknown attribute
    'name.nosuch eq "a"',                # unknown sub-attribute
    'active gt true',                    # ordering on a boolean
    'active co "t"',                     # substring on a boolean
    'active eq "true"',                  # boolean compared with a string
    'userName eq 12',                    # string compared with a number
    'meta.created gt "yesterday"',       # not a dateTime
    'name eq "x"',                       # singular complex needs a sub-attribute
    'emails[nosuch eq "a"]',             # unknown sub-attribute in a value filter
    'userName[type eq "a"]',             # value filter on a simple attribute
    'userName pr and',
    '"' * 5000,
])
def test_invalid_filters_are_400_invalid_filter(scim, text):
    r = scim.c.get("/scim/v2/Users", query_string={"filter": text}, headers={"Authorization": "Bearer acme-token"})
    assert r.status_code == 400
    body = r.get_json()
    assert body["scimType"] == "invalidFilter" and body["status"] == "400" and body["detail"]
    assert r.mimetype == "application/scim+json"


def test_group_display_name_filter(scim):
    g = scim.post("/Groups", json={"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                                   "displayName": "Sales"}).get_json()
    body = scim.get('/Groups?filter=displayName eq "sales"').get_json()
    assert [x["id"] for x in body["Resources"]] == [g["id"]]
