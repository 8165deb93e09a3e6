"""The console's server side without a browser: safety rules, resilience, escaping, snippets, feeds."""

from __future__ import annotations

import re
import shlex
import subprocess

import pytest

from emulator.console import create_app, serve_console
from emulator.console.snippets import for_tenant

from .clock import FIXED_NOW

ACTIONS = ["reset", "seed", "snapshot", "restore", "snapshot-delete", "fault", "fault-delete", "faults-clear",
           "clock", "journal-clear"]


@pytest.fixture
def web(tiny):
    app = create_app({"tiny": tiny.base_url})
    app.testing = True
    yield app.test_client()
    app.extensions["console"].close()


def token(web) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', web.get("/controls").get_data(as_text=True)).group(1)


@pytest.mark.parametrize("action", ACTIONS)
def test_actions_refuse_get(web, action):
    assert web.get(f"/actions/{action}").status_code == 405


def test_a_post_without_the_session_token_changes_nothing(web, tiny):
    tiny.api("/api/users", method="POST", json={"email": "x@example.com"})
    response = web.post("/actions/reset", data={"vendor": "tiny", "tenant": "acme"})
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    assert tiny.control("GET", "/tenants/acme")["counts"]["users"] == 31
    web.post("/actions/reset", data={"vendor": "tiny", "tenant": "acme", "csrf": token(web)})
    assert tiny.control("GET", "/tenants/acme")["counts"]["users"] == 30


def test_reading_every_page_changes_nothing(web, tiny):
    tiny.control("POST", "/clock", json={"at": FIXED_NOW, "freeze": True})  # windows must not turn over
    tiny.api("/api/users/1")
    before = (tiny.control("GET", "/state?tenant=acme"), tiny.control("GET", "/faults"),
              tiny.control("GET", "/journal")["count"], tiny.control("GET", "/limits")["tenants"])
    for path in ("/", "/data", "/data?q=a", "/data/tiny/acme/users/2", "/traffic", "/traffic/feed",
                 "/traffic/tiny/1", "/limits", "/limits.json", "/controls", "/deliveries"):
        assert web.get(path).status_code == 200, path
    after = (tiny.control("GET", "/state?tenant=acme"), tiny.control("GET", "/faults"),
             tiny.control("GET", "/journal")["count"], tiny.control("GET", "/limits")["tenants"])
    assert after == before


def test_an_unreachable_emulator_is_reported_not_fatal(tiny):
    app = create_app({"tiny": tiny.base_url, "gone": "http://127.0.0.1:9"})
    web = app.test_client()
    for path in ("/", "/traffic", "/limits", "/controls", "/deliveries", "/data?vendor=gone"):
        response = web.get(path)
        assert response.status_code == 200, path
        assert "not reachable at http://127.0.0.1:9" in response.get_data(as_text=True), path
    assert "ACMEKEY" in web.get("/").get_data(as_text=True)
    app.extensions["console"].close()


def test_journal_content_is_escaped(web, tiny):
    tiny.api("/api/users", method="POST", data="<script>alert(1)</script>",
             headers={"Content-Type": "text/plain", "X-Note": "<b>bold</b>"})
    entry_id = tiny.control("GET", "/journal")["entries"][-1]["id"]
    html = web.get(f"/traffic/tiny/{entry_id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_replay_command_sends_the_same_request(web, tiny):
    tiny.api("/api/users", method="POST", json={"email": "replay@example.com"})
    entry_id = tiny.control("GET", "/journal")["entries"][-1]["id"]
    html = web.get(f"/traffic/tiny/{entry_id}").get_data(as_text=True)
    command = re.search(r'<code id="replay">(.*?)</code>', html, re.S).group(1)
    import html as html_lib

    command = html_lib.unescape(command)
    tiny.control("POST", "/reset", json={"tenant": "acme"})
    out = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=30, check=True).stdout
    assert out.startswith("HTTP/1.1 201")
    assert tiny.control("GET", "/data/users?q=replay@example.com")["rows"][0]["email"] == "replay@example.com"


def test_the_feed_returns_only_newer_entries(web, tiny):
    tiny.api("/api/users/1")
    first = web.get("/traffic/feed").get_json()
    assert [r["path"] for r in first["rows"]] == ["/api/users/1"]
    tiny.api("/api/users/2")
    tiny.api("/api/users/3")
    cursor = ",".join(f"{k}:{v}" for k, v in first["cursor"].items())
    newer = web.get(f"/traffic/feed?cursor={cursor}").get_json()
    assert [r["path"] for r in newer["rows"]] == ["/api/users/2", "/api/users/3"]


def test_after_an_action_the_console_only_redirects_within_itself(web):
    response = web.post("/actions/journal-clear", data={"vendor": "tiny", "csrf": token(web),
                                                        "next": "//elsewhere.example/x"})
    assert response.status_code == 303 and response.headers["Location"] == "/controls"
    response = web.post("/actions/journal-clear", data={"vendor": "tiny", "csrf": token(web), "next": "/traffic"})
    assert response.headers["Location"] == "/traffic"


def test_bad_form_values_are_refused_before_any_call(web, tiny):
    csrf = token(web)
    web.post("/actions/clock", data={"vendor": "tiny", "csrf": csrf, "op": "advance", "seconds": "-5"})
    assert "the clock only moves forward" in web.get("/controls").get_data(as_text=True)
    web.post("/actions/seed", data={"vendor": "tiny", "csrf": csrf, "tenant": "acme", "sizes": "users=lots"})
    assert "sizes are written name=number" in web.get("/controls").get_data(as_text=True)
    assert tiny.control("GET", "/tenants/acme")["counts"]["users"] == 30


def test_snippets_quote_awkward_credentials():
    creds = {"basic_auth": ["key with space", "pa'ss"], "scim_token": "t$ok`en"}
    found = {s.id: s.code for s in for_tenant("talentlms", "http://127.0.0.1:8001", creds)}
    assert shlex.split(found["rest-curl"]) == ["curl", "-sS", "-u", "key with space:pa'ss",
                                               "http://127.0.0.1:8001/api/v1/siteinfo"]
    assert shlex.split(found["scim-curl"])[3] == "Authorization: Bearer t$ok`en"
    compile(found["rest-python"], "snippet", "exec")
    assert "auth=('key with space', \"pa'ss\")" in found["rest-python"]
    compile(found["scim-python"], "snippet", "exec")


def test_no_snippets_without_credentials():
    assert for_tenant("lessonly", "http://127.0.0.1:8003", {}) == []


def test_serve_console_binds_loopback_by_default(tiny):
    server = serve_console({"tiny": tiny.base_url}, port=0)
    try:
        assert server.host == "127.0.0.1" and server.base_url.startswith("http://127.0.0.1:")
        import requests

        session = requests.Session()
        session.trust_env = False
        assert "ACMEKEY" in session.get(server.base_url + "/", timeout=10).text
        session.close()
    finally:
        server.stop()
