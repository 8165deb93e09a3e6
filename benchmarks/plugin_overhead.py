"""What the pytest plugin costs a test suite (issue #16).

- per test: what the vendor fixture does before each test (reset every tenant, journal, faults,
  deliveries, clock; ``VendorHandle.reset``) after a test that made 3 requests, on a 10,000-user tenant;
- a suite: N generated plugin tests making 3 requests each, run by pytest in a fresh process: wall time, and
  the CPU time the process took (what a busy machine does not inflate). With ``PYTHONDONTWRITEBYTECODE``
  set, every run compiles (and pytest assertion-rewrites) the whole ``emulator`` package afresh: ~2.5 CPU-s.

Run: ``python -m benchmarks.plugin_overhead [--users N] [--tests N] [VENDOR]``. Prints, never asserts.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

USERS = 10_000
TESTS = 1_000
TARGETS = {"per_test": "< 2 ms median", "suite": "< 15 s for 1,000 tests"}
#: one cheap request per vendor, what a test typically makes
REQUESTS = {"talentlms": "/api/v1/users/id:5", "lessonly": "/api/v1/users/{id}", "skilljar": "/v1/users/{id}"}


def _config_text(name: str, users: int) -> str:
    from .__main__ import config_text

    return config_text([name], users)


def _path(name: str, handle) -> str:
    some = next(iter(handle.tenant.state.users))
    return REQUESTS[name].replace("{id}", str(some.id))


def per_test_ms(name: str, users: int, runs: int = 200) -> dict:
    """Median and p95 of the fixture's reset after 3 requests, through the plugin's own session."""
    from emulator.config_check import load
    from emulator.plugin import EmulatorSession

    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as fh:
        fh.write(_config_text(name, users))
    session = EmulatorSession(load(fh.name))
    os.unlink(fh.name)
    try:
        handle = session.vendor(name)
        handle.reset()
        url = handle.url(_path(name, handle))
        times = []
        for _ in range(runs):
            for _ in range(3):
                handle.http.get(url).raise_for_status()
            started = time.perf_counter()
            handle.reset()
            times.append((time.perf_counter() - started) * 1000)
    finally:
        session.close()
    times.sort()
    return {"median_ms": statistics.median(times), "p95_ms": times[int(len(times) * 0.95) - 1]}


TEST_FILE = '''
import pytest

@pytest.mark.parametrize("n", range({tests}))
def test_three_requests({name}, n):
    url = {name}.url({path!r})
    for _ in range(3):
        assert {name}.http.get(url).status_code == 200
'''


def suite_seconds(name: str, users: int, tests: int) -> dict:
    """Wall time of ``pytest`` running ``tests`` generated plugin tests (3 requests each)."""
    from emulator import vendors

    some_id = {"talentlms": 5}.get(name)
    if some_id is None:  # the seeded ids of the other vendors are salted: read one from a small seed
        from emulator.config import Config, TenantConfig
        from emulator.server import build_emulator

        demo = vendors.get(name).demo_tenants()[0]
        emulator = build_emulator(name, Config(tenants=[TenantConfig(**{**demo.to_dict(),
                                                                          "sizes": {**demo.sizes, "users": 10}})]))
        some_id = next(iter(emulator.tenants.first().state.users)).id
        emulator.close()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "emulator.toml").write_text(_config_text(name, users))
        (root / "pytest.ini").write_text("[pytest]\nlms_emulator_config = emulator.toml\n")
        path = REQUESTS[name].replace("{id}", str(some_id))
        (root / "test_generated.py").write_text(TEST_FILE.format(tests=tests, name=name, path=path))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:xdist",
                                 "-p", "no:cacheprovider", "test_generated.py"], cwd=root, capture_output=True,
                                text=True)
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise RuntimeError(result.stdout[-2000:] + result.stderr[-2000:])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"seconds": seconds, "cpu_seconds": cpu, "tests": tests}


def lines(name: str, users: int = USERS, tests: int = TESTS) -> list[str]:
    per = per_test_ms(name, users)
    suite = suite_seconds(name, users, tests)
    return [f"pytest plugin, {name}, {users:,}-user tenant: reset before each test (after 3 requests) median "
            f"{per['median_ms']:.2f} ms, p95 {per['p95_ms']:.2f} ms (target: {TARGETS['per_test']}); "
            f"{suite['tests']:,} tests × 3 requests in {suite['seconds']:.1f} s wall ({suite['cpu_seconds']:.1f} s "
            f"CPU), pytest start-up included (target: {TARGETS['suite']}); load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vendor", nargs="?", default="talentlms")
    parser.add_argument("--users", type=int, default=USERS)
    parser.add_argument("--tests", type=int, default=TESTS)
    args = parser.parse_args()
    for line in lines(args.vendor, args.users, args.tests):
        print(line)


if __name__ == "__main__":
    main()
