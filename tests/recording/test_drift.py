"""`lms-emulator drift`: recordings of HTTPS stand-ins replayed against a fresh emulator tenant.

The emulator against its own (scrubbed) recordings: nothing differs, reads and writes alike, on a
tenant cloned from the recordings. A stand-in with other switches and a fault rule: exactly the
differences those introduce, each switch named, the fault's difference with no switch, and nothing else.
"""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest
import requests
import yaml
from click.testing import CliRunner

from emulator.cassettes import all_interactions, load_cassettes
from emulator.cli import main
from emulator.recording.clone import clone_state
from emulator.recording.drift import assert_no_drift, drift

from emulator.vendors.skilljar import DEMO_API_KEY as SKILLJAR_KEY

from .conftest import recording
from .scripts import record


@pytest.mark.parametrize("vendor", ["talentlms", "skilljar", "lessonly"])
def test_the_emulator_against_its_own_recordings_has_no_drift(ca, ca_file, tmp_path, vendor):
    out = tmp_path / "rec"
    record(ca, ca_file, out, vendor)
    interactions = all_interactions(load_cassettes(out))
    assert len(interactions) > 15
    assert any(i.request.method != "GET" for i in interactions) and any(i.response.status >= 400 for i in interactions)
    report = drift([out])  # a tenant cloned from the same recordings
    assert report.state == "clone" and report.vendor == vendor
    assert report.drifts == [], [(d.label, [x.to_dict() for x in d.differences]) for d in report.drifts]
    result = CliRunner().invoke(main, ["drift", str(out), "--fail-on", "any"])
    assert result.exit_code == 0, result.output
    assert f"{len(interactions)} interactions replayed on a clone tenant, 0 differ" in result.output


def test_recordings_of_a_seeded_tenant_replay_on_the_seed_too(ca, ca_file, tmp_path):
    record(ca, ca_file, tmp_path / "rec", "skilljar", keep_pii=True)
    assert drift([tmp_path / "rec"], state="seed").drifts == []


def _found(report) -> set[tuple]:
    return {(item.interaction.index, d.where, d.kind, d.switch) for item in report.drifts for d in item.differences}


def test_a_stand_in_with_other_switches_and_a_fault_gives_exactly_those_differences(ca, ca_file, tmp_path):
    out = tmp_path / "rec"
    fault = {"method": "GET", "path": "/api/v1/groups/id:1", "status": 503,
             "body": {"error": {"type": "unavailable", "message": "Service unavailable"}}}
    record(ca, ca_file, out, "talentlms", switches={"price_format": "doc", "signup_status": "inactive"},
           faults=[fault])
    labels = [i.request.raw_path for i in all_interactions(load_cassettes(out))]
    at = {path: n for n, path in enumerate(labels)}
    lookup = next(n for n, path in enumerate(labels) if path.startswith("/api/v1/users/email:"))
    assert "acme.io" not in labels[lookup]  # scrubbed
    report = drift([out])
    price = {"/api/v1/courses": ["$[*].price"], "/api/v1/categories": ["$[*].price"], "/api/v1/groups": ["$[*].price"],
             "/api/v1/courses/id:2": ["$.price"], "/api/v1/courses/id:3": ["$.price"],
             "/api/v1/categories/id:1": ["$.price", "$.courses[*].price"]}
    expected = {(n, where, "format", "set price_format=doc") for n, path in enumerate(labels)
                for where in price.get(path, [])}
    expected |= {(at["/api/v1/usersignup"], "$.status", "value", "set signup_status=inactive"),
                 (lookup, "$.status", "value", "set signup_status=inactive"),
                 (at["/api/v1/groups/id:1"], "status", "status", None)}  # the fault: no switch makes a 503
    assert len(expected) == 11
    assert _found(report) == expected
    assert all(d.severity == "breaking" for d in report.differences())
    fixed = drift([out], switches={"price_format": "doc", "signup_status": "inactive"}, suggest=False)
    assert _found(fixed) == {(at["/api/v1/groups/id:1"], "status", "status", None)}


def test_skilljar_trailing_slash_redirects_are_named(ca, ca_file, tmp_path):
    out = tmp_path / "rec"
    with recording(ca, ca_file, out, "skilljar", switches={"trailing_slash": "redirect"}) as (proxy, _):
        for path in ("/v1/users", "/v1/users/", "/v1/domains", "/v1/groups?page_size=2", "/v1/courses/"):
            requests.get(proxy.base_url + path, auth=(SKILLJAR_KEY, ""), allow_redirects=False)
    report = drift([out])
    assert [item.interaction.index for item in report.drifts] == [0, 2, 3]  # the slash-less ones
    for item in report.drifts:
        assert {d.where for d in item.differences} == {"status", "header Location"}, item.label
        assert all(d.switch == "set trailing_slash=redirect" for d in item.differences)
        assert item.differences[0].recorded == 301


def _reorder_first_body(out) -> None:
    """Edit a recording: the first answer's keys in another order (a cosmetic difference only)."""
    path = next(out.glob("*.yaml"))
    data = yaml.safe_load(path.read_text())
    body = json.loads(data["interactions"][0]["response"]["body"]["string"])
    row = body["users"][0]
    body["users"][0] = dict(reversed(list(row.items())))
    data["interactions"][0]["response"]["body"]["string"] = json.dumps(body)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_exit_status_formats_and_the_pytest_helper(ca, ca_file, tmp_path):
    out = tmp_path / "rec"
    record(ca, ca_file, out, "lessonly")
    _reorder_first_body(out)
    runner = CliRunner()
    assert runner.invoke(main, ["drift", str(out), "--no-suggest"]).exit_code == 0  # cosmetic < breaking
    result = runner.invoke(main, ["drift", str(out), "--fail-on", "any", "--format", "json", "--no-suggest"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["worst"] == "cosmetic" and report["drifts"][0]["differences"][0]["kind"] == "order"
    assert report["drifts"][0]["differences"][0]["where"] == "$.users[*]"
    junit = ElementTree.fromstring(runner.invoke(main, ["drift", str(out), "--format", "junit", "--fail-on", "any",
                                                         "--no-suggest"]).output)
    assert junit.get("failures") == "1" and junit.find("testcase/failure") is not None
    markdown = runner.invoke(main, ["drift", str(out), "--format", "markdown", "--no-suggest"]).output
    assert "| interaction | where |" in markdown and "| order | cosmetic |" in markdown
    assert assert_no_drift(out, suggest=False).worst() == "cosmetic"
    with pytest.raises(AssertionError, match=r"\$\.users\[\*\]: order"):
        assert_no_drift(out, fail_on="any", suggest=False)


def test_a_mistake_gets_one_line(tmp_path):
    runner = CliRunner()
    (tmp_path / "x.yaml").write_text("version: 1\ninteractions:\n- source: s\n  request: {method: GET, "
                                     "uri: 'https://elsewhere.example/x'}\n  response: {status: {code: 200}, "
                                     "body: {string: '{}'}}\n")
    result = runner.invoke(main, ["drift", str(tmp_path / "x.yaml")])
    assert result.exit_code == 1 and "give --vendor" in result.output
    result = runner.invoke(main, ["drift", str(tmp_path / "x.yaml"), "--vendor", "skilljar", "--switch", "nope=1"])
    assert result.exit_code == 1 and "has no switch 'nope'" in result.output


SCIM_TOKENS = {"talentlms": "demo-talentlms-scim-token-0123456789abcdef",
               "skilljar": "skilljar-scim-demo-token-0000000000000000"}


@pytest.mark.parametrize("vendor", ["talentlms", "skilljar", "lessonly"])
def test_scim_traffic_alone_clones_its_users_and_replays_without_drift(ca, ca_file, tmp_path, vendor):
    from emulator.vendors.lessonly import DEMO_SCIM_TOKEN

    token = SCIM_TOKENS.get(vendor, DEMO_SCIM_TOKEN)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"}
    out = tmp_path / "rec"
    with recording(ca, ca_file, out, vendor) as (proxy, _):
        base = proxy.base_url + "/scim/v2"
        listing = requests.get(f"{base}/Users?count=200", headers=headers).json()
        one = listing["Resources"][1]["id"]
        requests.get(f"{base}/Users/{one}", headers=headers)
        created = requests.post(f"{base}/Users", headers=headers, json={
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "grace.h@navy.mil",
            "name": {"givenName": "Grace", "familyName": "Hopper"},
            "emails": [{"value": "grace.h@navy.mil", "primary": True}], "active": True})
        assert created.status_code == 201, created.text
        requests.get(f"{base}/Users/{created.json()['id']}", headers=headers)
        requests.get(f"{base}/Users?filter=userName%20eq%20%22grace.h%40navy.mil%22", headers=headers)
        if vendor == "skilljar":
            requests.get(f"{base}/Groups?count=100", headers=headers)
    export, _ = clone_state(vendor, all_interactions(load_cassettes(out)), as_of="start")
    assert len(export["tables"]["users"]) == listing["totalResults"]  # every user, none created later
    report = drift([out])
    assert report.drifts == [], [(d.label, [x.to_dict() for x in d.differences]) for d in report.drifts]
