"""Clients that stall mid-upload do not freeze a vendor: health, the control plane and other clients
are still answered (issue 14, item 4), under `serve` as shipped (Granian)."""

from __future__ import annotations

import signal
import socket

import requests

from tests.test_serve import free_port, start_serve

STALLED = 6  # three times the request threads `serve` runs by default


def test_stalled_uploads_leave_health_control_and_other_clients_answered(tmp_path):
    config = tmp_path / "one.toml"
    config.write_text('vendors = ["skilljar"]\nconsole_port = 0\n')
    port = free_port()
    process, banner = start_serve(["lms-emulator", "serve", "--config", str(config)], {"skilljar": port})
    stalled = []
    try:
        assert "Stop with Ctrl-C" in banner, banner
        base = f"http://127.0.0.1:{port}"
        for _ in range(STALLED):
            sock = socket.create_connection(("127.0.0.1", port))
            sock.sendall(b"POST /v1/users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 1000\r\n\r\n{")
            stalled.append(sock)
        with requests.Session() as http:
            http.trust_env = False
            # bounded waits: before the fix these never answered while the uploads stalled
            assert http.get(base + "/_emulator/health", timeout=20).status_code == 200
            assert http.get(base + "/_emulator/tenants", timeout=20).status_code == 200
            users = http.get(base + "/v1/users?page_size=1", auth=("sk-live-demo0skilljar0emulator0key", ""),
                             timeout=20)
            assert users.status_code == 200 and users.json()["results"]
    finally:
        for sock in stalled:
            sock.close()
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
