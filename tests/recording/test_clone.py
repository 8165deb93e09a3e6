"""Cloning a tenant from recordings: the control route, `serve --from-recordings`, the plugin option,
and what the clone reports (filled fields, conflicting recordings)."""

from __future__ import annotations

import json
import re

import pytest
import requests
import yaml

from emulator.cassettes import all_interactions, load_cassettes
from emulator.plugin import EmulatorSession
from emulator.recording.clone import clone_state
from emulator.server import InProcessServer, Running
from emulator.vendors.talentlms import DEMO_API_KEY as TALENT_KEY

from .conftest import make_emulator
from .scripts import record


@pytest.fixture
def talentlms_recordings(ca, ca_file, tmp_path):
    out = tmp_path / "recordings" / "acme"
    record(ca, ca_file, out, "talentlms")
    return out


def _signed_up(out) -> dict:
    signup = next(i for i in all_interactions(load_cassettes(out)) if "usersignup" in i.request.uri)
    return json.loads(signup.response.body)


def test_the_control_route_clones_a_tenant_and_resets_return_to_the_clone(talentlms_recordings):
    ada = _signed_up(talentlms_recordings)  # scrubbed: a fake name and email
    server = InProcessServer(make_emulator("talentlms")).start()
    try:
        http = requests.Session()
        http.trust_env = False
        r = http.post(server.base_url + "/_emulator/clone", json={"path": str(talentlms_recordings.parent)})
        assert r.status_code == 200, r.text
        answer = r.json()
        assert answer["counts"]["users"] == 51 and answer["counts"]["courses"] == 12
        assert "users: filled (not in the recordings): " in "\n".join(answer["report"])
        found = http.get(server.base_url + f"/api/v1/users/email:{ada['email']}", auth=(TALENT_KEY, ""))
        assert found.status_code == 200 and found.json()["login"] == ada["login"]
        assert {c["id"] for c in found.json()["courses"]} == {"2"}  # the enrolment seen after the signup
        http.post(server.base_url + "/api/v1/usersignup", auth=(TALENT_KEY, ""),
                  data={"first_name": "X", "last_name": "Y", "email": "xy@example.com", "login": "xy",
                        "password": "Pass-1234"})
        assert http.post(server.base_url + "/_emulator/reset", json={}).status_code == 200
        gone = http.get(server.base_url + "/api/v1/users/email:xy@example.com", auth=(TALENT_KEY, ""))
        assert gone.status_code == 404
        assert http.get(server.base_url + f"/api/v1/users/email:{ada['email']}",
                        auth=(TALENT_KEY, "")).status_code == 200  # the clone, not the seed
        bad = http.post(server.base_url + "/_emulator/clone", json={"path": str(talentlms_recordings / "nope")})
        assert bad.status_code == 400 and "no such cassette" in bad.json()["error"]
        assert http.post(server.base_url + "/_emulator/clone", json={}).status_code == 400
    finally:
        server.stop()


def test_serve_from_recordings_clones_each_running_vendor(talentlms_recordings):
    from emulator.recording.serving import clone_running

    talent = InProcessServer(make_emulator("talentlms")).start()
    lessonly = InProcessServer(make_emulator("lessonly")).start()
    try:
        running = [Running("talentlms", "127.0.0.1", talent.port, None), Running("lessonly", "127.0.0.1",
                                                                                  lessonly.port, None)]
        lines = clone_running(running, str(talentlms_recordings))
        assert lines[0].startswith("talentlms: tenant 'demo' cloned from recordings (51 users")
        assert any(line.startswith("lessonly: not cloned (nothing changed): no lessonly recordings") for line in lines)
        with pytest.raises(RuntimeError, match="no vendor could be cloned"):
            clone_running(running[1:], str(talentlms_recordings))
    finally:
        talent.stop()
        lessonly.stop()


def test_the_plugin_option_clones_each_vendor_it_starts(talentlms_recordings):
    ada = _signed_up(talentlms_recordings)
    session = EmulatorSession(recordings=str(talentlms_recordings))
    try:
        handle = session.vendor("talentlms")
        assert handle.tenant.state.users.by("email", ada["email"]) is not None
        handle.reset()  # what the talentlms fixture does before each test
        assert handle.tenant.state.users.by("email", ada["email"]) is not None
        assert len(session.vendor("skilljar").tenant.state.users) == 50  # no skilljar recordings: seeded
    finally:
        session.close()


def test_conflicting_recordings_take_the_latest_and_say_so(talentlms_recordings):
    path = next(talentlms_recordings.glob("*.yaml"))
    data = yaml.safe_load(path.read_text())
    first = next(n for n, i in enumerate(data["interactions"]) if i["request"]["uri"].endswith("/users/id:2"))
    later = dict(data["interactions"][first])
    body = json.loads(later["response"]["body"]["string"])
    body["first_name"] = "Renamed"
    later["response"] = {**later["response"], "body": {"string": json.dumps(body)}}
    data["interactions"].append(later)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    interactions = all_interactions(load_cassettes(talentlms_recordings))
    export, report = clone_state("talentlms", interactions, as_of="end")
    user = next(u for u in export["tables"]["users"] if u["id"] == 2)
    assert user["first_name"] == "Renamed"
    assert any(line.startswith("users 2: first_name was ") and "kept the latest" in line for line in report)
    export, _ = clone_state("talentlms", interactions, as_of="start")  # drift: the tenant before
    assert next(u for u in export["tables"]["users"] if u["id"] == 2)["first_name"] != "Renamed"
    assert all(u["email"] != _signed_up(talentlms_recordings)["email"] for u in export["tables"]["users"])


# the reads each vendor's clone must serve with the recorded values, not only the recorded shape
PROGRESS_READS = {
    "talentlms": r"/api/v1/(getuserstatusincourse|getusersprogressinunits|getiltsessions|gettimeline)/.*",
    "skilljar": r"/v1/(domains/[^/]+/(published-paths|plan)(/\w+)?|webhooks(/\w+)?)",
    "lessonly": r"/api/v1/groups/\d+/assignments",
}
CLONED_TABLES = {"talentlms": ("unit_progress", "ilt_sessions", "timeline"),
                 "skilljar": ("published_paths", "plans", "webhooks"), "lessonly": ("group_assignments",)}


@pytest.mark.parametrize("vendor", ["talentlms", "skilljar", "lessonly"])
def test_a_clone_answers_progress_sessions_timeline_paths_plans_hooks_as_recorded(ca, ca_file, tmp_path, vendor):
    """Read back from a tenant cloned as last seen, each of these recorded reads gets the recorded body
    (ids kept, values kept); the clone's report lists the fields it had to fill for them."""
    from emulator.recording.clone import clone_into
    from emulator.recording.drift import Replayer

    out = tmp_path / "rec" / vendor
    record(ca, ca_file, out, vendor)
    interactions = all_interactions(load_cassettes(out))
    export, report = clone_state(vendor, interactions, as_of="end")
    for table in CLONED_TABLES[vendor]:
        assert export["tables"].get(table), f"{table} not cloned"
        assert any(line.startswith(f"{table}: ") for line in report)
    reads = [i for i in interactions if i.request.method == "GET" and i.response.status == 200
             and re.fullmatch(PROGRESS_READS[vendor], i.request.raw_path.split("?")[0])]
    assert len(reads) >= (2 if vendor == "lessonly" else 5)
    replayer = Replayer(vendor)
    try:
        clone_into(replayer.tenant, out)
        last = {}
        for interaction in reads:  # the last recorded answer of each read is the state as last seen
            last[interaction.request.raw_path] = interaction
        for interaction in last.values():
            frozen = interaction.response.headers.get("Date")
            answer = replayer.answer(interaction)
            assert answer.status == 200, (interaction.label, answer.body[:300], frozen)
            assert json.loads(answer.body) == interaction.response.json(), interaction.label
    finally:
        replayer.close()
