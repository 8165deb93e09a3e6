"""`lms-emulator record`: a recording proxy in front of HTTPS stand-ins (no real tenant is reachable).

Each real client gives the same results through the proxy as straight against an identical
emulator; what is written loads with the project's cassette loader, holds no secret, and fakes
personal data the same way in every file.
"""

from __future__ import annotations

import base64
import http.client
import json
import re
import threading
from pathlib import Path

import httpx
import pytest
import requests
import talentlms
from csa_skilljar.v1backend import V1Backend, V1Credentials

from clients.lessonly import LessonlyAPIError, LessonlyClient
from emulator.cassettes import all_interactions, load_cassettes
from emulator.recording.writer import CassetteWriter
from emulator.vendors.lessonly import DEMO_API_KEY as LESSONLY_KEY
from emulator.vendors.lessonly import DEMO_SCIM_TOKEN as LESSONLY_JWT
from emulator.vendors.lessonly import DEMO_SUBDOMAIN
from emulator.vendors.skilljar import DEMO_API_KEY as SKILLJAR_KEY
from emulator.vendors.skilljar import DEMO_DOMAIN as SKILLJAR_DOMAIN
from emulator.vendors.skilljar import DEMO_SCIM_TOKEN as SKILLJAR_SCIM
from emulator.vendors.talentlms import DEMO_API_KEY as TALENT_KEY

from .conftest import plain_emulator, recording

PASSWORD = "Sup3r-Secret-Pw!"


def written(out: Path) -> str:
    return "\n".join(p.read_text() for p in sorted(out.rglob("*")) if p.is_file())


def same(got, expected) -> bool:
    """Equal once each server's own base URL (absolute links: SCIM meta.location, next pages) is set aside:
    through a reverse proxy those name the upstream, as a real vendor's links name the vendor."""
    def norm(value):
        return re.sub(r"https?://127\.0\.0\.1:\d+", "BASE", json.dumps(value, sort_keys=True, default=str))

    return norm(got) == norm(expected)


def talentlms_script(domain: str) -> list:
    api = talentlms.api(domain, TALENT_KEY, ssl=False)
    results = []

    def call(fn, *args):
        try:
            results.append(fn(*args))
        except talentlms.TalentLMSError as exc:
            results.append((type(exc).__name__, exc.message))

    call(api.users, "1")
    call(api.users, "admin@demo.talentlms.com")
    call(api.user_signup, {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@acme.io",
                           "login": "ada.l", "password": PASSWORD})
    call(api.users, "ada@acme.io")
    call(api.add_user_to_course, 51, 1)
    call(api.get_user_status_in_course, 51, 1)
    call(api.users, "999999")
    call(api.courses, "1")
    return results


def test_talentlms_client_through_the_proxy_gets_what_it_gets_directly(ca, ca_file, tmp_path):
    out = tmp_path / "rec"
    with plain_emulator("talentlms") as direct:
        expected = talentlms_script(direct.base_url.split("://")[1])
    with recording(ca, ca_file, out, "talentlms") as (proxy, _):
        got = talentlms_script(proxy.base_url.split("://")[1])
    assert same(got, expected)
    assert ("TalentLMSError", "The requested user does not exist") in got or any(
        isinstance(r, tuple) for r in got)
    interactions = all_interactions(load_cassettes(out))
    assert len(interactions) == len(got)
    first = interactions[0]
    assert first.request.uri == "https://demo.talentlms.com/api/v1/users/id:1"
    assert first.request.header("Authorization") == "Basic <redacted>"
    assert first.source.startswith("recorded ") and "from 127.0.0.1:" in first.source
    assert first.confidence == "high"
    text = written(out)
    for secret in (TALENT_KEY, PASSWORD, "ada@acme.io", "Lovelace", "admin@demo.talentlms.com"):
        assert secret not in text
    # one fake per original, wherever it appears: the signup body, the lookup path, both answers
    signup = interactions[2]
    fake_email = json.loads(signup.response.body)["email"]
    assert fake_email.endswith(("@example.com", "@example.org", "@example.net"))
    assert fake_email.replace("@", "%40") in signup.request.body
    assert fake_email in interactions[3].request.uri
    assert json.loads(interactions[3].response.body)["email"] == fake_email
    assert json.loads(interactions[3].response.body)["last_name"] == json.loads(signup.response.body)["last_name"]


def test_skilljar_csa_client_and_webhook_secrets(ca, ca_file, tmp_path):
    out = tmp_path / "rec"
    secret_header = "whsec-" + "s" * 30

    def script(base_url: str) -> list:
        http = httpx.Client(timeout=10, trust_env=False)
        v1 = V1Backend(V1Credentials(SKILLJAR_KEY), base_url=base_url, http=http)
        s = requests.Session()
        s.trust_env = False
        s.auth = (SKILLJAR_KEY, "")
        try:
            s.post(f"{base_url}/v1/domains/{SKILLJAR_DOMAIN}/users",
                   json={"user": {"email": "grace@navy.mil", "first_name": "Grace", "last_name": "Hopper"}})
            s.post(f"{base_url}/v1/webhooks", json={"target_url": "https://hooks.acme.io/in?token=abcdefgh1234",
                                                   "additional_headers": {"X-Skilljar-Secret": secret_header}})
            return [v1.find_learner(email="grace@navy.mil"), v1.list_webhooks(page_size=50),
                    v1.list_published_paths(domain_name=SKILLJAR_DOMAIN),
                    requests.get(f"{base_url}/scim/v2/Users?count=2",
                                 headers={"Authorization": f"Bearer {SKILLJAR_SCIM}"}).json()]
        finally:
            http.close()

    with plain_emulator("skilljar") as direct:
        expected = script(direct.base_url)
    with recording(ca, ca_file, out, "skilljar") as (proxy, _):
        got = script(proxy.base_url)
    assert same(got, expected) and got[0]["total"] == 1 and got[3]["totalResults"] > 2
    text = written(out)
    for secret in (SKILLJAR_KEY, SKILLJAR_SCIM, secret_header, "abcdefgh1234", "grace@navy.mil", "Hopper"):
        assert secret not in text
    assert "Bearer <redacted>" in text
    assert all(i.request.host == "api.skilljar.com" for i in all_interactions(load_cassettes(out)))


def test_lessonly_client_and_its_scim_jwt(ca, ca_file, tmp_path):
    out = tmp_path / "rec"

    def script(base_url: str) -> list:
        client = LessonlyClient(DEMO_SUBDOMAIN, LESSONLY_KEY, base_url=base_url)
        created = client.create_user("Katherine Johnson", "kj@nasa.gov", role="learner")
        results = [created, client.get_user(created["id"]), client.find_user_by_email("kj@nasa.gov")]
        try:
            client.get_user(987654)
        except LessonlyAPIError as exc:
            results.append((exc.status, exc.body))
        results.append(requests.get(f"{base_url}/scim/v2/Users?count=1",
                                    headers={"Authorization": f"Bearer {LESSONLY_JWT}"}).json())
        return results

    with plain_emulator("lessonly") as direct:
        expected = script(direct.base_url)
    with recording(ca, ca_file, out, "lessonly") as (proxy, _):
        got = script(proxy.base_url)
    assert same(got, expected) and got[3][0] == 404
    text = written(out)
    for secret in (LESSONLY_KEY, LESSONLY_JWT, LESSONLY_JWT.split(".")[1], "kj@nasa.gov", "Katherine"):
        assert secret not in text
    names = {json.loads(i.response.body).get("name") for i in all_interactions(load_cassettes(out))[:2]}
    assert len(names) == 1 and None not in names  # the same fake name in the create and the read


def test_scim2_tester_through_the_proxy_passes_what_it_passes_directly(ca, ca_file, tmp_path):
    """The same verdicts as contract_tests/scim/test_scim2_tester.py gets straight from Skilljar's
    profile: everything applicable passes, DELETE-as-deactivate reads as "still exists"."""
    from contract_tests.scim.harness import describe, failures, run_checks

    headers = {"Authorization": f"Bearer {SKILLJAR_SCIM}"}
    with recording(ca, ca_file, tmp_path / "rec", "skilljar") as (proxy, _):
        got = run_checks(proxy.base_url + "/scim/v2", headers)
    assert {(r.resource_type, r.title) for r in failures(got)} == {("User", "object_deletion")}, describe(got)
    assert {(r.resource_type, r.title) for r in got if r.status.name == "SKIPPED"} == {
        ("User", "search_with_attributes"), ("Group", "search_with_attributes")}
    assert len(all_interactions(load_cassettes(tmp_path / "rec"))) > 30
    assert SKILLJAR_SCIM not in written(tmp_path / "rec")


def echo_app(environ, start_response):
    body = json.dumps({"target": environ.get("REQUEST_URI") or environ.get("RAW_URI"),
                       "auth": environ.get("HTTP_AUTHORIZATION"), "cookie": environ.get("HTTP_COOKIE"),
                       "host": environ.get("HTTP_HOST")}).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Set-Cookie", "sid=cookie-value-123; Path=/"),
                              ("X-Upstream", "yes")])
    return [body]


def test_the_raw_path_reaches_the_upstream_byte_for_byte_and_cookies_stay_off_disk(ca, ca_file, tmp_path):
    out = tmp_path / "rec"
    raw = "/api/v1/users/email:ada%40acme.io,custom_field_1:a%2cb%3ac,login:x%7cy?q=a%2fb&r=%3cx%3e"
    with recording(ca, ca_file, out, "talentlms", upstream_app=echo_app, keep_pii=True) as (proxy, upstream):
        conn = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=10)  # sends the target as given
        basic = base64.b64encode(b"user-key-789:pw-000000").decode()
        conn.request("GET", raw, headers={"Cookie": "session=cookie-secret-456", "Authorization": f"Basic {basic}"})
        r = conn.getresponse()
        body = r.read()
        conn.close()
    assert r.status == 200 and r.headers["X-Upstream"] == "yes"
    assert r.headers["Set-Cookie"] == "sid=cookie-value-123; Path=/"  # the client still gets it
    seen = json.loads(body)
    assert seen["target"] == raw
    assert seen["cookie"] == "session=cookie-secret-456" and seen["auth"].startswith("Basic ")
    assert seen["host"] == f"127.0.0.1:{upstream.port}"
    text = written(out)
    assert "email:ada%40acme.io" in text  # --keep-pii
    for secret in ("cookie-secret-456", "cookie-value-123", "user-key-789", "pw-000000"):
        assert secret not in text


def test_an_unreachable_upstream_is_a_502_naming_it_and_nothing_is_recorded(tmp_path):
    from emulator.recording.record import record_server

    with record_server("https://127.0.0.1:9", tmp_path / "rec", vendor="skilljar", keep_pii=True) as proxy:
        r = requests.get(proxy.base_url + "/v1/users")
    assert r.status_code == 502 and r.headers["Content-Type"] == "application/json"
    assert r.json()["upstream"] == "https://127.0.0.1:9" and "unreachable" in r.json()["error"]
    assert not (tmp_path / "rec" / "recording.yaml").exists()


def test_several_clients_at_once_all_get_recorded(ca, ca_file, tmp_path):
    out = tmp_path / "rec"
    errors = []
    with recording(ca, ca_file, out, "skilljar") as (proxy, _):
        def client(n: int) -> None:
            s = requests.Session()
            s.trust_env = False
            for i in range(5):
                r = s.get(f"{proxy.base_url}/v1/users?page_size=2&page={i + 1}", auth=(SKILLJAR_KEY, ""))
                if r.status_code != 200:
                    errors.append(r.status_code)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert len(all_interactions(load_cassettes(out))) == 30


def test_a_crash_while_writing_leaves_the_previous_cassette_whole(tmp_path, monkeypatch):
    import emulator.recording.writer as writer_module

    writer = CassetteWriter(tmp_path, "topic")
    interaction = {"source": "recorded", "request": {"method": "GET", "uri": "https://api.skilljar.com/v1/x",
                                                     "body": None, "headers": {}},
                   "response": {"status": {"code": 200, "message": "OK"}, "headers": {}, "body": {"string": "{}"}}}
    writer.add(interaction)
    writer.close()
    before = (tmp_path / "topic.yaml").read_text()

    def crash(*_):
        raise OSError("disk gone")

    writer = CassetteWriter(tmp_path, "topic")  # continues the existing cassette
    assert len(writer) == 1
    monkeypatch.setattr(writer_module.os, "replace", crash)
    writer._closed = True  # write from this thread only
    writer._pending.set()
    writer._thread.join()
    writer.add(interaction)
    with pytest.raises(OSError):
        writer.flush()
    assert (tmp_path / "topic.yaml").read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["topic.yaml"]  # no half file left behind
    monkeypatch.undo()
    writer.flush()
    assert len(all_interactions(load_cassettes(tmp_path / "topic.yaml"))) == 2


def test_the_record_command_runs_until_stopped_and_says_what_it_recorded(ca, ca_file, tmp_path):
    import os
    import signal
    import subprocess
    import sys

    from .conftest import https_emulator

    out = tmp_path / "rec"
    with https_emulator(ca, "skilljar") as upstream:
        process = subprocess.Popen([sys.executable, "-m", "emulator.cli", "record", "--upstream", upstream.base_url,
                                    "--out", str(out), "--port", "0", "--vendor", "skilljar", "--ca", ca_file,
                                    "--scrub-key", "k"], env={**os.environ, "PYTHONUNBUFFERED": "1"},
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            banner = process.stdout.readline()
            match = re.search(r"on (http://\S+) into (\S+) \(personal data scrubbed; secrets never written\)", banner)
            assert match, banner + process.stderr.read()
            r = requests.get(match.group(1) + "/v1/users?page_size=1", auth=(SKILLJAR_KEY, ""))
            assert r.status_code == 200 and r.json()["results"]
        finally:
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=20) == 0
    assert "lms-emulator record stopped: 1 interactions recorded." in process.stderr.read()
    assert len(all_interactions(load_cassettes(out))) == 1 and SKILLJAR_KEY not in written(out)
    bad = subprocess.run([sys.executable, "-m", "emulator.cli", "record", "--upstream", "ftp://x", "--out",
                          str(tmp_path / "x")], capture_output=True, text=True)
    assert bad.returncode == 1 and bad.stderr.strip().endswith("not 'ftp://x'")
    assert not (tmp_path / "x").exists()
