"""Recording figures for `make bench` (issue #11): prints, never asserts.

- proxy overhead: median added per request on loopback, `lms-emulator record` in front of an emulator
  (Waitress, plain HTTP) against the same requests sent straight (target < 2 ms at the median);
- drift over 1,000 recorded interactions, clone tenant included (target < 10 s);
- cloning a recording set of 10,000 users (target < 5 s).

Run: ``python -m benchmarks.recording``.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import requests

from emulator.config import Config, TenantConfig
from emulator.core.emulator import Emulator
from emulator.recording.record import record_server
from emulator.server import InProcessServer
from emulator.vendors import talentlms


def _emulator(users: int = 50) -> Emulator:
    tenant = TenantConfig(vendor="talentlms", name="demo", api_key=talentlms.DEMO_API_KEY,
                          domain=talentlms.DEMO_DOMAIN, plan="unlimited", date_format="DDMMYYYY",
                          sizes={"users": users})
    return Emulator(talentlms.VENDOR, Config(tenants=[tenant]))


def _timed(session: requests.Session, url: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        started = time.perf_counter()
        session.get(url).raise_for_status()
        out.append((time.perf_counter() - started) * 1000)
    return out


def proxy_overhead(n: int = 300) -> str:
    """The proxy and the upstream emulator in this process, like the straight requests, so both sides
    pay the same scheduling (a second process on a loaded 2-core machine measures the scheduler)."""
    server = InProcessServer(_emulator()).start()
    try:
        with tempfile.TemporaryDirectory() as folder, \
                record_server(server.base_url, folder, vendor="talentlms", scrub_key="bench") as proxy:
            session = requests.Session()
            session.trust_env = False
            session.auth = (talentlms.DEMO_API_KEY, "")
            path = "/api/v1/users/id:2"
            _timed(session, server.base_url + path, 30)
            _timed(session, proxy.base_url + path, 30)
            direct, proxied = [], []
            for _ in range(3):  # interleaved, so both see the same machine load
                direct += _timed(session, server.base_url + path, n // 3)
                proxied += _timed(session, proxy.base_url + path, n // 3)
    finally:
        server.stop()
    added = statistics.median(proxied) - statistics.median(direct)
    return (f"record proxy: median {statistics.median(direct):.2f} ms straight, {statistics.median(proxied):.2f} ms "
            f"through the proxy: {added:.2f} ms added (target < 2 ms)")


def drift_1000() -> str:
    from emulator.recording.drift import drift

    server = InProcessServer(_emulator()).start()
    with tempfile.TemporaryDirectory() as folder:
        try:
            with record_server(server.base_url, folder, vendor="talentlms", scrub_key="bench") as proxy:
                session = requests.Session()
                session.trust_env = False
                session.auth = (talentlms.DEMO_API_KEY, "")
                paths = ["/api/v1/users/id:{}", "/api/v1/courses/id:{}", "/api/v1/users", "/api/v1/groups/id:{}"]
                for n in range(1000):
                    session.get(proxy.base_url + paths[n % 4].format(n % 12 + 1))
        finally:
            server.stop()
        started = time.perf_counter()
        report = drift([Path(folder)])
        seconds = time.perf_counter() - started
    return (f"drift: {report.interactions:,} interactions (clone tenant built from them) in {seconds:.2f} s, "
            f"{len(report.drifts)} differ (target < 10 s)")


def clone_10000() -> str:
    from emulator.cassettes import all_interactions, load_cassettes
    from emulator.recording.clone import clone_state
    from emulator.recording.drift import Replayer

    server = InProcessServer(_emulator(users=10_000)).start()
    with tempfile.TemporaryDirectory() as folder:
        try:
            with record_server(server.base_url, folder, vendor="talentlms", scrub_key="bench") as proxy:
                session = requests.Session()
                session.trust_env = False
                session.get(proxy.base_url + "/api/v1/users", auth=(talentlms.DEMO_API_KEY, ""))
        finally:
            server.stop()
        interactions = all_interactions(load_cassettes(Path(folder)))
        started = time.perf_counter()
        export, _ = clone_state("talentlms", interactions)
        replayer = Replayer("talentlms", state=export)  # built and imported into a tenant
        seconds = time.perf_counter() - started
        users = len(replayer.tenant.state.users)
        replayer.close()
    return f"clone: {users:,} users from a recording into a tenant in {seconds:.2f} s (target < 5 s)"


def figures() -> list[str]:
    return [proxy_overhead(), drift_1000(), clone_10000()]


if __name__ == "__main__":
    for line in figures():
        print(line)
