"""Vendor writes answered on serve's event loop (emulator/bridge.py, decision 001 "Mixed load"): a write with
nothing ahead of it runs on the loop's thread, its change is seen by the next read (never an answer kept from
before it), and a write that waits on something outside the process (a webhook ping to a slow receiver)
runs on a pool thread, so health and the control plane answer meanwhile."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

from emulator.vendors.skilljar import DEMO_SCIM_TOKEN
from tests.reliability.test_slow_clients import KEY, serve_skilljar, stop

SCIM = {"Authorization": f"Bearer {DEMO_SCIM_TOKEN}", "Content-Type": "application/scim+json"}
PAUSE_S = 3.0


def test_a_create_then_the_same_read_shows_it_and_both_are_journaled(tmp_path):
    process, port = serve_skilljar(tmp_path)
    base = f"http://127.0.0.1:{port}"
    page = base + "/scim/v2/Users?startIndex=1&count=1"
    try:
        with requests.Session() as http:
            http.trust_env = False
            totals = [http.get(page, headers=SCIM, timeout=20).json()["totalResults"] for _ in range(3)]
            assert totals[0] == totals[1] == totals[2]  # kept, then replayed
            made = http.post(base + "/scim/v2/Users", headers=SCIM, timeout=20, json={
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "loop@example.com",
                "name": {"givenName": "Lo", "familyName": "Op"}, "emails": [{"value": "loop@example.com"}],
                "active": True})
            assert made.status_code == 201, made.text
            assert http.get(page, headers=SCIM, timeout=20).json()["totalResults"] == totals[0] + 1
            found = http.get(base + '/scim/v2/Users?filter=userName eq "loop@example.com"', headers=SCIM,
                             timeout=20).json()
            assert found["totalResults"] == 1
            journal = http.get(base + "/_emulator/journal", params={"path_contains": "/scim/v2/Users"},
                               timeout=20).json()
            entries = journal["entries"] if isinstance(journal, dict) else journal
            assert [e["method"] for e in entries[-6:]] == ["GET", "GET", "GET", "POST", "GET", "GET"]
    finally:
        stop(process)


class _Slow(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        time.sleep(PAUSE_S)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_ping_to_a_slow_receiver_leaves_health_and_the_control_plane_answered(tmp_path):
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    process, port = serve_skilljar(tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        with requests.Session() as http:
            http.trust_env = False
            hook = http.post(base + "/v1/webhooks", auth=KEY, timeout=20,
                             json={"target_url": f"http://127.0.0.1:{receiver.server_address[1]}/hook"})
            assert hook.status_code == 201, hook.text
            answers: list = []
            ping = threading.Thread(target=lambda: answers.append(
                requests.post(f"{base}/v1/webhooks/{hook.json()['id']}/ping", auth=KEY, timeout=30)))
            ping.start()
            time.sleep(0.5)  # the ping is waiting for the receiver
            started = time.monotonic()
            assert http.get(base + "/_emulator/health", timeout=20).status_code == 200
            assert http.get(base + "/_emulator/faults", timeout=20).status_code == 200
            assert ping.is_alive(), "health should have answered while the ping still waited"
            assert time.monotonic() - started < PAUSE_S
            ping.join(30)
            assert answers[0].status_code == 200 and answers[0].json()["succeeded"] is True
    finally:
        stop(process)
        receiver.shutdown()
        receiver.server_close()
