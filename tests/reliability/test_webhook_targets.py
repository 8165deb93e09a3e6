"""Webhook and callback targets cannot reach the control plane, metadata services or private networks,
and a delivery's edge cases lose nothing and hold nothing (issue 14, items 3 and 7)."""

from __future__ import annotations

import json
import socket
import threading

import pytest
import requests

from emulator.core.deliveries import Deliveries, RetryPolicy
from emulator.core.targets import DELIVERY_HEADER, registration_refusal

from .helpers import add_a_user

ONCE = RetryPolicy(max_attempts=1, timeout_seconds=2, max_redirects=3)


@pytest.mark.parametrize("url", [
    "http://169.254.169.254/latest/meta-data/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://[fe80::1]/", "http://[::ffff:169.254.169.254]/", "http://[::ffff:10.0.0.1]/",
    "http://10.0.0.1/", "http://172.16.5.4/", "http://192.168.1.1/", "http://100.64.0.1/", "http://0.0.0.0/",
    "http://2130706433/", "http://0x7f.1/", "http://127.1/", "http://0177.0.0.1/", "http://0x7f000001/",
    "http://127.0.0.1:8001/_emulator/reset", "http://localhost:8001/%5Femulator/reset",
    "http://127.0.0.1:8001//_emulator/reset", "http://127.0.0.1:8001/x/../_emulator/seed",
    "http://127.0.0.1:8001/_emulator", "ftp://127.0.0.1/", "http:///nohost", "http://127.0.0.1:99999/",
])
def test_registration_refuses_dangerous_targets(url):
    assert registration_refusal(url) is not None


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/hook", "http://localhost:8080/x?y=1", "http://[::1]:9/",
                                 "https://example.org/hook"])
def test_registration_accepts_loopback_and_public_names(url):
    assert registration_refusal(url) is None


def test_the_tenant_setting_allows_listed_hosts_and_ranges():
    assert registration_refusal("http://10.1.2.3/h", ("10.0.0.0/8",)) is None
    assert registration_refusal("http://metadata.google.internal/", ("metadata.google.internal",)) is None
    assert registration_refusal("http://192.168.1.1/", ("10.0.0.0/8",)) is not None
    assert registration_refusal("http://127.0.0.1:1/_emulator/reset", ("*",)) is not None  # never


# --- delivery ----------------------------------------------------------------------------------

@pytest.fixture
def deliveries():
    d = Deliveries(ONCE, workers=4)
    yield d
    d.stop()


def post(deliveries, url, **kw):
    return deliveries.enqueue(tenant="t", kind="test", url=url, body=json.dumps({"payload": 1}),
                              headers={"Content-Type": "application/json"}, **kw)


def test_a_delivery_never_drives_the_control_api(talentlms, deliveries):
    grown = add_a_user(talentlms)
    direct = post(deliveries, talentlms.url("/_emulator/reset"))
    redirector = Redirector(307, talentlms.url("/_emulator/reset"))  # a receiver that sends the POST there
    try:
        hop = post(deliveries, redirector.url)
        assert deliveries.wait_idle(10)
    finally:
        redirector.close()
    assert direct.outcome == "refused_target" and "control API" in direct.attempts[0].error
    assert hop.outcome == "refused_target" and len(redirector.got) == 1
    assert talentlms.tenant.state.counts() == grown
    with requests.Session() as http:  # and were a path trick to slip through, the control plane refuses
        http.trust_env = False
        r = http.post(talentlms.url("/_emulator/reset"), json={}, headers={DELIVERY_HEADER: "1"})
        assert r.status_code == 403
    assert talentlms.tenant.state.counts() == grown


class Redirector:
    """Answers every request with ``status`` and ``Location: location``; records what it got."""

    def __init__(self, status: int, location: str) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.got: list[tuple[str, bytes]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                owner.got.append((self.command, self.rfile.read(int(self.headers.get("Content-Length") or 0))))
                self.send_response(status)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST  # noqa: N815

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/start"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_resends_the_same_post_and_body(status, deliveries, webhook_receiver):
    redirector = Redirector(status, webhook_receiver.url + "/final")
    try:
        d = post(deliveries, redirector.url)
        assert deliveries.wait_idle(10)
    finally:
        redirector.close()
    assert d.outcome == "delivered"
    assert redirector.got == [("POST", b'{"payload": 1}')]
    final = webhook_receiver.requests[0]
    assert final.method == "POST" and final.path == "/final" and final.json() == {"payload": 1}


@pytest.mark.parametrize("location", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/",
                                      "http://2130706433/"])
def test_a_redirect_to_another_host_is_checked_again(location, deliveries):
    redirector = Redirector(307, location)
    try:
        d = post(deliveries, redirector.url)
        assert deliveries.wait_idle(10)
    finally:
        redirector.close()
    assert d.outcome == "refused_target" and len(redirector.got) == 1


def test_a_host_the_tenant_does_not_allow_is_not_contacted(deliveries):
    d = post(deliveries, "http://10.255.255.1/hook")
    assert deliveries.wait_idle(10)
    assert d.outcome == "refused_target" and "webhook_allowed_hosts" in d.attempts[0].error


class Dripper:
    """Accepts connections and answers one byte at a time, ``interval`` apart, until closed."""

    def __init__(self, interval: float = 0.3) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/slow"
        self.closed = threading.Event()
        self.connections = 0
        self.interval = interval
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.closed.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn):
        answer = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n" + b"X-Pad: " + b"a" * 200 + b"\r\n\r\n"
        with conn:
            for byte in answer:
                if self.closed.wait(self.interval):
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return

    def close(self):
        self.closed.set()
        self.sock.close()


def test_a_dripping_receiver_is_cut_at_the_attempt_deadline():
    deliveries = Deliveries(RetryPolicy(max_attempts=1, timeout_seconds=1), workers=1)
    dripper = Dripper(interval=0.3)  # a byte every 0.3 s: never a 1 s silence, 70 s for the whole answer
    try:
        d = post(deliveries, dripper.url)
        assert deliveries.wait_idle(20)
    finally:
        dripper.close()
        deliveries.stop()
    assert d.outcome == "retries_exhausted" and "deadline" in d.attempts[0].error


def test_slow_receivers_do_not_hold_back_a_healthy_one(webhook_receiver):
    deliveries = Deliveries(RetryPolicy(max_attempts=1, timeout_seconds=60), workers=4)
    dripper = Dripper(interval=5)
    try:
        slow = [post(deliveries, dripper.url) for _ in range(8)]
        healthy = post(deliveries, webhook_receiver.url)
        assert webhook_receiver.wait_for(1, timeout=15)
        assert all(d.state == "pending" and not d.attempts for d in slow)  # still being dripped at
    finally:
        dripper.close()
        deliveries.stop()
    assert webhook_receiver.requests[0].json() == {"payload": 1}
    assert healthy is not None


# --- registration through the vendors' own routes -----------------------------------------------

def test_skilljar_refuses_a_webhook_at_the_control_api_or_metadata(skilljar, talentlms):
    for url in (talentlms.url("/_emulator/reset"), "http://169.254.169.254/latest/meta-data/",
                "http://2130706433:8001/x", "http://0x7f.1/hook"):
        r = skilljar.http.post(skilljar.url("/v1/webhooks"), json={"target_url": url})
        assert r.status_code == 400, url
        assert list(r.json()) == ["target_url"] and isinstance(r.json()["target_url"][0], str)
    assert skilljar.http.post(skilljar.url("/v1/webhooks"),
                              json={"target_url": "http://127.0.0.1:9/hook"}).status_code == 201


def test_skilljar_tenant_setting_allows_a_private_receiver(skilljar):
    settings = skilljar.tenant.config.settings
    settings["webhook_allowed_hosts"] = ["10.0.0.0/8"]
    try:
        r = skilljar.http.post(skilljar.url("/v1/webhooks"), json={"target_url": "http://10.1.2.3/hook"})
        assert r.status_code == 201
    finally:
        settings.pop("webhook_allowed_hosts")
    r = skilljar.http.post(skilljar.url("/v1/webhooks"), json={"target_url": "http://10.1.2.3/hook"})
    assert r.status_code == 400


def test_lessonly_refuses_a_callback_at_the_control_api(lessonly):
    for url in (lessonly.url("/_emulator/lessonly/assignments/1/complete"), "http://metadata.google.internal/"):
        r = lessonly.http.put(lessonly.url("/api/v1/company_settings"), json={"lesson_completed_callback_url": url})
        assert r.status_code == 400 and "callback url is invalid" in r.text, url
    ok = lessonly.http.put(lessonly.url("/api/v1/company_settings"),
                           json={"lesson_completed_callback_url": "http://127.0.0.1:9/hook"})
    assert ok.status_code == 200
