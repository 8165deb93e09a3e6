"""Plain SCIM pages are served from rendered rows kept per row version (core.scim.engine, Table.stamp).

Each test warms the cache with a page, changes a user through every path its SCIM view reads (REST,
SCIM, the clock, the SCIM-only sidecar, reset), and checks the next page shows the change and agrees,
row for row, with GET /Users/{id}, which is rendered fresh on every call.
"""

from __future__ import annotations

import pytest

from emulator.core.scim.sidecar import Sidecar

from .helpers import Scim, ops
from .test_lessonly_scim import new_user as lessonly_user
from .test_skilljar_scim import domain
from .test_skilljar_scim import new_user as skilljar_user
from .test_talentlms_scim import new_user as talentlms_user


def last_page(scim: Scim) -> list[dict]:
    """The last 100 users, where the ones a test creates are."""
    total = scim.get("/Users", params={"count": 1}).json()["totalResults"]  # Lessonly refuses count=0
    body = scim.get("/Users", params={"startIndex": max(1, total - 99), "count": 100}).json()
    return body["Resources"]


def rest_client(vendor, prefix: str):
    """(method, path, **kw) -> the vendor's REST answer, through the plugin's HTTP session."""
    def call(method, path, **kw):
        return vendor.http.request(method, vendor.url(prefix + path), timeout=30, **kw)
    return call


def row(scim: Scim, uid) -> dict:
    """The user as the page shows it, after checking the whole page agrees with single GETs."""
    page = last_page(scim)
    for listed in page:
        single = scim.get(f"/Users/{listed['id']}")
        assert listed == single.json()
        if "meta" in listed:
            assert single.headers["ETag"] == listed["meta"]["version"]
    return next(u for u in page if u["id"] == uid)


# --- TalentLMS: the user row, its SCIM sidecar, and the clock's deactivation date ------------------

@pytest.fixture
def talentlms_scim(talentlms):
    return Scim(talentlms.url("/scim/v2"), "Bearer " + talentlms.credentials["scim_token"])


@pytest.mark.openapi_unchecked(reason="writes non-string externalIds straight into the sidecar, which the API "
                                       "refuses (400 invalidValue), to prove the page cache follows any change")
def test_talentlms_page_follows_rest_scim_sidecar_and_clock(talentlms_scim, talentlms):
    scim, post = talentlms_scim, rest_client(talentlms, "/api/v1/")

    def rest(action, **kw):
        return post("POST", action, **kw)

    uid = scim.post("/Users", talentlms_user()).json()["id"]
    before = row(scim, uid)
    assert before["active"] is True and "externalId" not in before

    rest("edituser", data={"user_id": uid, "first_name": "Renamed"})
    assert row(scim, uid)["name"]["givenName"] == "Renamed"

    rest(f"usersetstatus/user_id:{uid},status:inactive")
    assert row(scim, uid)["active"] is False

    # externalId and the email's type live only in the sidecar, not on the REST row
    put = talentlms_user(externalId="okta-00u1", active=True)
    put["emails"][0]["type"] = "home"
    assert scim.put(f"/Users/{uid}", put).status_code == 200
    shown = row(scim, uid)
    assert shown["externalId"] == "okta-00u1" and shown["emails"][0]["type"] == "home" and shown["active"]

    scim.patch(f"/Users/{uid}", ops({"op": "replace", "path": "externalId", "value": "okta-00u2"}))
    assert row(scim, uid)["externalId"] == "okta-00u2"
    # every SCIM write also edits the REST row; a sidecar change alone must show as well, whatever
    # an imported state holds there
    for value in ("set-in-state", ["a", "b"], True, 1):
        Sidecar(talentlms.tenant.state, "User").put(int(uid), "externalId", value)
        assert row(scim, uid)["externalId"] == value and type(row(scim, uid)["externalId"]) is type(value)

    talentlms.freeze(1_800_000_000)  # 15/01/2027
    rest("edituser", data={"user_id": uid, "deactivation_date": "20/01/2027"})
    assert row(scim, uid)["active"] is True
    talentlms.advance(6 * 86400)  # no request changes the user: the page itself applies the date
    assert row(scim, uid)["active"] is False


def test_talentlms_page_after_reset_is_the_seed_again(talentlms_scim, talentlms):
    scim = talentlms_scim
    seeded = last_page(scim)
    first = seeded[-1]["id"]
    scim.put(f"/Users/{first}", {**talentlms_user(login=seeded[-1]["userName"],
                                                  email=seeded[-1]["emails"][0]["value"]),
                                 "name": {"givenName": "Changed", "familyName": "Name"}})
    assert last_page(scim)[-1]["name"]["givenName"] == "Changed"
    talentlms.tenant.reset()
    assert last_page(scim) == seeded


# --- Skilljar: the user row, changed by REST user edits, domain membership and SCIM ----------------

@pytest.fixture
def skilljar_scim(skilljar):
    return Scim(skilljar.url("/scim/v2"), "Bearer " + skilljar.credentials["scim_token"])


def test_skilljar_page_follows_rest_and_scim(skilljar_scim, skilljar):
    scim, rest = skilljar_scim, rest_client(skilljar, "/v1")

    uid = scim.post("/Users", skilljar_user()).json()["id"]
    assert row(scim, uid)["active"] is True

    rest("PATCH", f"/users/{uid}", json={"first_name": "Renamed", "email": "renamed@example.com"})
    shown = row(scim, uid)
    assert shown["name"]["givenName"] == "Renamed" and shown["userName"] == "renamed@example.com"

    rest("PATCH", f"/domains/{domain(skilljar)}/users/{uid}", json={"active": False})
    assert row(scim, uid)["active"] is False

    scim.patch(f"/Users/{uid}", ops({"op": "replace", "path": "active", "value": True}))
    assert row(scim, uid)["active"] is True

    seeded_count = scim.get("/Users", params={"count": 0}).json()["totalResults"]
    skilljar.tenant.reset()
    assert scim.get("/Users", params={"count": 0}).json()["totalResults"] == seeded_count - 1
    assert all(u["id"] != uid for u in last_page(scim))


# --- Lessonly: the user row, changed by REST edits and archive/restore -----------------------------

@pytest.fixture
def lessonly_scim(lessonly):
    from emulator.vendors.lessonly import DEMO_SCIM_TOKEN

    return Scim(lessonly.url("/scim/v2"), "Bearer " + DEMO_SCIM_TOKEN)


def test_lessonly_page_follows_rest_archive_and_scim(lessonly_scim, lessonly):
    scim, rest = lessonly_scim, rest_client(lessonly, "/api/v1")

    uid = scim.post("/Users", lessonly_user()).json()["id"]
    assert row(scim, uid)["active"] is True

    assert rest("PUT", f"/users/{uid}", json={"name": "Moved Away"}).status_code == 200
    assert row(scim, uid)["name"] == {"givenName": "Moved", "familyName": "Away"}

    rest("PUT", f"/users/{uid}/archive")
    assert row(scim, uid)["active"] is False
    rest("PUT", f"/users/{uid}/restore")
    assert row(scim, uid)["active"] is True

    scim.patch(f"/Users/{uid}", ops({"op": "replace", "value": {"active": False}}))
    assert row(scim, uid)["active"] is False


def test_projected_pages_are_not_served_from_whole_rows(talentlms_scim):
    """A page with attributes= takes the uncached path: the same users, only the attributes asked for."""
    scim = talentlms_scim
    total = scim.get("/Users", params={"count": 0}).json()["totalResults"]
    params = {"startIndex": max(1, total - 99), "count": 100}
    whole = scim.get("/Users", params=params).json()["Resources"]
    projected = scim.get("/Users", params={**params, "attributes": "userName"}).json()["Resources"]
    assert [u["userName"] for u in projected] == [u["userName"] for u in whole]
    assert all(set(u) == {"schemas", "id", "userName"} for u in projected)


def test_locations_follow_the_host_the_client_used(talentlms_scim):
    """meta.location is built from the request's Host; rendered rows are kept per base URL."""
    scim = talentlms_scim
    for n, host in enumerate(("lms.example.test", "127.0.0.1:9", "lms.example.test")):
        page = scim.get("/Users", params={"count": 3}, headers={"Host": host}).json()["Resources"]
        assert all(u["meta"]["location"] == f"http://{host}/scim/v2/Users/{u['id']}" for u in page), host
        created = scim.post("/Users", talentlms_user(login=f"host.{n}", email=f"host.{n}@example.com"),
                            headers={"Host": host})
        assert created.status_code == 201
        assert created.headers["Location"] == f"http://{host}/scim/v2/Users/{created.json()['id']}"


def test_the_rendered_row_cache_is_bounded_in_total(talentlms_scim, monkeypatch):
    """Many Host headers and pages larger than the bound never hold more than the bound, and pages
    stay right while the cache empties itself mid-page."""
    from emulator.core.scim import engine

    monkeypatch.setattr(engine, "_FRAGMENTS_MAX", 30)
    engine._FRAGMENTS.clear()
    monkeypatch.setattr(engine, "_fragment_count", 0)
    scim = talentlms_scim
    whole = scim.get("/Users", params={"count": 45}).json()["Resources"]
    for n in range(5):
        page = scim.get("/Users", params={"count": 45}, headers={"Host": f"h{n}.test"}).json()["Resources"]
        assert [u["id"] for u in page] == [u["id"] for u in whole]
        assert all(u["meta"]["location"].startswith(f"http://h{n}.test/") for u in page)
        assert sum(len(c) for c in engine._FRAGMENTS.values()) <= 30
