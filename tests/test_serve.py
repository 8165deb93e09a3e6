"""`lms-emulator serve` as the Dockerfile runs it: Granian processes, ready table, clean stop."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from emulator import vendors

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dockerfile_cmd() -> list[str]:
    text = (ROOT / "Dockerfile").read_text()
    match = re.search(r"^CMD (\[.*\])$", text, re.M)
    assert match, "the Dockerfile has an exec-form CMD"
    return json.loads(match.group(1))


def script(argv: list[str]) -> list[str]:
    assert argv[0] == "lms-emulator"
    return [str(Path(sys.executable).parent / "lms-emulator"), *argv[1:]]


def test_dockerfile_command_serves_every_built_vendor_and_stops_cleanly():
    built = list(vendors.available())
    assert built, "at least one vendor is built"
    ports = {name: free_port() for name in built}
    env = dict(os.environ, **{f"LMS_EMULATOR_{n.upper()}_PORT": str(p) for n, p in ports.items()},
               LMS_EMULATOR_CONSOLE_PORT=str(free_port()), COLUMNS="200")
    process = subprocess.Popen(script(dockerfile_cmd()), env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    output = []
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            output.append(line)
            if "Stop with Ctrl-C" in line:
                break
        text = "".join(output)
        assert "Stop with Ctrl-C" in text, text
        assert "ready in" in text
        session = requests.Session()
        session.trust_env = False
        for name, port in ports.items():
            assert f"http://127.0.0.1:{port}" in text
            health = session.get(f"http://127.0.0.1:{port}/_emulator/health", timeout=5)
            assert health.status_code == 200 and health.json()["vendor"] == name
            tenants = session.get(f"http://127.0.0.1:{port}/_emulator/tenants", timeout=5).json()["tenants"]
            assert tenants and all(t["counts"] for t in tenants)
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=20)
    assert code == 0
    for port in ports.values():
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still open after stop"


def test_serve_refuses_a_taken_port_with_a_clear_message():
    built = list(vendors.available())
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = dict(os.environ, **{f"LMS_EMULATOR_{n.upper()}_PORT": str(port) for n in built[:1]})
        result = subprocess.run(script(["lms-emulator", "serve"]), env=env, capture_output=True, text=True,
                                timeout=30)
    assert result.returncode == 1
    assert f"port {port}" in result.stderr and "is taken" in result.stderr
