"""TalentLMS REST answers kept as rendered bytes (decision 005): no write, setting or clock move leaves a
stale answer.

Each case reads every cached rendering of one seeded user (the full user, the whole list, a page
holding the user) so the cache holds them, changes one thing through the HTTP surface (a writable field,
a membership, a login key, the clock, a tenant setting, a whole-state swap), then checks that each
reading shows the change and is byte-for-byte what an empty cache renders.
"""

from __future__ import annotations

import pytest

from emulator.vendors.talentlms.models import Badge, Certification, CustomField
from emulator.vendors.talentlms.seed import SEED_PASSWORD
from tests.memo_variant import VARIANTS, fresh, memo_on, replayed

NOW = 1_800_000_000.0
GONE = object()


@pytest.fixture(params=VARIANTS, autouse=True)
def memo(talentlms, request):
    yield from memo_on(talentlms.emulator, request.param)


def _shown(r, **_):
    """No extra check: the test's own comparison (changed, and equal to a fresh rendering) suffices."""


class Reads:
    def __init__(self, api, talentlms) -> None:
        self.api, self.h = api, talentlms
        state = api.state
        self.uid = next(u.id for u in state.users if u.id != 1 and u.group_ids and u.branch_ids
                        and state.enrollments.where("user_id", u.id))
        position = state.users.keys().index(self.uid)
        # the lists first: a full-user read applies a due deactivation, the lists must do so themselves
        self.paths = ["users", f"users/page_size:7,page_number:{position // 7 + 1}", f"users/id:{self.uid}"]

    def raw(self) -> list[bytes]:
        out = []
        for path in self.paths:
            r = self.api.get(path)
            assert r.status_code == 200, (path, r.text)
            out.append(r.content)
        return out

    def one(self) -> dict:
        return self.api.ok(self.paths[-1])

    def rows(self) -> list[dict]:
        """The user as the whole list and the page show it."""
        uid = str(self.uid)
        return [next(u for u in self.api.ok(p) if u["id"] == uid) for p in self.paths[:-1]]

    def both(self) -> list[dict]:
        return [*self.rows(), self.one()]


def _edit(field: str, value: str, shown: str | None = None, key: str | None = None):
    """edituser of one field; the user (full and in lists) then shows ``shown`` under ``key``."""
    def change(r: Reads, **_):
        r.api.ok("edituser", {"user_id": str(r.uid), field: value})

    def check(r: Reads, **_):
        for user in r.both():
            assert user[key or field] == (value if shown is None else shown), user
            assert user["last_updated_timestamp"] == str(int(NOW))
    return change, check


def _every(test, what: str):
    """A check that every reading of the user passes ``test(user, reads)``."""
    def check(r: Reads, **_):
        for user in r.both():
            assert test(user, r), (what, user)
    return check


def _in(listing: str, param: str):
    """The full user now lists what ``_call`` sent as ``param``."""
    def check(r: Reads, **_):
        ids = [x.get("id") for x in r.one()[listing]]
        assert r.sent[param] in ids, ids
    return check


def _course(r: Reads) -> int:
    mine = {e.course_id for e in r.api.state.enrollments.where("user_id", r.uid)}
    return next(c.id for c in r.api.state.courses if c.id not in mine)


def _my_course(r: Reads) -> int:
    return r.api.state.enrollments.where("user_id", r.uid)[0].course_id


def _group(r: Reads) -> int:
    return next(g.id for g in r.api.state.groups if g.id not in r.api.state.users.get(r.uid).group_ids)


def _branch(r: Reads) -> int:
    return next(b.id for b in r.api.state.branches if b.id not in r.api.state.users.get(r.uid).branch_ids)


def _call(path: str, **params):
    def change(r: Reads, **_):
        r.sent = {k: str(v(r) if callable(v) else v) for k, v in params.items()}
        r.api.ok(path, r.sent)
    return change


def _login(r: Reads, **_):
    r.key = r.api.ok("userlogin", {"login": r.api.state.users.get(r.uid).login,
                                   "password": SEED_PASSWORD})["login_key"]


def _follow_key(r: Reads, **_):
    r.key = r.one()["login_key"]
    assert r.h.http.get(r.h.url("/index/" + r.key.split("/index/")[1])).status_code == 200


def _setting(name: str, value):
    def change(r: Reads, monkeypatch, **_):
        monkeypatch.setitem(r.h.tenant.config.settings, name, value)
    return change


def _deactivate_tomorrow(r: Reads, **_):
    r.api.ok("edituser", {"user_id": str(r.uid), "deactivation_date": "16/01/2027"})


def _new_field(r: Reads, **_):
    state = r.api.state
    state.custom_fields.insert(CustomField(id=state.next_id("custom_fields"), key="user:custom_field_99",
                                           scope="user", name="Shoe size", type="text", order=99))


def _direct(write):
    """A write no API action makes (seed and import do): straight into a table the full user reads."""
    def change(r: Reads, **_):
        state = r.api.state
        user = state.users.get(r.uid)
        course = state.courses.get(_my_course(r))
        write(state, user, course)
    return change


def _swap(kind: str):
    def change(r: Reads, **_):
        http, url = r.h.http, r.h.url
        if kind == "snapshot":
            assert http.post(url("/_emulator/snapshots"), json={"name": "before"}).status_code == 201
        exported = http.get(url("/_emulator/state")).json()["state"]
        r.api.ok("edituser", {"user_id": str(r.uid), "first_name": "Transient"})
        r.raw()  # the edited user is now what the cache holds
        if kind == "reset":
            assert http.post(url("/_emulator/reset"), json={}).status_code == 200
        elif kind == "snapshot":
            assert http.post(url("/_emulator/snapshots/before/restore"), json={}).status_code == 200
        else:
            assert http.put(url("/_emulator/state"), json={"state": exported}).status_code == 200
    return change


CASES = {
    # every field edituser writes
    "first_name": _edit("first_name", "Renamed"),
    "last_name": _edit("last_name", "Renamed"),
    "email": _edit("email", "renamed@example.com"),
    "login": _edit("login", "renamed.login"),
    "password": _edit("password", "Another123", shown=str(int(NOW)), key="last_updated_timestamp"),
    "bio": _edit("bio", "A new bio"),
    "timezone": _edit("timezone", "(GMT +02:00) Athens"),
    "credits": _edit("credits", "42"),
    "restrict_email": _edit("restrict_email", "yes", shown="1"),
    "user_type": _edit("user_type", "Trainer-Type"),
    "deactivation_date": _edit("deactivation_date", "01/01/2099", shown="01/01/2099, 23:59:59"),
    "custom field value": _edit("custom_field_2", "a new value"),
    # status, login keys, memberships, progress
    "usersetstatus": (lambda r, **_: r.api.ok(f"usersetstatus/user_id:{r.uid},status:inactive"),
                      _every(lambda u, r: u["status"] == "inactive", "status")),
    "userlogin mints a key": (_login, _every(lambda u, r: u["login_key"] == r.key, "the new key")),
    "a followed key is spent": (_follow_key, _every(lambda u, r: u["login_key"] != r.key, "a fresh key")),
    "addusertocourse": (_call("addusertocourse", user_id=lambda r: r.uid, course_id=_course),
                        _in("courses", "course_id")),
    "removeuserfromcourse": (_call("removeuserfromcourse", user_id=lambda r: r.uid, course_id=_my_course),
                             _shown),
    "course completed": (lambda r, **_: r.h.http.post(r.h.url("/_emulator/talentlms/progress"),
                                                      json={"user_id": r.uid, "course_id": _my_course(r)}),
                         _shown),
    "addusertogroup": (_call("addusertogroup", user_id=lambda r: r.uid, group_key=lambda r: r.api.state.groups.get(
        _group(r)).key), _every(lambda u, r: r.sent["group_key"] in {
            g.key for g in r.api.state.groups if str(g.id) in {x["id"] for x in r.one()["groups"]}}, "group")),
    "removeuserfromgroup": (_call("removeuserfromgroup", user_id=lambda r: r.uid,
                                  group_id=lambda r: r.api.state.users.get(r.uid).group_ids[0]), _shown),
    "addusertobranch": (_call("addusertobranch", user_id=lambda r: r.uid, branch_id=_branch),
                        _in("branches", "branch_id")),
    "removeuserfrombranch": (_call("removeuserfrombranch", user_id=lambda r: r.uid,
                                   branch_id=lambda r: r.api.state.users.get(r.uid).branch_ids[0]),
                             _shown),
    "deletecourse": (_call("deletecourse", course_id=_my_course), _shown),
    "deleteuser": (_call("deleteuser", user_id=lambda r: r.uid), GONE),
    # the other tables the full user reads, written directly
    "course renamed": (_direct(lambda st, u, c: st.courses.update(c, name="Renamed & <escaped>")), _shown),
    "group renamed": (_direct(lambda st, u, c: st.groups.update(st.groups.get(u.group_ids[0]), name="Renamed")),
                      _shown),
    "branch renamed": (_direct(lambda st, u, c: st.branches.update(st.branches.get(u.branch_ids[0]),
                                                                   name="renamedbranch")), _shown),
    "certification issued": (_direct(lambda st, u, c: st.certifications.insert(Certification(
        id=st.next_id("certifications"), key=f"{u.id}:{c.id}:x", user_id=u.id, course_id=c.id, unique_id="u-1",
        issued=NOW))), _shown),
    "badge awarded": (_direct(lambda st, u, c: st.badges.insert(Badge(
        id=st.next_id("badges"), user_id=u.id, name="Star", type="activity", criteria="c", image="star.png",
        issued=NOW))), _shown),
    # the clock: a deactivation date passes
    "deactivation date passes": (lambda r, **_: r.h.advance(3 * 86400), _every(
        lambda u, r: u["status"] == "inactive", "status")),
    # tenant settings the rendering reads
    "date_format": (lambda r, monkeypatch, **_: monkeypatch.setattr(r.h.tenant.config, "date_format", "YYYYMMDD"),
                    _every(lambda u, r: u["created_on"][4] == "/", "YYYY/MM/DD")),
    "utc_offset_hours": (_setting("utc_offset_hours", 5), _shown),
    "domain_map": (_setting("domain_map", "learn.example.com"), _every(
        lambda u, r: "//learn.example.com/" in u["login_key"], "domain")),
    "custom-field definitions": (_new_field, _every(lambda u, r: "custom_field_99" in u, "new field")),
    # whole-state swaps
    "reset": (_swap("reset"), _every(lambda u, r: u["first_name"] != "Transient", "seeded name")),
    "snapshot restore": (_swap("snapshot"), _every(lambda u, r: u["first_name"] != "Transient", "snapshot name")),
    "import": (_swap("import"), _every(lambda u, r: u["first_name"] != "Transient", "imported name")),
}
SETUP = {"deactivation date passes": _deactivate_tomorrow}


@pytest.mark.parametrize("case", list(CASES))
def test_no_change_leaves_a_stale_answer(api, talentlms, monkeypatch, memo, case):
    change, check = CASES[case]
    talentlms.freeze(NOW)
    r = Reads(api, talentlms)
    if case in SETUP:
        SETUP[case](r)
    before = r.raw()
    assert r.raw() == before  # served from the cache now
    assert len(api.state.rendered) > 0
    if case not in SETUP:  # a user with a deactivation date reads the clock: never replayed
        replayed(memo, r.raw)
    change(r, monkeypatch=monkeypatch)
    if check is GONE:  # the user is gone: the lists no longer hold it
        assert api.get(r.paths[-1]).json()["error"]["message"] == "The requested user is no longer available"
        assert str(r.uid) not in {u["id"] for u in api.ok("users")}
        return
    cached = r.raw()
    check(r)
    fresh(api.state, memo)
    assert r.raw() == cached, f"{case}: a cached answer differs from a fresh rendering"
    assert cached != before or case in ("reset", "snapshot restore", "import"), f"{case} changed nothing"


def test_the_cache_is_bounded_and_right_after_a_reset(api, talentlms, monkeypatch):
    """Over its bound the cache empties itself (answers stay right); a reset keeps it (undone rows get new
    stamps), and answers after it are the seed's."""
    state = api.state
    monkeypatch.setattr(state.rendered, "limit", 20_000)
    whole = api.get("users").content
    assert api.get("users").content == whole
    assert state.rendered.size <= 20_000
    api.ok("users/page_size:5")
    assert 0 < state.rendered.size <= 20_000
    talentlms.http.post(talentlms.url("/_emulator/reset"), json={})
    assert api.get("users").content == whole
    api.state.rendered.clear()
    assert api.get("users").content == whole
