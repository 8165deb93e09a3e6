"""A reset undoes what a test changed (decision 002): after random REST and SCIM writes, with reads between
them so every cache is warm, the tenant's export, id counters, indexes and every answer equal those of a
freshly built emulator of the same seed, byte for byte. Per vendor, several random sequences."""

from __future__ import annotations

import base64
import json
import random
from typing import Any, Callable

import pytest

from emulator import vendors
from emulator.config import Config, TenantConfig
from emulator.core.emulator import Emulator

USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
FROZEN = 1_900_000_000.0  # both emulators answer at this instant, so answers that print "now" compare


class Client:
    """One emulator's demo tenant, through the Flask test client, with its REST and SCIM credentials."""

    def __init__(self, vendor: str, users: int = 12) -> None:
        module = vendors.get(vendor)
        demo = module.demo_tenants()[0]
        config = TenantConfig(**{**demo.to_dict(), "sizes": {**demo.sizes, "users": users}, "plan": "unlimited"})
        self.emulator = Emulator(module, Config(seed=42, tenants=[config]))
        self.tenant = self.emulator.tenants.first()
        creds = module.credentials(self.tenant, "http://localhost")
        user, password = creds["basic_auth"]
        self.rest_auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.scim_auth = "Bearer " + creds["scim_token"]
        self.http = self.emulator.app.test_client()
        self.freeze()

    def freeze(self) -> None:
        self.emulator.clock.freeze(FROZEN)

    @property
    def state(self) -> Any:
        return self.tenant.state

    def rest(self, method: str, path: str, form: dict | None = None, body: Any = None) -> Any:
        kwargs: dict[str, Any] = {"headers": {"Authorization": self.rest_auth}}
        if form is not None:
            kwargs["data"] = form
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return self.http.open(path, method=method, **kwargs)

    def scim(self, method: str, path: str, body: Any = None) -> Any:
        kwargs: dict[str, Any] = {"headers": {"Authorization": self.scim_auth, "Accept": "application/scim+json"}}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/scim+json")
        return self.http.open("/scim/v2" + path, method=method, **kwargs)

    def close(self) -> None:
        self.emulator.close()


def pick(rng: random.Random, table: Any) -> Any:
    rows = list(table)
    return rng.choice(rows) if rows else None


def scim_writes(c: Client, rng: random.Random, n: int, new_user: Callable[[int], dict]) -> None:
    choice = rng.randrange(3)
    users = c.scim("GET", "/Users?count=50").get_json()["Resources"]
    if choice == 0 or not users:
        c.scim("POST", "/Users", new_user(n))
        return
    uid = rng.choice(users)["id"]
    if choice == 1:
        c.scim("PATCH", f"/Users/{uid}", {"schemas": [PATCH_URN], "Operations": [
            rng.choice([{"op": "replace", "path": "active", "value": False},
                        {"op": "replace", "path": "name.givenName", "value": f"Patched{n}"},
                        {"op": "replace", "path": "externalId", "value": f"ext-{n}"}])]})
    else:
        c.scim("DELETE", f"/Users/{uid}")


# ---- TalentLMS ---------------------------------------------------------------------------------------

def talentlms_write(c: Client, rng: random.Random, n: int) -> None:
    st = c.state
    user, course = pick(rng, st.users), pick(rng, st.courses)
    api = "/api/v1/"
    choice = rng.randrange(11)
    if choice == 0:
        c.rest("POST", api + "usersignup", {"first_name": f"F{n}", "last_name": f"L{n}", "email": f"n{n}@example.com",
                                            "login": f"new{n}", "password": "Secret123"})
    elif choice == 1 and user:
        c.rest("POST", api + "edituser", {"user_id": str(user.id), "first_name": f"Renamed{n}"})
    elif choice == 2 and user and user.id != 1:
        c.rest("POST", api + "deleteuser", {"user_id": str(user.id), "permanent": rng.choice(["yes", "no"])})
    elif choice == 3 and user:
        c.rest("GET", api + f"usersetstatus/user_id:{user.id},status:{rng.choice(['inactive', 'active'])}")
    elif choice == 4:
        c.rest("POST", api + "createcourse", {"name": f"Course {n}"})
    elif choice == 5 and user and course:
        c.rest("GET", api + f"addusertocourse/user_id:{user.id},course_id:{course.id}")
    elif choice == 6 and course:
        c.rest("POST", api + "deletecourse", {"course_id": str(course.id)})
    elif choice == 7 and user:
        group = c.rest("POST", api + "creategroup", {"name": f"Group {n}"}).get_json()
        if "key" in group:
            c.rest("GET", api + f"addusertogroup/user_id:{user.id},group_key:{group['key']}")
    elif choice == 8 and user:
        branch = c.rest("POST", api + "createbranch", {"name": f"branch{n}"}).get_json()
        if "id" in branch:
            c.rest("GET", api + f"addusertobranch/user_id:{user.id},branch_id:{branch['id']}")
    else:
        scim_writes(c, rng, n, lambda k: {
            "schemas": [USER_URN], "userName": f"okta{k}", "name": {"givenName": "Okta", "familyName": f"U{k}"},
            "emails": [{"value": f"okta{k}@example.com", "type": "work", "primary": True}], "active": True,
            "externalId": f"00u{k}"})


def talentlms_reads(c: Client) -> list[tuple[str, str]]:
    ids = [u.id for u in c.state.users.page(0, 3)]
    return ([("rest", "/api/v1/users"), ("rest", "/api/v1/courses"), ("rest", "/api/v1/groups"),
             ("rest", "/api/v1/branches"), ("rest", "/api/v1/users/page_size:5,page_number:2"),
             ("scim", "/Users"), ("scim", "/Users?startIndex=3&count=4")]
            + [("rest", f"/api/v1/users/id:{i}") for i in ids] + [("scim", f"/Users/{i}") for i in ids])


# ---- Skilljar ----------------------------------------------------------------------------------------

def skilljar_write(c: Client, rng: random.Random, n: int) -> None:
    st = c.state
    domain = c.tenant.config.domain
    user, published = pick(rng, st.users), pick(rng, st.published_courses.where("domain_name", domain))
    choice = rng.randrange(9)
    if choice == 0:
        c.rest("POST", f"/v1/domains/{domain}/users", body={"user": {"email": f"n{n}@example.org", "first_name": "N"}})
    elif choice == 1 and user:
        c.rest("PATCH", f"/v1/users/{user.id}", body={"first_name": f"Changed{n}"})
    elif choice == 2 and user:
        c.rest("POST", f"/v1/users/{user.id}/anonymize")
    elif choice == 3:
        group = c.rest("POST", "/v1/groups", body={"name": f"Group {n}"}).get_json()
        if user and "id" in group:
            c.rest("POST", f"/v1/groups/{group['id']}/users", body={"user": {"id": user.id}})
    elif choice == 4 and (group := pick(rng, st.groups)):
        c.rest("DELETE", f"/v1/groups/{group.id}")
    elif choice == 5 and user and published:
        c.rest("POST", f"/v1/domains/{domain}/published-courses/{published.id}/enrollments",
               body={"user": {"id": user.id}})
    elif choice == 6 and user:
        c.rest("PATCH", f"/v1/domains/{domain}/users/{user.id}", body={"active": rng.choice([True, False])})
    else:
        scim_writes(c, rng, n, lambda k: {"schemas": [USER_URN], "userName": f"sso{k}@example.com",
                                          "name": {"givenName": "Sso", "familyName": f"U{k}"}, "active": True})


def skilljar_reads(c: Client) -> list[tuple[str, str]]:
    domain = c.tenant.config.domain
    ids = [u.id for u in c.state.users.page(0, 3)]
    return ([("rest", "/v1/users"), ("rest", f"/v1/domains/{domain}/users"), ("rest", "/v1/groups"),
             ("rest", "/v1/courses"), ("rest", f"/v1/domains/{domain}/published-courses"), ("scim", "/Users")]
            + [("rest", f"/v1/users/{i}") for i in ids] + [("rest", f"/v1/domains/{domain}/users/{i}") for i in ids]
            + [("scim", f"/Users/{i}") for i in ids])


# ---- Lessonly ----------------------------------------------------------------------------------------

def lessonly_write(c: Client, rng: random.Random, n: int) -> None:
    st = c.state
    user, group = pick(rng, st.users), pick(rng, st.groups)
    api = "/api/v1/"
    choice = rng.randrange(10)
    if choice == 0:
        c.rest("POST", api + "users", body={"name": f"New {n}", "email": f"n{n}@example.com", "role": "learner"})
    elif choice == 1 and user:
        c.rest("PUT", api + f"users/{user.id}", body={"job_title": f"Title {n}"})
    elif choice == 2 and user:
        c.rest("PUT", api + f"users/{user.id}/{rng.choice(['archive', 'restore'])}")
    elif choice == 3 and user:
        c.rest("DELETE", api + f"users/{user.id}")
    elif choice == 4 and user and group:
        c.rest("PUT", api + f"users/{user.id}/groups", body={"memberships": [{"id": group.id}]})
    elif choice == 5 and user:
        c.rest("POST", api + "groups", body={"name": f"Group {n}", "members": [{"id": user.id}]})
    elif choice == 6 and user and (lesson := pick(rng, st.lessons)):
        c.rest("POST", api + f"users/{user.id}/assignments", body={"assignments": [
            {"assignable_id": lesson.id, "assignable_type": "Lesson"}]})
    else:
        scim_writes(c, rng, n, lambda k: {
            "schemas": [USER_URN], "userName": f"scim{k}@example.com",
            "name": {"givenName": "S", "familyName": f"U{k}"},
            "emails": [{"value": f"scim{k}@example.com", "type": "work", "primary": True}]})


def lessonly_reads(c: Client) -> list[tuple[str, str]]:
    ids = [u.id for u in c.state.users.page(0, 3)]
    return ([("rest", "/api/v1/users"), ("rest", "/api/v1.1/users"), ("rest", "/api/v1/groups"),
             ("rest", "/api/v1/lessons"), ("scim", "/Users")]
            + [("rest", f"/api/v1/users/{i}") for i in ids] + [("rest", f"/api/v1.1/users/{i}") for i in ids]
            + [("scim", f"/Users/{i}") for i in ids])


VENDORS = {"talentlms": (talentlms_write, talentlms_reads), "skilljar": (skilljar_write, skilljar_reads),
           "lessonly": (lessonly_write, lessonly_reads)}


def answers(c: Client, reads: list[tuple[str, str]]) -> list[tuple[str, int, bytes]]:
    out = []
    for kind, path in reads:
        r = c.rest("GET", path) if kind == "rest" else c.scim("GET", path)
        out.append((path, r.status_code, r.data))
    return out


def indexes(state: Any) -> dict:
    """Every table's order and indexes, buckets as lists (their order is what ``where`` answers in)."""
    out = {}
    for name in state.tables:
        table = state.table(name)
        out[name] = (list(table._order), table._unique,
                     {field: {k: list(v) for k, v in index.items()} for field, index in table._multi.items()})
    return out


@pytest.fixture(scope="module", params=sorted(VENDORS))
def used(request):
    """The emulator the tests write to and reset, one per vendor for every sequence (resets pile up)."""
    client = Client(request.param)
    yield request.param, client
    client.close()


@pytest.fixture
def pair(used):
    """``used``, and a freshly built emulator of the same seed to compare it with."""
    vendor, client = used
    fresh = Client(vendor)
    yield vendor, client, fresh
    fresh.close()


@pytest.mark.parametrize("seed", range(4))
def test_reset_after_random_writes_is_the_fresh_seed(pair, seed):
    vendor, used, fresh = pair
    write, reads = VENDORS[vendor]
    paths = reads(fresh)
    baseline, baseline_indexes = fresh.state.export(), indexes(fresh.state)
    expected = answers(fresh, paths)  # (reads may write: a TalentLMS user's login key is minted on first read)
    assert used.state.export() == baseline
    rng = random.Random(f"{vendor}-{seed}")
    for _round in range(2):  # twice: the second round writes over a state a reset already undid
        answers(used, paths)  # warm every cache on the baseline
        for n in range(25):
            write(used, rng, 1000 * seed + 100 * _round + n)
            if n % 5 == 0:
                answers(used, paths)  # and on states in between
        assert used.state.export() != baseline, "the writes changed nothing: the test tests nothing"
        assert used.state.recording(), "these few writes must be undone, not rebuilt"
        used.emulator.reset(pristine=True)
        used.freeze()
        assert used.state.export() == baseline
        assert indexes(used.state) == baseline_indexes
        for row in baseline["tables"]["users"]:
            assert used.state.users.by("email", row["email"]).id == row["id"]
        assert answers(used, paths) == expected
        # what the reads wrote (a TalentLMS login key minted on first read) is undone as well
        used.emulator.reset(pristine=True)
        used.freeze()
        assert used.state.export() == baseline


def test_a_state_whose_log_gave_up_is_rebuilt_whole(monkeypatch):
    from emulator.core.store import Changes

    monkeypatch.setattr(Changes, "LIMIT", 2)
    c = Client("lessonly")
    baseline = c.state.export()
    before = c.state
    for n in range(4):
        c.rest("POST", "/api/v1/users", body={"name": f"New {n}", "email": f"n{n}@example.com", "role": "learner"})
    assert not c.state.recording()
    c.tenant.reset()
    assert c.state is not before and c.state.export() == baseline and c.state.recording()
    c.close()
