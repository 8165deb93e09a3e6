"""The answer memo (core/memo.py): a repeated read is replayed byte for byte, journaled and counted like
any answer, and nothing a read could show changes without the next read showing it.

The table-driven proof that no write, setting or whole-state swap leaves a stale answer is the three
render-cache suites, which run every case with the memo on as well (tests/vendors/*/test_*render_cache.py).
"""

from __future__ import annotations

import base64
import re

import pytest

from emulator import vendors
from emulator.config import Config, TenantConfig
from emulator.core import memo as memo_module
from emulator.core.memo import AnswerMemo
from emulator.server import build_emulator

READS = {"talentlms": "/api/v1/users/id:{id}", "lessonly": "/api/v1/users/{id}", "skilljar": "/v1/users/{id}"}
PAGES = {"talentlms": "/api/v1/users/page_size:5,page_number:2", "lessonly": "/api/v1/users?page=2&per_page=5",
         "skilljar": "/v1/users?page=2&page_size=5"}
#: Lessonly's per-request headers (Rails' request id and runtime): made afresh on a replay
VOLATILE = {"X-Request-Id", "X-Runtime"}


def _emulator(name: str, plan: str = "unlimited", users: int = 30):
    vendor = vendors.get(name)
    demo = vendor.demo_tenants()[0]
    config = TenantConfig(**{**demo.to_dict(), "sizes": {**demo.sizes, "users": users}, "plan": plan})
    emulator = build_emulator(name, Config(tenants=[config]))
    emulator.memo = AnswerMemo()
    tenant = emulator.tenants.first()
    key, password = vendor.credentials(tenant, "http://127.0.0.1")["basic_auth"]
    auth = {"Authorization": "Basic " + base64.b64encode(f"{key}:{password}".encode()).decode()}
    return emulator, tenant, auth


def _user(tenant, n: int = 7) -> str:
    return str(list(tenant.state.users)[n].id)


def _stable(headers) -> list[tuple[str, str]]:
    return [(k, v) for k, v in headers if k not in VOLATILE]


@pytest.mark.parametrize("name", sorted(READS))
def test_a_repeated_read_is_replayed_as_it_was_answered_and_journaled(name):
    emulator, tenant, auth = _emulator(name)
    client = emulator.app.test_client()
    for path in (READS[name].replace("{id}", _user(tenant)), PAGES[name]):
        answers = [client.get(path, headers=auth) for _ in range(4)]
        assert emulator.memo.hits >= 2, path
        first = answers[0]
        assert first.status_code == 200
        for answer in answers[1:]:
            assert (answer.status, answer.data) == (first.status, first.data)
            assert _stable(answer.headers.items()) == _stable(first.headers.items())
        entries = emulator.journal.query(path=path.split("?")[0])[-4:]
        assert len(entries) == 4
        assert {(e.status, e.tenant, e.response_body, e.hint) for e in entries} == {
            (200, tenant.name, entries[0].response_body, entries[0].hint)}
        assert all(e.request_headers["Authorization"] == auth["Authorization"] for e in entries)
    emulator.close()


def test_a_replayed_lessonly_answer_has_its_own_request_id_and_runtime():
    emulator, tenant, auth = _emulator("lessonly")
    client = emulator.app.test_client()
    path = READS["lessonly"].replace("{id}", _user(tenant))
    ids = {client.get(path, headers=auth).headers["X-Request-Id"] for _ in range(4)}
    assert emulator.memo.hits >= 2
    assert len(ids) == 4  # a new id per answer, replayed or not, as Rails gives
    sent = client.get(path, headers={**auth, "X-Request-Id": "client-id-1"})
    again = client.get(path, headers={**auth, "X-Request-Id": "client-id-1"})
    assert sent.headers["X-Request-Id"] == again.headers["X-Request-Id"] == "client-id-1"
    assert re.fullmatch(r"\d+\.\d{6}", again.headers["X-Runtime"])
    entry = emulator.journal.query()[-1]
    assert entry.response_headers["X-Request-Id"] == "client-id-1"
    emulator.close()


def test_replays_count_against_the_rate_limit_and_the_limit_answers_as_without_the_memo():
    """TalentLMS's "free" plan allows 50 calls an hour: replayed or not, the 51st call is refused."""
    answers = {}
    for with_memo in (True, False):
        emulator, tenant, auth = _emulator("talentlms", plan="free")
        if not with_memo:
            emulator.memo = None
        client = emulator.app.test_client()
        path = READS["talentlms"].replace("{id}", _user(tenant))
        got = [client.get(path, headers=auth) for _ in range(52)]
        answers[with_memo] = [(r.status_code, r.data) for r in got]
        assert tenant.limiter.peek()[0].used == 50
        if with_memo:
            assert emulator.memo.hits >= 45
        emulator.close()
    assert answers[True] == answers[False]
    assert [status for status, _ in answers[True]].count(200) == 50


def test_a_fault_rule_is_answered_even_for_a_kept_read():
    emulator, tenant, auth = _emulator("skilljar")
    client = emulator.app.test_client()
    path = READS["skilljar"].replace("{id}", _user(tenant))
    kept = [client.get(path, headers=auth).data for _ in range(3)]
    assert emulator.memo.hits >= 1
    emulator.faults.add({"path": path, "status": 503, "body": {"detail": "down"}})  # in-process: no request
    assert client.get(path, headers=auth).status_code == 503
    emulator.faults.clear()
    assert client.get(path, headers=auth).data == kept[0]
    assert emulator.memo.hits >= 2  # kept all along: a fault rule only stops replays while it is set
    emulator.close()


def test_an_answer_that_read_the_clock_is_never_kept():
    """A TalentLMS user with a deactivation date reads the clock on every read; when time passes the date
    (here: the clock set in-process, as real time would pass, with no request in between), the next read
    shows the user deactivated."""
    emulator, tenant, auth = _emulator("talentlms")
    client = emulator.app.test_client()
    uid = _user(tenant)
    tenant.clock.freeze(1_800_000_000.0)
    assert client.post("/api/v1/edituser", headers=auth,
                       data={"user_id": uid, "deactivation_date": "01/06/2027"}).status_code == 200
    path = READS["talentlms"].replace("{id}", uid)
    for _ in range(3):
        assert client.get(path, headers=auth).get_json()["status"] == "active"
    assert emulator.memo.hits == 0
    tenant.clock.set(1_900_000_000.0)
    assert client.get(path, headers=auth).get_json()["status"] == "inactive"
    emulator.close()


def test_a_write_outside_any_request_is_shown_by_the_next_read():
    """A delivery thread or an import writes rows without a request: the table write alone drops what is kept."""
    emulator, tenant, auth = _emulator("skilljar")
    client = emulator.app.test_client()
    uid = _user(tenant)
    path = READS["skilljar"].replace("{id}", uid)
    for _ in range(3):
        client.get(path, headers=auth)
    assert emulator.memo.hits >= 1
    tenant.state.users.update(tenant.state.users.get(uid), first_name="Written-Elsewhere")
    assert "Written-Elsewhere" in client.get(path, headers=auth).get_data(as_text=True)
    emulator.close()


@pytest.mark.parametrize("name", sorted(READS))
def test_every_write_and_control_call_drops_what_is_kept(name):
    emulator, tenant, auth = _emulator(name)
    client = emulator.app.test_client()
    for method, path in (("DELETE", READS[name].replace("{id}", _user(tenant, 3))), ("POST", "/_emulator/health")):
        before = memo_module.generation()
        client.open(path, method=method, headers=auth)
        assert memo_module.generation() != before, (method, path)
    before = memo_module.generation()
    client.get(READS[name].replace("{id}", _user(tenant)), headers=auth)
    client.get("/_emulator/journal")
    assert memo_module.generation() != before  # the control read counts too: its answer is not the vendor's
    emulator.close()


def test_a_reset_in_process_is_never_answered_from_before_it():
    emulator, tenant, auth = _emulator("lessonly")
    client = emulator.app.test_client()
    uid = _user(tenant)
    path = READS["lessonly"].replace("{id}", uid)
    assert client.put(path, headers=auth, json={"name": "Renamed Person"}).status_code == 200
    renamed = [client.get(path, headers=auth).get_json()["name"] for _ in range(3)]
    assert renamed == ["Renamed Person"] * 3 and emulator.memo.hits >= 1
    emulator.reset()
    assert client.get(path, headers=auth).get_json()["name"] != "Renamed Person"
    emulator.close()


def test_head_and_get_and_other_credentials_are_kept_apart():
    emulator, tenant, auth = _emulator("skilljar")
    client = emulator.app.test_client()
    path = READS["skilljar"].replace("{id}", _user(tenant))
    for _ in range(2):
        assert client.get(path, headers=auth).data
        assert client.head(path, headers=auth).data == b""
        assert client.get(path, headers={"Authorization": "Token wrong"}).status_code == 401
    assert client.get(path, headers=auth).status_code == 200
    emulator.close()


def test_the_memo_is_bounded():
    memo = AnswerMemo(max_entries=3)
    emulator, tenant, auth = _emulator("skilljar")
    emulator.memo = memo
    client = emulator.app.test_client()
    for n in range(6):
        client.get(READS["skilljar"].replace("{id}", _user(tenant, n)), headers=auth)
        assert len(memo) <= 3
    assert memo.stored == 6
    emulator.close()


def test_serve_turns_the_memo_on_and_an_environment_variable_turns_it_off(monkeypatch):
    from emulator import server

    config = Config(tenants=[vendors.get("skilljar").demo_tenants()[0]])
    bridge = server.vendor_bridge("skilljar", config)
    assert isinstance(bridge.app.extensions["emulator"].memo, AnswerMemo)
    bridge.app.extensions["emulator"].close()
    monkeypatch.setenv("LMS_EMULATOR_NO_ANSWER_MEMO", "1")
    bridge = server.vendor_bridge("skilljar", config)
    assert bridge.app.extensions["emulator"].memo is None
    bridge.app.extensions["emulator"].close()
