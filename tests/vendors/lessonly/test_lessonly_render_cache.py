"""Lessonly REST answers kept as rendered bytes (decision 005): no write or setting leaves a stale answer.

Each case reads every cached rendering of one user (the v1 and v1.1 pages holding it, its detail) so the
cache holds them, changes one thing (a writable field through the REST API or SCIM, a membership, a
group or custom-field name, the company's time zone, a switch, a whole-state swap), then checks that
each reading shows the change and is byte-for-byte what an empty cache renders.
"""

from __future__ import annotations

import json

import pytest

from emulator.vendors.lessonly import DEMO_SCIM_TOKEN, DEMO_SUBDOMAIN
from lessonly_helpers import basic
from tests.memo_variant import VARIANTS, fresh, memo_on, replayed

GONE = object()


@pytest.fixture(params=VARIANTS, autouse=True)
def memo(ly_emulator, request):
    yield from memo_on(ly_emulator, request.param)


class Reads:
    def __init__(self, api) -> None:
        self.api = api
        state = api.state
        members = {m for g in state.groups for m in g.member_ids}
        with_values = {v.user_id for v in state.custom_values}
        newest = sorted(state.users.keys(), reverse=True)[:50]  # page 1, newest first
        self.uid = next(u for u in newest if u in members and u in with_values
                        and state.users.get(u).archived_at is None)
        self.paths = ["/api/v1/users", "/api/v1.1/users", f"/api/v1/users/{self.uid}"]

    def raw(self) -> list[bytes]:
        out = []
        for path in self.paths:
            r = self.api.get(path)
            assert r.status_code == 200, (path, r.get_data(as_text=True))
            out.append(r.data)
        return out

    def views(self) -> list[dict]:
        """The user as the v1 page, the v1.1 page and its detail show it."""
        pages = [next(u for u in self.api.get(p).json["users"] if u["id"] == self.uid) for p in self.paths[:2]]
        return [*pages, self.api.get(self.paths[2]).json]


def _every(test, what: str):
    def check(r: Reads):
        for view in r.views():
            assert test(view, r), (what, view)
    return check


def _put(field: str, value, shown=None, key: str | None = None):
    """PUT /users/{id} of one field; every reading then shows ``shown`` (default: ``value``) under ``key``."""
    def change(r: Reads):
        r.api.put(f"/api/v1/users/{r.uid}", {field: value})
    return change, _every(lambda v, r: v[key or field] == (value if shown is None else shown), field)


def _v11_and_detail(test, what: str):
    """A check on the readings that print custom values and groups (not the v1 page, which has neither)."""
    def check(r: Reads):
        for view in r.views()[1:]:
            assert test(view, r), (what, view)
    return check


def _custom(r: Reads):
    value = r.api.state.custom_values.where("user_id", r.uid)[0]
    r.field_id = value.custom_user_field_id
    r.api.put(f"/api/v1/users/{r.uid}", {"custom_user_fields": [{"custom_user_field_id": r.field_id,
                                                                  "value": "a new value"}]})


def _custom_shown(view, r):
    return any(d["custom_user_field_id"] == r.field_id and d["value"] == "a new value"
               for d in view["custom_user_field_data"])


def _other_group(r: Reads) -> int:
    return next(g.id for g in r.api.state.groups if r.uid not in g.member_ids)


def _join(r: Reads):
    r.group_id = _other_group(r)
    r.api.put(f"/api/v1/users/{r.uid}/groups", {"memberships": [{"id": r.group_id}]})


def _rename_group(r: Reads):
    r.group_id = next(g.id for g in r.api.state.groups if r.uid in g.member_ids)
    r.api.put(f"/api/v1/groups/{r.group_id}", {"name": "Renamed group"})


def _rename_field(r: Reads):
    """No API renames a custom field (an import does): written straight into the table."""
    state = r.api.state
    field = state.custom_user_fields.get(state.custom_values.where("user_id", r.uid)[0].custom_user_field_id)
    state.custom_user_fields.update(field, name="Renamed field")


def _direct_value(r: Reads):
    """Every API write of a custom value also writes the user; an import need not: written straight in."""
    value = r.api.state.custom_values.where("user_id", r.uid)[0]
    r.field_id = value.custom_user_field_id
    r.api.state.custom_values.update(value, value="a new value")


def _scim_archive(r: Reads):
    body = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "value": {"active": False}}]}
    resp = r.api.client.patch(f"/scim/v2/Users/{r.uid}", data=json.dumps(body), content_type="application/scim+json",
                              headers={"Authorization": basic(DEMO_SUBDOMAIN, DEMO_SCIM_TOKEN)})
    assert resp.status_code == 200, resp.get_data(as_text=True)


def _swap(kind: str):
    def change(r: Reads):
        api = r.api
        if kind == "snapshot":
            assert api.control("POST", "/snapshots", {"name": "before"}).status_code == 201
        exported = api.control("GET", "/state").json["state"]
        api.put(f"/api/v1/users/{r.uid}", {"name": "Transient Name"})
        r.raw()  # the edited user is now what the cache holds
        if kind == "reset":
            assert api.control("POST", "/reset", {}).status_code == 200
        elif kind == "snapshot":
            assert api.control("POST", "/snapshots/before/restore", {}).status_code == 200
        else:
            assert api.control("PUT", "/state", {"state": exported}).status_code == 200
    return change


def _setting(name: str, value):
    def change(r: Reads, monkeypatch):
        monkeypatch.setitem(r.api.tenant.config.settings, name, value)
    return change


def _archived_zone(view, r):
    return view["archived_at"].endswith("+09:00")


CASES = {
    # every field PUT /users/{id} writes
    "name": _put("name", "Renamed Person"),
    "email": _put("email", "renamed.person@example.com"),
    "role": _put("role", "manager"),
    "role_id": _put("role_id", 34, shown="creator", key="role"),
    "ext_uid": _put("ext_uid", "EXT-NEW"),
    "job_title": _put("job_title", "Chief Tester"),
    "business_unit": _put("business_unit", "Testing"),
    "department": _put("department", "QA"),
    "location": _put("location", "Lisbon"),
    "locale": _put("locale", "fr"),
    "hire_date": _put("hire_date", "2020-02-29"),
    "manager_name": _put("manager_name", "New Boss"),
    "custom field value": (_custom, _v11_and_detail(_custom_shown, "custom value")),
    "custom field value alone": (_direct_value, _v11_and_detail(_custom_shown, "custom value")),
    # archive / restore (REST and SCIM), memberships, names the readings print
    "archive": (lambda r: r.api.put(f"/api/v1/users/{r.uid}/archive"),
                _every(lambda v, r: v["archived_at"] is not None, "archived")),
    "archive through SCIM": (_scim_archive, _every(lambda v, r: v["archived_at"] is not None, "archived")),
    "membership": (_join, _v11_and_detail(lambda v, r: "groups" not in v or r.group_id in [
        g["id"] for g in v["groups"]["member"]], "member")),
    "group renamed": (_rename_group, _v11_and_detail(lambda v, r: "groups" not in v or "Renamed group" in [
        g["name"] for g in v["groups"]["member"]], "group name")),
    "custom field renamed": (_rename_field, _v11_and_detail(lambda v, r: "Renamed field" in [
        d["name"] for d in v["custom_user_field_data"]], "field name")),
    "deleted": (lambda r: r.api.delete(f"/api/v1/users/{r.uid}"), GONE),
    # whole-state swaps
    "reset": (_swap("reset"), _every(lambda v, r: v["name"] != "Transient Name", "seeded name")),
    "snapshot restore": (_swap("snapshot"), _every(lambda v, r: v["name"] != "Transient Name", "snapshot name")),
    "import": (_swap("import"), _every(lambda v, r: v["name"] != "Transient Name", "imported name")),
}
#: changes of a setting, made after the user is archived (archived_at is printed in the company's zone)
SETTINGS = {
    "time_zone": (_setting("time_zone", "Asia/Tokyo"), _every(_archived_zone, "zone")),
}


def _run(api, change, check, monkeypatch=None, *, swap: bool = False, memo=None):
    r = Reads(api)
    if monkeypatch is not None:
        api.put(f"/api/v1/users/{r.uid}/archive")
    before = r.raw()
    assert r.raw() == before  # served from the cache now
    assert len(api.state.rendered) > 0
    replayed(memo, r.raw)
    change(r, monkeypatch) if monkeypatch is not None else change(r)
    if check is GONE:
        assert api.get(r.paths[2]).status_code == 404
        assert r.uid not in [u["id"] for u in api.get(r.paths[0]).json["users"]]
        return
    cached = r.raw()
    check(r)
    fresh(api.state, memo)
    assert r.raw() == cached, "a cached answer differs from a fresh rendering"
    assert swap or cached != before, "the change changed nothing"


@pytest.mark.parametrize("case", list(CASES))
def test_no_write_leaves_a_stale_answer(api, memo, case):
    change, check = CASES[case]
    _run(api, change, check, swap=case in ("reset", "snapshot restore", "import"), memo=memo)


@pytest.mark.parametrize("case", list(SETTINGS))
def test_no_setting_leaves_a_stale_answer(api, monkeypatch, memo, case):
    change, check = SETTINGS[case]
    _run(api, change, check, monkeypatch, memo=memo)


def test_the_group_ids_switch_changes_the_detail_not_a_stale_copy(api, switch):
    """guide_group_ids adds group_ids to the detail; with it on, a membership change shows there too."""
    r = Reads(api)
    plain = api.get(r.paths[2]).json
    assert "group_ids" not in plain
    switch("guide_group_ids", True)
    ids = api.get(r.paths[2]).json["group_ids"]
    assert ids == [g.id for g in api.state.groups if r.uid in g.member_ids]
    _join(r)
    assert api.get(r.paths[2]).json["group_ids"] == [*ids, r.group_id]
    switch("guide_group_ids", False)
    assert api.get(r.paths[2]).json == plain
