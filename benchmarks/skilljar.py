"""Skilljar figures for `make bench`: prints, never asserts (timings depend on the machine).

(The request rates of ``GET /v1/users/{id}`` and a 100-row page are measured with every other vendor's
in ``benchmarks/__main__.py``.)

- webhook delivery throughput: events/s from the emulator to a local receiver, and how many were lost.

Run: ``python -m benchmarks.skilljar [--events 2000]``.
"""

from __future__ import annotations

import argparse
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


from emulator.config import Config, TenantConfig
from emulator.core.emulator import Emulator
from emulator.vendors.skilljar import DEMO_API_KEY, VENDOR
from emulator.vendors.skilljar.effects.deliveries import emit


def webhook_figures(events: int = 2000) -> str:
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
    emulator.close()
    receiver.shutdown()
    return (f"skilljar webhooks: {events / elapsed:,.0f} events/s to a local receiver; {received[0]} received, "
            f"{delivered} delivered, {events - received[0]} lost (target >= 200 events/s, none lost)")


def main() -> None:
    parser = argparse.ArgumentParser(description="Skilljar webhook delivery throughput")
    parser.add_argument("--events", type=int, default=2000)
    print(webhook_figures(parser.parse_args().events))


if __name__ == "__main__":
    main()
