"""Clients that stall mid-upload do not freeze a vendor (issue 14, item 4), under `serve` as shipped:
health, the control plane and other clients are answered while they wait, and each is cut off with a 408
once its body is late (``--body-timeout``)."""

from __future__ import annotations

import contextlib
import signal
import socket
import threading

import requests

from emulator.bridge import CONTROL_THREADS
from tests.test_serve import free_port, start_serve

THREADS = 2  # serve's default --threads
STALLED = 40  # far more than every thread the server has (THREADS + CONTROL_THREADS)
KEY = ("sk-live-demo0skilljar0emulator0key", "")


def stall(port: int) -> socket.socket:
    """A connection that sends headers promising 1,000 bytes of body, then one byte, then nothing."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"POST /v1/groups HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 1000\r\n\r\n{")
    return sock


def read_until_closed(sock: socket.socket, bound: float) -> bytes:
    """Everything the server sends until it closes the connection (``bound`` only keeps a broken server
    from hanging the test)."""
    sock.settimeout(bound)
    out = b""
    while chunk := sock.recv(65536):
        out += chunk
    return out


def serve_skilljar(tmp_path, *flags: str):
    config = tmp_path / "one.toml"
    config.write_text('vendors = ["skilljar"]\nconsole_port = 0\n')
    port = free_port()
    process, banner = start_serve(["lms-emulator", "serve", "--config", str(config), *flags], {"skilljar": port})
    assert "Stop with Ctrl-C" in banner, banner
    return process, port


def stop(process) -> None:
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0


@contextlib.contextmanager
def stalled_uploads(tmp_path, count: int, body_timeout: int):
    """`serve` (Skilljar only) with ``count`` uploads stalled mid-body: (base URL, their sockets, a session)."""
    process, port = serve_skilljar(tmp_path, "--body-timeout", str(body_timeout))
    stalled = []
    try:
        stalled = [stall(port) for _ in range(count)]
        with requests.Session() as http:
            http.trust_env = False
            yield f"http://127.0.0.1:{port}", stalled, http
    finally:
        for sock in stalled:
            sock.close()
        stop(process)


def test_stalled_uploads_leave_health_control_and_other_clients_answered_then_get_408(tmp_path):
    assert STALLED > THREADS + CONTROL_THREADS
    with stalled_uploads(tmp_path, STALLED, body_timeout=4) as (base, stalled, http):
        # bounded waits only: before the fix these were not answered while the uploads stalled
        assert http.get(base + "/_emulator/health", timeout=20).status_code == 200
        assert http.get(base + "/_emulator/tenants", timeout=20).status_code == 200
        users = http.get(base + "/v1/users?page_size=1", auth=KEY, timeout=20)
        assert users.status_code == 200 and users.json()["results"]
        created = http.post(base + "/v1/groups", auth=KEY, json={"name": "prompt"}, timeout=20)
        assert created.status_code == 201, created.text
        # each stalled client is answered 408 and its connection closed once its body is late
        answers = [read_until_closed(sock, bound=60) for sock in stalled]
        assert all(a.startswith(b"HTTP/1.1 408 ") for a in answers), {a[:40] for a in answers}
        assert all(b"connection: close" in a.lower() for a in answers)
        journal = http.get(base + "/_emulator/journal?method=POST", timeout=20).json()["entries"]
        assert [e["request_body"] for e in journal] == ['{"name": "prompt"}']  # late bodies never reached the app


def test_a_slow_but_steady_upload_within_the_deadline_is_served(tmp_path):
    process, port = serve_skilljar(tmp_path, "--body-timeout", "30")
    try:
        body = b'{"name": "a group whose name arrives sixteen bytes at a time"}'
        sock = socket.create_connection(("127.0.0.1", port))
        auth = requests.auth._basic_auth_str(*KEY)
        sock.sendall(b"POST /v1/groups HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Authorization: " + auth.encode() + b"\r\nConnection: close\r\n"
                     b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")
        pause = threading.Event()
        for start in range(0, len(body), 16):  # in pieces, the connection idle between them
            sock.sendall(body[start:start + 16])
            pause.wait(0.2)
        answer = read_until_closed(sock, bound=60)
        assert answer.split(b"\r\n", 1)[0] == b"HTTP/1.1 201 Created", answer[:200]
        assert b"sixteen bytes at a time" in answer
    finally:
        stop(process)


def test_faults_still_drop_and_delay_under_serve(tmp_path):
    """A drop rule cuts the connection mid-answer; a slow (latency) rule holds one request while health,
    the control plane and the vendor's other requests are answered."""
    process, port = serve_skilljar(tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        with requests.Session() as http:
            http.trust_env = False
            assert http.post(base + "/_emulator/faults", json={"path": "/v1/users", "drop": True, "times": 1},
                             timeout=20).status_code == 201
            try:
                dropped = http.get(base + "/v1/users", auth=KEY, timeout=20)
            except (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError):
                dropped = None
            assert dropped is None, "the drop rule should have cut the connection"
            assert http.get(base + "/v1/users", auth=KEY, timeout=20).status_code == 200  # only once

            rule = {"path": "/v1/courses", "latency_ms": 600_000, "times": THREADS}
            assert http.post(base + "/_emulator/faults", json=rule, timeout=20).status_code == 201
            held = [threading.Thread(target=_get_ignoring_timeout, args=(base + "/v1/courses",), daemon=True)
                    for _ in range(THREADS)]
            for thread in held:
                thread.start()
            _wait_for_journal(http, base, "/v1/courses", THREADS)
            # every work slot sleeps in a fault: the control plane still answers, on threads of its own
            assert http.get(base + "/_emulator/health", timeout=20).status_code == 200
            assert http.get(base + "/_emulator/faults", timeout=20).status_code == 200
            assert all(thread.is_alive() for thread in held)
    finally:
        stop(process)


def _get_ignoring_timeout(url: str) -> None:
    try:
        requests.get(url, auth=KEY, timeout=120)
    except requests.RequestException:
        pass


def _wait_for_journal(http, base: str, path: str, count: int) -> None:
    """Until ``count`` requests to ``path`` are in the journal (they are recorded before the fault sleeps)."""
    ready = threading.Event()
    for _ in range(400):
        entries = http.get(base + "/_emulator/journal", timeout=20).json()["entries"]
        if sum(e["path"] == path for e in entries) >= count:
            return
        ready.wait(0.05)
    raise AssertionError(f"{count} requests to {path} never reached the app")


def test_hundreds_of_stalled_uploads_still_leave_health_and_reads_answered(tmp_path):
    # more than the 128 requests in flight Granian's embedded server takes by default: serve sets 1,024, as
    # its default server had; at 128 the health check waited for stalled bodies to time out
    with stalled_uploads(tmp_path, 300, body_timeout=60) as (base, _, http):
        assert http.get(base + "/_emulator/health", timeout=15).status_code == 200
        users = http.get(base + "/v1/users?page_size=1", auth=KEY, timeout=15)
        assert users.status_code == 200 and users.json()["results"]
