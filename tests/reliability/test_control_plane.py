"""Nothing a web page on another origin sends may change emulator state or read the control plane,
while curl, the plugin and the console keep working (issue 14, items 1, 2 and 10)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import requests

from emulator.config import Config
from emulator.console import serve_console
from emulator.core.guard import TOKEN_HEADER, Guard
from emulator.plugin import VendorHandle
from emulator.server import InProcessServer, build_emulator, exposure_warning

from .helpers import add_a_user

JSON = {"Content-Type": "application/json"}


def raw():
    session = requests.Session()
    session.trust_env = False
    return session


def lessonly_open_assignment(lessonly):
    return next(a for a in lessonly.tenant.state.assignments if a.state != "completed" and a.started_at is None)


def untouched(lessonly, assignment_id) -> bool:
    row = lessonly.tenant.state.assignments.get(assignment_id)
    return row.state != "completed" and row.started_at is None


# --- 1. simple cross-site writes --------------------------------------------------------------

@pytest.mark.parametrize("headers,body", [
    ({}, None),  # fetch(url, {method: "POST", mode: "no-cors"})
    ({"Content-Type": "text/plain"}, "{}"),
    ({"Content-Type": "application/x-www-form-urlencoded"}, "a=b"),
    ({"Content-Type": "multipart/form-data; boundary=x"}, "--x--"),
])
def test_a_post_a_browser_may_send_cross_site_changes_nothing(talentlms, lessonly, headers, body):
    grown = add_a_user(talentlms)
    with raw() as http:
        for path in ("/_emulator/reset", "/_emulator/seed"):
            r = http.post(talentlms.url(path), headers=headers, data=body)
            assert r.status_code == 415 and "application/json" in r.json()["error"]
        assignment = lessonly_open_assignment(lessonly)
        for action in ("complete", "start"):
            r = http.post(lessonly.url(f"/_emulator/lessonly/assignments/{assignment.id}/{action}"),
                          headers=headers, data=body)
            assert r.status_code == 415
    assert talentlms.tenant.state.counts() == grown
    assert untouched(lessonly, assignment.id)


def test_a_foreign_origin_is_refused_even_with_json(talentlms):
    with raw() as http:
        for origin in ("http://127.0.0.1:9", "null", "https://evil.example"):
            r = http.post(talentlms.url("/_emulator/reset"), json={}, headers={"Origin": origin})
            assert r.status_code == 403 and "cross-origin" in r.json()["error"]
        own = talentlms.base_url
        assert http.post(talentlms.url("/_emulator/reset"), json={}, headers={"Origin": own}).status_code == 200


def test_curl_with_the_documented_header_and_the_plugin_keep_working(talentlms):
    assert talentlms.http.post(talentlms.url("/_emulator/seed"), json={"sizes": {"users": 7}}).status_code == 200
    if shutil.which("curl") is None:
        pytest.fail("curl is needed (make test installs it)")
    out = subprocess.run(["curl", "-sS", "-X", "POST", "-H", "Content-Type: application/json",
                          talentlms.url("/_emulator/snapshots"), "-d", '{"name": "s"}'],
                         capture_output=True, text=True, timeout=30, check=True).stdout
    assert json.loads(out)["snapshot"] == "s"
    out = subprocess.run(["curl", "-sS", "-X", "POST", "-H", "Content-Type: application/json",
                          talentlms.url("/_emulator/snapshots/s/restore")],
                         capture_output=True, text=True, timeout=30, check=True).stdout
    assert json.loads(out)["restored"] == "s"


# --- 2. Host allowlist (DNS rebinding) --------------------------------------------------------

def test_control_routes_answer_only_the_names_served_and_vendor_routes_any(talentlms):
    with raw() as http:
        r = http.get(talentlms.url("/_emulator/tenants"), headers={"Host": "attacker.example"})
        assert r.status_code == 403 and "attacker.example" in r.json()["error"]
        assert "api_key" not in r.text and talentlms.tenant.config.api_key not in r.text
        for host in (f"localhost:{talentlms.server.port}", f"127.0.0.1:{talentlms.server.port}",
                     "[::1]", "app.localhost"):
            assert http.get(talentlms.url("/_emulator/tenants"), headers={"Host": host}).status_code == 200, host
        api = http.get(talentlms.url("/api/v1/users"), auth=talentlms.auth, headers={"Host": "acme.talentlms.com"})
        assert api.status_code == 200


def test_a_name_the_user_allows_is_served():
    config = Config(allowed_hosts=["emulator.internal"])
    server = InProcessServer(build_emulator("skilljar", config)).start()
    try:
        with raw() as http:
            url = server.base_url + "/_emulator/tenants"
            assert http.get(url, headers={"Host": "emulator.internal:8002"}).status_code == 200
            assert http.get(url, headers={"Host": "other.internal"}).status_code == 403
    finally:
        server.stop()


def test_guard_host_rules():
    local = Guard("127.0.0.1", ("my-box",))
    assert local.host_allowed("localhost:8001") and local.host_allowed("my-box.") and local.host_allowed("[::1]:1")
    assert not local.host_allowed("10.0.0.5:8001")  # not bound there: no one should be asking
    assert not local.host_allowed("127.0.0.1.attacker.example")
    wide = Guard("0.0.0.0")
    assert wide.host_allowed("10.0.0.5:8001") and not wide.host_allowed("rebind.attacker.example")


def test_the_console_refuses_a_foreign_host_and_a_post_without_its_token(talentlms):
    console = serve_console({"talentlms": talentlms.base_url}, port=0)
    try:
        with raw() as http:
            assert http.get(console.base_url + "/").status_code == 200
            r = http.get(console.base_url + "/", headers={"Host": "attacker.example"})
            assert r.status_code == 403 and talentlms.tenant.config.api_key not in r.text
            r = http.post(console.base_url + "/actions/reset", data={"vendor": "talentlms"},
                          headers={"Origin": "http://127.0.0.1:9"})
            assert r.status_code == 400 and "security token" in r.text  # no CSRF token from another site
    finally:
        console.stop()


# --- cross-origin, from a real browser ----------------------------------------------------------

ATTACK = """
async (base) => {
  const shots = [
    [base.t + '/_emulator/reset', {}],
    [base.t + '/_emulator/reset', {headers: {'Content-Type': 'text/plain'}, body: '{}'}],
    [base.l + '/_emulator/lessonly/assignments/' + base.a + '/complete', {}],
    [base.l + '/_emulator/lessonly/assignments/' + base.a + '/start',
     {headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'score=100'}],
  ];
  for (const [url, init] of shots) {
    await fetch(url, Object.assign({method: 'POST', mode: 'no-cors'}, init));
  }
  let read = 'refused';
  try { read = await (await fetch(base.t + '/_emulator/tenants')).text(); } catch (e) {}
  const frame = document.createElement('iframe');
  frame.name = 'sink';
  document.body.appendChild(frame);
  const loaded = new Promise(r => frame.onload = r);
  const form = document.createElement('form');
  form.method = 'POST'; form.target = 'sink'; form.action = base.t + '/_emulator/reset';
  document.body.appendChild(form);
  form.submit();
  await loaded;
  return read;
}
"""


@pytest.mark.browser
def test_a_page_on_another_origin_changes_nothing_in_headless_chromium(browser, foreign_origin, talentlms,
                                                                      lessonly):
    counts = add_a_user(talentlms)
    assignment = lessonly_open_assignment(lessonly)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(foreign_origin.url + "/")
        read = page.evaluate(ATTACK, {"t": talentlms.base_url, "l": lessonly.base_url, "a": assignment.id})
    finally:
        context.close()
    assert read == "refused"  # no CORS grant: the page cannot read the keys
    assert talentlms.tenant.state.counts() == counts
    assert untouched(lessonly, assignment.id)


# --- 10. the control token and the banner -------------------------------------------------------

def test_with_a_control_token_the_plugin_and_console_send_it_and_others_are_refused():
    config = Config(control_token="s3cret")
    server = InProcessServer(build_emulator("talentlms", config)).start()
    console = serve_console({"talentlms": server.base_url}, port=0, token="s3cret")
    handle = VendorHandle(server)
    try:
        with raw() as http:
            assert http.get(server.base_url + "/_emulator/health").status_code == 200
            r = http.get(server.base_url + "/_emulator/tenants")
            assert r.status_code == 401 and TOKEN_HEADER in r.json()["error"]
            wrong = http.get(server.base_url + "/_emulator/tenants", headers={TOKEN_HEADER: "nope"})
            assert wrong.status_code == 401
        assert handle.http.get(handle.url("/_emulator/tenants")).status_code == 200
        assert handle.http.post(handle.url("/_emulator/reset"), json={}).status_code == 200
        with raw() as browser_like:
            assert browser_like.get(console.base_url + "/").status_code == 401
            page = browser_like.get(console.base_url + "/?token=s3cret")
            assert page.status_code == 200 and handle.credentials["api_key"] in page.text
            assert browser_like.get(console.base_url + "/").status_code == 200  # remembered in the session
        snippet = console.app.extensions["console"].curl("POST", "talentlms", "/reset")
        assert f"{TOKEN_HEADER}: s3cret" in snippet and "Content-Type: application/json" in snippet
    finally:
        handle.http.close()
        console.stop()
        server.stop()


def test_the_banner_warns_when_listening_beyond_this_machine():
    assert exposure_warning(Config(host="127.0.0.1")) == []
    assert exposure_warning(Config(host="localhost")) == []
    lines = exposure_warning(Config(host="0.0.0.0"))
    assert "0.0.0.0" in lines[0] and "NO authentication" in lines[1] and "--control-token" in lines[1]
    assert "token" in exposure_warning(Config(host="192.168.1.5", control_token="t"))[1]
