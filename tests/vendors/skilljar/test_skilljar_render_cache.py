"""Skilljar REST answers kept as rendered bytes (decision 005): no write, switch or swap leaves a stale answer.

Each case reads every kept rendering that shows one user or what it holds (the users page and detail, the
domain's members with and without sign-up fields, groups and their members, the user's progress lists,
enrollments of a course, path and plan, courses, published courses, table-driven rows) so the cache holds
them, makes one change (a writable field through REST or SCIM, a membership, an enrollment, a name of a
related row, an access code, a sign-up value, a switch, a whole-state swap), then checks that the
readings that print it changed and that every reading is byte-for-byte what an empty cache renders.
"""

from __future__ import annotations

import json

import pytest

from emulator.config import Config, TenantConfig
from emulator.core.emulator import Emulator
from emulator.vendors.skilljar import DEMO_API_KEY, DEMO_DOMAIN, DEMO_SCIM_TOKEN, VENDOR
from emulator.vendors.skilljar.ops.access import code_usable
from tests.memo_variant import VARIANTS, fresh, memo_on, replayed

from .conftest import Client

D = f"/v1/domains/{DEMO_DOMAIN}"
CODES = "/v1/domains/{}/access-code-pools/{}/access-codes"
SIGNUP_VALUES = "/v1/domains/{}/users/{}/signup-fields"


@pytest.fixture(scope="module")
def kept_emulator():
    cfg = Config(tenants=[TenantConfig(vendor="skilljar", name="demo", api_key=DEMO_API_KEY, domain=DEMO_DOMAIN,
                                       plan="unlimited", scim_token=DEMO_SCIM_TOKEN)])
    emu = Emulator(VENDOR, cfg)
    yield emu
    emu.close()


@pytest.fixture(params=VARIANTS, autouse=True)
def memo(kept_emulator, request):
    yield from memo_on(kept_emulator, request.param)


@pytest.fixture
def sj(kept_emulator):
    kept_emulator.reset()
    return Client(kept_emulator)


class Reads:
    """The readings of one user that has a membership of the demo domain, a group, course, path and plan
    enrollments and a sign-up value."""

    def __init__(self, sj: Client) -> None:
        self.sj = sj
        st = sj.state
        self.uid = next(u.id for u in st.users if st.membership(DEMO_DOMAIN, u.id)
                        and st.group_members.where("user_id", u.id)
                        and any(e.domain_name == DEMO_DOMAIN for e in st.enrollments.where("user_id", u.id))
                        and st.path_enrollments.where("user_id", u.id) and st.plan_enrollments.where("user_id", u.id)
                        and st.signup_values(DEMO_DOMAIN, u.id))
        uid = self.uid
        self.group = st.group_members.where("user_id", uid)[0].group_id
        self.enrollment = next(e for e in st.enrollments.where("user_id", uid) if e.domain_name == DEMO_DOMAIN)
        self.published = st.published_courses.get(self.enrollment.published_course_id)
        self.path_enrollment = st.path_enrollments.where("user_id", uid)[0]
        self.plan_enrollment = st.plan_enrollments.where("user_id", uid)[0]
        pe, plan = self.path_enrollment, self.plan_enrollment
        student = st.records_of("/v1/license-packages/{}/students")[0]  # a link row: it shows a user
        self.package, self.student = student.scope.split("|")[1], student.key
        self.paths = {
            "users": "/v1/users?page_size=100", "user": f"/v1/users/{uid}",
            "users by name": f"/v1/users?first_name={st.users.get(uid).first_name}",
            "members": f"{D}/users?page_size=100",
            "members with fields": f"{D}/users?include_signup_field_data=true&page_size=100",
            "active members": f"{D}/users?active=true&page_size=100", "member": f"{D}/users/{uid}",
            "groups": "/v1/groups", "group": f"/v1/groups/{self.group}",
            "group members": f"/v1/groups/{self.group}/users",
            "user groups": f"/v1/users/{uid}/groups",
            "progress": f"/v1/users/{uid}/published-courses",
            "progress one": f"/v1/users/{uid}/published-courses/{self.published.id}",
            "path progress": f"/v1/users/{uid}/published-path-enrollments",
            "plan progress": f"/v1/users/{uid}/plan-enrollments",
            "course enrollments": f"{D}/published-courses/{self.published.id}/enrollments",
            "course enrollment": f"{D}/published-courses/{self.published.id}/enrollments/{self.enrollment.id}",
            "path enrollments": f"/v1/domains/{pe.domain_name}/published-paths/{pe.published_path_id}"
                                "/published-path-enrollments",
            "plan enrollments": f"/v1/domains/{plan.domain_name}/plan/{plan.plan_id}/plan-enrollments",
            "courses": "/v1/courses?page_size=100", "course": f"/v1/courses/{self.published.course_id}",
            "course labels": f"/v1/courses/{self.published.course_id}/labels",
            "published courses": f"{D}/published-courses?page_size=100",
            "published course": f"{D}/published-courses/{self.published.id}",
            "domains": "/v1/domains", "group categories": "/v1/group-categories",
            "sign-up values": f"{D}/users/{uid}/signup-fields", "sign-up fields": f"{D}/signup-fields",
            "paths": "/v1/paths",
            "license students": f"/v1/license-packages/{self.package}/students",
        }

    def raw(self) -> list[bytes]:
        out = []
        for path in self.paths.values():
            r = self.sj.get(path)
            assert r.status_code in (200, 404), (path, r.get_data(as_text=True))
            out.append(r.data)
        return out


def _patch(path: str, body: dict, *shown: str):
    """A REST write (``path`` formatted with the readings' ids); the readings whose path holds one of
    ``shown`` must change."""
    def change(r: Reads):
        target = path.format(r=r)
        resp = r.sj.patch(target, json=body) if not body.get("_put") else r.sj.put(target, json=body["body"])
        assert resp.status_code in (200, 201, 204), (target, resp.get_data(as_text=True))
    return change, shown


def _post(path: str, body, *shown: str):
    def change(r: Reads):
        target = path.format(r=r)
        resp = r.sj.post(target, json=body(r) if callable(body) else body)
        assert resp.status_code in (200, 201, 204), (target, resp.get_data(as_text=True))
    return change, shown


def _direct(table: str, row_of, shown: tuple[str, ...], **changes):
    """No API writes that table alone (an import does): written straight into it."""
    def change(r: Reads):
        r.sj.state.table(table).update(row_of(r), **changes)
    return change, shown


def _code(r: Reads):
    """A code of one of the demo domain's pools, made usable (active, uses left, its pool open)."""
    st, now = r.sj.state, r.sj.emulator.tenants.get("demo").clock.now()
    code = next(c for c in st.records_of(CODES) if c.scope.split("|")[1].startswith(DEMO_DOMAIN + "/"))
    pool = st.records.get(code.ancestors[-1])
    if not code_usable(code, pool, now):
        st.records.update(code, data={**code.data, "active": True, "max_uses": 0})
        st.records.update(pool, data={**pool.data, "active": True, "start_date": None, "end_date": None})
    assert code_usable(code, pool, now)
    return code


def _give_code(r: Reads):
    resp = r.sj.patch(f"{D}/users/{r.uid}", json={"access_code": {"id": _code(r).id}})
    assert resp.status_code == 200, resp.get_data(as_text=True)


def _rename_code(r: Reads):
    _give_code(r)
    r.raw()  # the member with its code is now what the cache holds
    code = r.sj.state.records.get(r.sj.state.membership(DEMO_DOMAIN, r.uid).access_code_id)
    r.sj.state.records.update(code, data={**code.data, "code": "RENAMED-CODE"})


def _signup_value(r: Reads):
    value = r.sj.state.signup_values(DEMO_DOMAIN, r.uid)[0]
    r.sj.state.records.update(value, data={**value.data, "value": "a new value"})


def _signup_label(r: Reads):
    value = r.sj.state.signup_values(DEMO_DOMAIN, r.uid)[0]
    field = r.sj.state.records.get(value.key)
    r.sj.state.records.update(field, data={**field.data, "label": "A renamed field"})


def _other_group(r: Reads) -> str:
    return next(g.id for g in r.sj.state.groups if r.sj.state.group_membership(g.id, r.uid) is None)


def _other_course(r: Reads) -> str:
    mine = {e.published_course_id for e in r.sj.state.enrollments.where("user_id", r.uid)}
    return next(p.id for p in r.sj.state.published_courses.where("domain_name", DEMO_DOMAIN) if p.id not in mine)


def _enroll(r: Reads):
    resp = r.sj.post(f"{D}/published-courses/{_other_course(r)}/enrollments", json={"user": {"id": r.uid}})
    assert resp.status_code == 201, resp.get_data(as_text=True)


def _complete_alone(r: Reads):
    """A completion written straight into the enrollment (an import), the user untouched: the counts change."""
    row = r.enrollment
    r.sj.state.enrollments.update(row, completed_at=None if row.completed_at is not None else 1_900_000_000.0)


def _scim(body: dict):
    def change(r: Reads):
        resp = r.sj.raw.patch(f"/scim/v2/Users/{r.uid}", data=json.dumps(
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [body]}),
            content_type="application/scim+json", headers={"Authorization": f"Bearer {DEMO_SCIM_TOKEN}"})
        assert resp.status_code == 200, resp.get_data(as_text=True)
    return change


def _swap(kind: str):
    def change(r: Reads):
        sj = r.sj
        if kind == "snapshot":
            assert sj.raw.post("/_emulator/snapshots", json={"name": "before"}).status_code == 201
        exported = sj.raw.get("/_emulator/state").get_json()["state"]
        assert sj.patch(f"/v1/users/{r.uid}", json={"first_name": "Transient"}).status_code == 200
        r.raw()  # the edited user is now what the cache holds
        if kind == "reset":
            assert sj.raw.post("/_emulator/reset", json={}).status_code == 200
        elif kind == "snapshot":
            assert sj.raw.post("/_emulator/snapshots/before/restore", json={}).status_code == 200
        else:
            assert sj.raw.put("/_emulator/state", json={"state": exported}).status_code == 200
    return change


USER = ("users", "user", "users by name", "members", "members with fields", "active members", "member",
        "group members", "course enrollments", "course enrollment", "path enrollments", "plan enrollments")
MEMBER = ("members", "members with fields", "active members", "member")
CASES = {
    # every field PATCH /v1/users/{id} writes, and anonymizing
    "email": _patch("/v1/users/{r.uid}", {"email": "renamed.person@example.com"}, *USER),
    "first_name": _patch("/v1/users/{r.uid}", {"first_name": "Renamed"}, *USER),
    "last_name": _patch("/v1/users/{r.uid}", {"last_name": "Person"}, *USER),
    "anonymize": _post("/v1/users/{r.uid}/anonymize", None, *USER),
    # the member: every field PATCH /v1/domains/{}/users/{id} writes, its code, its sign-up values
    "member active": _patch(D + "/users/{r.uid}", {"active": False}, *MEMBER),
    "member expires_at": _patch(D + "/users/{r.uid}", {"expires_at": "2031-01-01T00:00:00Z"}, *MEMBER),
    "access code": (_give_code, MEMBER),
    "access code renamed": (_rename_code, MEMBER),
    "sign-up value": (_signup_value, ("members with fields", "member", "sign-up values")),
    "sign-up field renamed": (_signup_label, ("members with fields", "member", "sign-up fields")),
    # enrollments and progress
    "enrolled": (_enroll, ("users", "user", "progress")),
    "progress": _patch("/v1/users/{r.uid}/published-courses/{r.published.id}",
                       {"course_progress": {"completed_at": "2030-01-01T00:00:00Z", "score": 7}},
                       "progress", "progress one"),
    "enrollment completed alone": (_complete_alone, ("users", "user", "progress", "progress one")),
    "enrollment active": _patch(D + "/published-courses/{r.published.id}/enrollments/{r.enrollment.id}",
                                {"active": False}, "course enrollments", "course enrollment", "progress",
                                "progress one"),
    "path enrollment active": _patch(
        "/v1/domains/{r.path_enrollment.domain_name}/published-paths/{r.path_enrollment.published_path_id}"
        "/published-path-enrollments/{r.path_enrollment.id}", {"active": False}, "path progress",
        "path enrollments"),
    "plan enrollment active": _patch(
        "/v1/domains/{r.plan_enrollment.domain_name}/plan/{r.plan_enrollment.plan_id}/plan-enrollments"
        "/{r.plan_enrollment.id}", {"active": False}, "plan progress", "plan enrollments"),
    # groups
    "joined a group": _post("/v1/groups/{r.other}/users", lambda r: {"user": {"id": r.uid}}, "groups",
                            "user groups"),
    "left a group": (lambda r: r.sj.delete(f"/v1/groups/{r.group}/users/{r.uid}"),
                     ("groups", "group", "group members", "user groups")),
    "group renamed": _patch("/v1/groups/{r.group}", {"name": "Renamed group"}, "groups", "group", "user groups"),
    "group deleted": (lambda r: r.sj.delete(f"/v1/groups/{r.group}"),
                      ("groups", "group", "group members", "user groups")),
    # names and fields of related rows the readings print
    "course renamed": _patch("/v1/courses/{r.published.course_id}", {"title": "Renamed course"}, "courses",
                             "course", "progress", "progress one", "published courses", "published course"),
    "published course changed": _patch(D + "/published-courses/{r.published.id}", {"slug": "renamed-slug"},
                                       "published courses", "published course"),
    "label renamed": _direct("labels", lambda r: r.sj.state.labels.get(
        r.sj.state.courses.get(r.published.course_id).label_ids[0]), ("courses", "course", "course labels"),
        name="Renamed label"),
    "path renamed": _direct("published_paths", lambda r: r.sj.state.published_paths.get(
        r.path_enrollment.published_path_id), ("path progress", "paths"), title="Renamed path", course_count=9),
    "plan renamed": _direct("plans", lambda r: r.sj.state.plans.get(r.plan_enrollment.plan_id), ("plan progress",),
                            title="Renamed plan"),
    "domain changed": _patch(D, {"catalog_title": "Renamed catalog"}, "domains"),
    "group category renamed": _direct("group_categories", lambda r: next(iter(r.sj.state.group_categories)),
                                      ("group categories",), name="Renamed category"),
    "linked user renamed": _patch("/v1/users/{r.student}", {"first_name": "Linked"}, "license students"),
    # SCIM writes of the same user
    "SCIM deactivate": (_scim({"op": "replace", "value": {"active": False}}), ("users", "user", *MEMBER)),
    "SCIM name": (_scim({"op": "replace", "path": "name.givenName", "value": "Scimmed"}), USER),
    # whole-state swaps
    "reset": (_swap("reset"), ()),
    "snapshot restore": (_swap("snapshot"), ()),
    "import": (_swap("import"), ()),
}
#: the tenant switches the answers read (envelopes and which row is shown); each flipped after the reads
SWITCHES = {
    "users_pagination": ("cursor", ("users", "users by name")),
    "progress_list_shape": ("envelope", ("progress", "path progress", "plan progress")),
    "progress_by_course": (False, ()),
}


def _run(sj: Client, change, shown: tuple[str, ...], memo=None) -> None:
    r = Reads(sj)
    r.other = _other_group(r)
    before = r.raw()
    assert r.raw() == before  # served from the cache now
    assert len(sj.state.rendered) > 0
    replayed(memo, r.raw)
    change(r)
    cached = r.raw()
    fresh(sj.state, memo)
    rendered = r.raw()
    for name, was, kept, new in zip(r.paths, before, cached, rendered, strict=True):
        assert kept == new, f"{name}: a kept answer differs from a fresh rendering"
        assert name not in shown or kept != was, f"{name}: the change is not shown"


@pytest.mark.parametrize("case", list(CASES))
def test_no_write_leaves_a_stale_answer(sj, memo, case):
    change, shown = CASES[case]
    _run(sj, change, shown, memo)


@pytest.mark.parametrize("name", list(SWITCHES))
def test_no_switch_leaves_a_stale_answer(sj, kept_emulator, monkeypatch, memo, name):
    value, shown = SWITCHES[name]
    switches = kept_emulator.tenants.get("demo").switches
    _run(sj, lambda r: monkeypatch.setitem(switches, name, value), shown, memo)


def test_a_page_walk_keeps_its_links_per_request_url(sj):
    """next/previous carry the request's host and query: the same page asked through another host or
    with another query answers its own links."""
    one = sj.get("/v1/users?page=2&page_size=10").get_json()
    other = sj.get("/v1/users?page=2&page_size=10", base_url="http://other.example:8123").get_json()
    extra = sj.get("/v1/users?page_size=10&page=2&x=1").get_json()
    assert one["results"] == other["results"] == extra["results"]
    assert one["next"] == "http://localhost/v1/users?page=3&page_size=10"
    assert other["next"] == "http://other.example:8123/v1/users?page=3&page_size=10"
    assert extra["previous"] == "http://localhost/v1/users?page_size=10&x=1"
