"""The /_emulator/ control plane: JSON in and out, clear 4xx for bad control requests."""

import pytest
import requests


def ctl(server, method, path, **kw):
    if method == "POST":  # a control POST is JSON, body or not (core/guard.py)
        kw.setdefault("headers", {"Content-Type": "application/json"})
    return requests.request(method, server.base_url + "/_emulator" + path, **kw)


def test_health(toy):
    r = ctl(toy, "GET", "/health")
    assert r.status_code == 200 and r.json()["status"] == "ok" and r.json()["vendor"] == "toy"


def test_tenants_list_credentials_and_create(toy):
    tenants = ctl(toy, "GET", "/tenants").json()["tenants"]
    assert tenants[0]["credentials"] == {"api_key": "toykey", "basic_auth": ["toykey", ""], "scim_token": "toyscim"}
    assert tenants[0]["counts"] == {"people": 25}
    r = ctl(toy, "POST", "/tenants", json={"name": "second", "api_key": "k2", "sizes": {"people": 3}})
    assert r.status_code == 201 and r.json()["counts"] == {"people": 3}
    assert requests.get(toy.base_url + "/toy/people/1", auth=("k2", "")).status_code == 200
    assert ctl(toy, "POST", "/tenants", json={"name": "second", "api_key": "k3"}).status_code == 409
    assert ctl(toy, "POST", "/tenants", json={"name": "third", "api_key": "toykey"}).status_code == 400
    assert ctl(toy, "POST", "/tenants", json={"name": "x", "plan": "gold"}).status_code == 400
    assert ctl(toy, "POST", "/tenants", json={"name": "y", "switches": {"mode": "z"}}).status_code == 400


def test_seed_is_deterministic_and_validated(toy):
    a = ctl(toy, "POST", "/seed", json={"seed": 7, "sizes": {"people": 40}})
    assert a.status_code == 200 and a.json()["counts"] == {"people": 40}
    first = ctl(toy, "GET", "/state").json()["state"]
    ctl(toy, "POST", "/seed", json={"seed": 8})
    assert ctl(toy, "GET", "/state").json()["state"] != first
    ctl(toy, "POST", "/seed", json={"seed": 7})
    assert ctl(toy, "GET", "/state").json()["state"] == first
    assert ctl(toy, "POST", "/seed", json={"seed": "x"}).status_code == 400
    assert ctl(toy, "POST", "/seed", json={"sizes": {"dragons": 1}}).status_code == 400
    assert ctl(toy, "POST", "/seed", json={"sizes": {"people": -1}}).status_code == 400
    ctl(toy, "POST", "/seed", json={"seed": 42, "sizes": {"people": 25}})


def test_state_export_import_and_bad_import_changes_nothing(toy):
    state = ctl(toy, "GET", "/state").json()["state"]
    state["tables"]["people"] = state["tables"]["people"][:2]
    assert ctl(toy, "PUT", "/state", json={"state": state}).json()["counts"] == {"people": 2}
    bad = {"tables": {"people": [{"id": 1, "email": "a", "name": "b", "team": "c", "created": 0, "extra": 1}]}}
    r = ctl(toy, "PUT", "/state", json={"state": bad})
    assert r.status_code == 400 and "nothing changed" in r.json()["error"]
    assert ctl(toy, "GET", "/tenants").json()["tenants"][0]["counts"] == {"people": 2}
    assert ctl(toy, "PUT", "/state", data="nope", headers={"Content-Type": "application/json"}).status_code == 400


def test_snapshot_and_restore(toy, http):
    assert ctl(toy, "POST", "/snapshots", json={"name": "before"}).status_code == 201
    http.post(toy.base_url + "/toy/people", data={"email": "snap@x.com"})
    r = ctl(toy, "POST", "/snapshots/before/restore")
    assert r.status_code == 200 and r.json()["counts"] == {"people": 25}
    assert ctl(toy, "POST", "/snapshots/nope/restore").status_code == 404
    assert ctl(toy, "POST", "/snapshots", json={}).status_code == 400


def test_journal_api_filters_and_clears(toy, http):
    http.get(toy.base_url + "/toy/people/1")
    http.get(toy.base_url + "/toy/people/999")
    body = ctl(toy, "GET", "/journal", params={"status": 404}).json()
    assert body["count"] == 1 and body["entries"][0]["path"] == "/toy/people/999"
    entry_id = body["entries"][0]["id"]
    assert ctl(toy, "GET", f"/journal/{entry_id}").json()["response_body"] == '{"error":"no such person"}'
    assert ctl(toy, "GET", "/journal", params={"status": "x"}).status_code == 400
    assert ctl(toy, "DELETE", "/journal").status_code == 204
    assert ctl(toy, "GET", "/journal").json()["count"] == 0


def test_faults_api(toy, http):
    r = ctl(toy, "POST", "/faults", json={"path": "/toy/*", "status": 500, "times": 1})
    assert r.status_code == 201 and r.json()["remaining"] == 1
    assert http.get(toy.base_url + "/toy/people/1").status_code == 500
    assert ctl(toy, "GET", "/faults").json()["faults"][0]["remaining"] == 0
    assert ctl(toy, "POST", "/faults", json={"path": "*", "status": "x"}).status_code == 400
    assert ctl(toy, "DELETE", "/faults/1").status_code == 204
    assert ctl(toy, "DELETE", "/faults/1").status_code == 404


def test_clock_api(toy):
    r = ctl(toy, "POST", "/clock", json={"at": "2030-01-01T00:00:00Z", "freeze": True})
    assert r.json()["frozen"] is True and r.json()["iso"].startswith("2030-01-01T00:00:00")
    r = ctl(toy, "POST", "/clock", json={"advance": 90})
    assert r.json()["iso"].startswith("2030-01-01T00:01:30")
    for bad in ({}, {"advance": -1}, {"at": "yesterday"}, {"freeze": "yes"}, {"warp": 1}):
        assert ctl(toy, "POST", "/clock", json=bad).status_code == 400
    assert ctl(toy, "POST", "/clock", json={"reset": True}).json()["frozen"] is False


def test_limits_and_switches(toy, http):
    http.get(toy.base_url + "/toy/people/1")
    windows = ctl(toy, "GET", "/limits").json()["tenants"]["demo"]["windows"]
    assert {w["window"]: w["used"] for w in windows} == {"minute": 1, "5s": 1}
    assert ctl(toy, "GET", "/switches").json()["mode"]["choices"] == ["a", "b"]


@pytest.mark.parametrize("path", ["/tenants/nope", "/journal/12345", "/deliveries/9", "/nothing"])
def test_unknown_control_resources_are_404_json(toy, path):
    r = ctl(toy, "GET", path)
    assert r.status_code == 404 and "error" in r.json()


@pytest.mark.parametrize("zero", [0x0660, 0xFF10, 0x0966])  # Arabic-Indic, fullwidth, Devanagari digits
def test_ids_in_non_ascii_digits_name_no_entry(toy, http, zero):
    """Werkzeug's <int:> matches any Unicode digit and int() reads "١" as 1; the emulator's does not."""
    def spelled(number: int) -> str:
        return "".join(chr(zero + int(d)) for d in str(number))

    http.get(toy.base_url + "/toy/people/1")
    entry_id = ctl(toy, "GET", "/journal").json()["entries"][-1]["id"]
    assert ctl(toy, "GET", f"/journal/{entry_id}").status_code == 200
    r = ctl(toy, "GET", "/journal/" + spelled(entry_id))
    assert r.status_code == 404 and "error" in r.json()
    rule = ctl(toy, "POST", "/faults", json={"path": "/nothing/*", "status": 503}).json()
    assert ctl(toy, "DELETE", "/faults/" + spelled(rule["id"])).status_code == 404
    assert rule["id"] in [f["id"] for f in ctl(toy, "GET", "/faults").json()["faults"]]


def test_import_without_meta_then_create_gets_a_fresh_id(toy, http):
    state = ctl(toy, "GET", "/state").json()["state"]
    assert ctl(toy, "PUT", "/state", json={"state": {"tables": state["tables"]}}).status_code == 200
    r = http.post(toy.base_url + "/toy/people", data={"email": "after-import@x.com"})
    assert r.status_code == 201 and r.json()["id"] == 26


@pytest.mark.parametrize("row_change, message", [
    ({"email": 12345}, "'email' must be str"),
    ({"id": "abc"}, "'id' must be int"),
    ({"created": True}, "'created' must be float"),
])
def test_import_checks_json_types_and_changes_nothing(toy, row_change, message):
    state = ctl(toy, "GET", "/state").json()["state"]
    state["tables"]["people"][0].update(row_change)
    r = ctl(toy, "PUT", "/state", json={"state": state})
    assert r.status_code == 400 and message in r.json()["error"] and "nothing changed" in r.json()["error"]
    assert ctl(toy, "GET", "/tenants").json()["tenants"][0]["counts"] == {"people": 25}


@pytest.mark.parametrize("body", [{"at": 1e15}, {"at": -5}, {"advance": 1e400}, {"advance": float("nan")},
                                  {"at": "2030-01-01T00:00:00Z", "advance": 1e13}, {"reset": "yes"},
                                  {"at": "2030-01-01T00:00:00Z", "freeze": "no"}])
def test_clock_refuses_out_of_range_times_and_stays_as_it_was(toy, body):
    ctl(toy, "POST", "/clock", json={"at": 2_000_000_000, "freeze": True})
    import json as _json
    r = ctl(toy, "POST", "/clock", data=_json.dumps(body), headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "error" in r.json()
    assert ctl(toy, "GET", "/clock").json()["now"] == 2_000_000_000


@pytest.mark.parametrize("body", [{"name": "a/b", "api_key": "k9"}, {"name": "s", "seed": "x"},
                                  {"name": "k", "api_key": 5}, {"name": "o", "sso_configured": "no"},
                                  {"name": "", "api_key": "k8"}])
def test_tenant_creation_checks_types_and_names(toy, body):
    r = ctl(toy, "POST", "/tenants", json=body)
    assert r.status_code == 400 and "error" in r.json()
    assert [t["name"] for t in ctl(toy, "GET", "/tenants").json()["tenants"]] == ["demo"]
