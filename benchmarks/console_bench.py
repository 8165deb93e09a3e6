"""How fast the console's pages answer with a tenant of 100,000 users (printed, not asserted).

Run: ``.venv/bin/python -m benchmarks.console_bench`` (or call :func:`bench_console`). Serves every built
vendor in this process (or, while none is built, the tiny test vendor from tests/console/), reseeds each
vendor's first tenant with ``users`` users, makes some traffic, starts the console under Waitress and
times each page over real HTTP. The target from the console issue is under 200 ms a page.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from emulator import vendors as registry  # noqa: E402
from emulator.config import Config  # noqa: E402
from emulator.console import serve_console, snippets  # noqa: E402
from emulator.core.emulator import Emulator  # noqa: E402
from emulator.server import InProcessServer  # noqa: E402


def _descriptors() -> list:
    found = list(registry.available().values())
    if found:
        return found
    from examples.tinylms import VENDOR

    return [VENDOR]


def _time(http: requests.Session, url: str, rounds: int) -> tuple[float, float, int]:
    samples = []
    status = 0
    for _ in range(rounds):
        started = time.perf_counter()
        response = http.get(url, timeout=60)
        samples.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))], status


def bench_console(users: int = 100_000, rounds: int = 20, traffic: int = 300) -> list[dict]:
    """Median and p95 answer time (ms) of each console page; prints a table and returns the rows."""
    http = requests.Session()
    http.trust_env = False
    servers = [InProcessServer(Emulator(vendor, Config())).start() for vendor in _descriptors()]
    console = serve_console({s.emulator.vendor.name: s.base_url for s in servers}, port=0)
    results: list[dict] = []
    try:
        paths = ["/", "/traffic", "/traffic/feed", "/limits", "/limits.json", "/controls", "/deliveries"]
        for server in servers:
            vendor = server.emulator.vendor.name
            tenant = http.get(server.base_url + "/_emulator/tenants", timeout=60).json()["tenants"][0]
            started = time.perf_counter()
            seeded = http.post(server.base_url + "/_emulator/seed", timeout=600,
                               json={"tenant": tenant["name"], "sizes": {"users": users}}).json()
            print(f"{vendor}: seeded {seeded['counts'].get('users')} users in "
                  f"{time.perf_counter() - started:.1f} s")
            creds = tenant["credentials"]
            url = snippets.rest_url(vendor, server.base_url, creds)
            basic = creds.get("basic_auth")
            for _ in range(traffic):
                http.get(url, auth=tuple(basic) if basic else None, timeout=60)
            page = http.get(server.base_url + "/_emulator/data/users", timeout=60,
                            params={"tenant": tenant["name"], "offset": users - 1, "limit": 1}).json()
            last = page["rows"][0] if page["rows"] else {}
            needle = next((v for v in last.values() if isinstance(v, str) and "@" in v), "")
            key = last.get("id", 1)
            base = f"/data?vendor={vendor}&tenant={tenant['name']}&table=users"
            paths += [base, f"{base}&offset={users - 100}&limit=100", f"{base}&q={needle}",
                      f"{base}&q=no-such-user-anywhere", f"/data/{vendor}/{tenant['name']}/users/{key}",
                      f"/traffic?vendor={vendor}&status=2xx"]
        for path in paths:
            median, p95, status = _time(http, console.base_url + path, rounds)
            results.append({"page": path, "median_ms": round(median, 1), "p95_ms": round(p95, 1),
                            "status": status})
    finally:
        console.stop()
        for server in servers:
            server.stop()
        http.close()
    width = max(len(r["page"]) for r in results)
    print(f"{'page':<{width}}  status  median ms  p95 ms")
    for r in results:
        print(f"{r['page']:<{width}}  {r['status']:>6}  {r['median_ms']:>9}  {r['p95_ms']:>6}")
    return results


if __name__ == "__main__":
    bench_console()
