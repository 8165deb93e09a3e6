"""Skilljar figures for `make bench`: prints, never asserts (timings depend on the machine).

- median req/s of ``GET /v1/users/{id}`` and of a 100-row page of ``GET /v1/users`` on a tenant of
  10,000 users, served by Granian as ``lms-emulator serve`` does, measured with ``wrk`` when it is
  installed (else a threaded ``requests`` loop, which measures the client as much as the server);
- webhook delivery throughput: events/s from the emulator to a local receiver, and how many were lost.

Run: ``python -m benchmarks.skilljar [--users 10000] [--seconds 5] [--events 2000]``.
"""

from __future__ import annotations

import argparse
import base64
import shutil
import statistics
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

from emulator.config import Config, TenantConfig
from emulator.core.emulator import Emulator
from emulator.server import start_granian, stop_all, wait_ready
from emulator.vendors.skilljar import DEMO_API_KEY, VENDOR
from emulator.vendors.skilljar.webhooks import emit


def _wrk(url: str, auth: str, seconds: int) -> float:
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s", "-H", f"Authorization: {auth}", url],
                         capture_output=True, text=True, check=False).stdout
    for line in out.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    return 0.0


def _loop(url: str, seconds: int) -> float:
    done = [0]
    stop = time.monotonic() + seconds

    def worker() -> None:
        session = requests.Session()
        session.trust_env = False
        session.auth = (DEMO_API_KEY, "")
        while time.monotonic() < stop:
            session.get(url)
            done[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done[0] / seconds


def http_figures(users: int, seconds: int, rounds: int = 3) -> None:
    cfg = Config(ports={"skilljar": 18002}, vendors=["skilljar"], tenants=[TenantConfig(
        vendor="skilljar", name="bench", api_key=DEMO_API_KEY, plan="unlimited", sizes={"users": users})])
    running = start_granian(cfg)
    try:
        wait_ready(running, timeout=120)
        base = running[0].base_url
        session = requests.Session()
        session.trust_env = False
        session.auth = (DEMO_API_KEY, "")
        uid = session.get(base + f"/v1/users?page_size=1&page={users // 2}").json()["results"][0]["user"]["id"]
        auth = "Basic " + base64.b64encode(f"{DEMO_API_KEY}:".encode()).decode()
        for label, path in (("GET /v1/users/{id}", f"/v1/users/{uid}"),
                            ("GET /v1/users (100-row page)", f"/v1/users?page={users // 200}&page_size=100")):
            figures = [(_wrk(base + path, auth, seconds) if shutil.which("wrk") else _loop(base + path, seconds))
                       for _ in range(rounds)]
            print(f"skilljar {label}: median {statistics.median(figures):,.0f} req/s "
                  f"({', '.join(f'{f:,.0f}' for f in figures)}; {users:,} users)")
    finally:
        stop_all(running)


def webhook_figures(events: int) -> None:
    received = [0]
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with lock:
                received[0] += 1
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    emulator = Emulator(VENDOR, Config(tenants=[TenantConfig(vendor="skilljar", name="bench", api_key=DEMO_API_KEY,
                                                             plan="unlimited", sizes={"users": 100})]))
    tenant = emulator.tenants.get("bench")
    client = emulator.app.test_client()
    client.post("/v1/webhooks", json={"target_url": f"http://127.0.0.1:{receiver.server_address[1]}/hook"},
                auth=(DEMO_API_KEY, ""))
    started = time.perf_counter()
    with tenant.lock:
        for _ in range(events):
            emit(tenant, "COURSE_COMPLETION", {}, tenant.clock.now())
    emulator.deliveries.wait_idle(timeout=300)
    elapsed = time.perf_counter() - started
    delivered = sum(1 for d in emulator.deliveries.list(kind="webhook") if d.outcome == "delivered")
    print(f"skilljar webhooks: {events / elapsed:,.0f} events/s to a local receiver; {received[0]} received, "
          f"{delivered} delivered, {events - received[0]} lost")
    emulator.close()
    receiver.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--events", type=int, default=2000)
    args = parser.parse_args()
    http_figures(args.users, args.seconds)
    webhook_figures(args.events)


if __name__ == "__main__":
    main()
