"""`kill -9` of `lms-emulator serve`, or of one vendor's server, leaves no server behind, and a restart on
the same ports right after succeeds (real processes, real signals)."""

from __future__ import annotations

import os
import signal
import socket
import sys
import time

import pytest
import requests

from emulator import vendors
from tests.persistence.procs import descendants
from tests.test_serve import free_port, start_serve

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the servers")


def children(pid: int) -> set[int]:
    """Every descendant of ``pid`` (from /proc)."""
    return set(descendants(pid))


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def settle(condition, limit: float = 15.0) -> bool:
    """Poll ``condition`` until true or ``limit`` seconds pass (a bound on the wait, not a speed check)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def serve(ports: dict[str, int]):
    process, banner = start_serve(["lms-emulator", "serve", "--host", "0.0.0.0"], ports,
                                  LMS_EMULATOR_CONSOLE_PORT="0")
    assert "Stop with Ctrl-C" in banner, banner
    return process, banner


def healthy(port: int) -> bool:
    with requests.Session() as http:
        http.trust_env = False
        return http.get(f"http://127.0.0.1:{port}/_emulator/health", timeout=5).status_code == 200


def test_kill_9_of_serve_or_of_one_server_leaves_nothing_and_a_restart_succeeds():
    ports = {name: free_port() for name in vendors.available()}
    process, banner = serve(ports)
    try:
        assert "WARNING: listening on 0.0.0.0" in banner and "NO authentication" in banner, banner
        servers = children(process.pid)
        assert len(servers) >= len(ports), servers  # a server process per vendor
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        assert settle(lambda: not any(alive(pid) for pid in servers)), [p for p in servers if alive(p)]
        assert settle(lambda: not any(port_open(p) for p in ports.values()))
    finally:
        if process.poll() is None:
            process.kill()

    process, _ = serve(ports)  # right away, on the same ports
    try:
        assert all(healthy(port) for port in ports.values())
        victim = next(iter(ports))
        # one vendor's server: a direct child of serve holding that vendor's port
        mains = [pid for pid in children(process.pid) if open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1]
                 == str(process.pid)]
        assert len(mains) == len(ports)
        target = next(pid for pid in mains if str(ports[victim]) in _listening(pid).split())
        others = [pid for pid in mains if pid != target]
        os.kill(target, signal.SIGKILL)
        assert settle(lambda: process.poll() is not None), "serve noticed and stopped"
        assert settle(lambda: not any(alive(pid) for pid in others)), "the other servers outlived serve"
        assert settle(lambda: not any(port_open(p) for p in ports.values()))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)

    process, _ = serve(ports)
    try:
        assert all(healthy(port) for port in ports.values())
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0


def _listening(pid: int) -> str:
    """The ports the processes under ``pid`` listen on, as text (from their sockets' inodes)."""
    inodes = set()
    for proc in {pid, *children(pid)}:
        try:
            for fd in os.listdir(f"/proc/{proc}/fd"):
                target = os.readlink(f"/proc/{proc}/fd/{fd}")
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    ports = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            for line in f.readlines()[1:]:
                cols = line.split()
                if cols[3] == "0A" and cols[9] in inodes:
                    ports.append(str(int(cols[1].rsplit(":", 1)[1], 16)))
    return " ".join(ports)
