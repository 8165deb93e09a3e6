"""A million-user tenant: the first vs the last page of the users list, and reset (issue #16).

Each vendor is built in a fresh process (its state alone holds the memory), then its app is called as a
WSGI server would call it, so the figures are the emulator's own cost per request (no socket).

Run: ``python -m benchmarks.scale [--users N] [VENDOR ...]``. Prints, never asserts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
USERS = 1_000_000
TARGETS = {"pages": "same cost (O(page))", "reset": "< 10 ms; back to back never waits longer than one reset"}

#: (first page, last page) of the users list, given the tenant's user count
PAGES = {
    "talentlms": lambda n: ("/api/v1/users/page_size:100,page_number:1",
                            f"/api/v1/users/page_size:100,page_number:{-(-n // 100)}"),
    "lessonly": lambda n: ("/api/v1/users?page=1&per_page=50", f"/api/v1/users?page={-(-n // 50)}&per_page=50"),
    "skilljar": lambda n: ("/v1/users?page=1&page_size=100", f"/v1/users?page={-(-n // 100)}&page_size=100"),
}


def _per_request_us(app, environs: list[dict], runs: int = 5, calls: int = 50) -> list[float]:
    """Median µs per request of each environ, their batches taking turns, so a slow moment of the machine
    falls on both pages alike (timed one after the other, the first page once read 289 µs against 159 µs
    for the last; timed again in the order first, last, first, last: 167, 165, 236, 236)."""
    from .pipeline import call

    for environ in environs:
        call(app, environ)
    times: list[list[float]] = [[] for _ in environs]
    for _ in range(runs):
        for environ, out in zip(environs, times, strict=True):
            started = time.perf_counter()
            for _ in range(calls):
                call(app, environ)
            out.append((time.perf_counter() - started) / calls * 1e6)
    return [statistics.median(out) for out in times]


def measure(name: str, users: int) -> dict:
    """In this process: seed ``users`` users, time the first and last page, then resets."""
    from werkzeug.test import EnvironBuilder

    from .__main__ import reset_figures
    from .pipeline import app_and_headers

    started = time.perf_counter()
    emulator, headers, _ = app_and_headers(name, users)
    out = {"vendor": name, "users": users, "build_s": time.perf_counter() - started}
    environs = []
    for target in PAGES[name](users):
        path, _, query = target.partition("?")
        environs.append(EnvironBuilder(path=path, query_string=query, headers=headers,
                                       base_url="http://127.0.0.1:8080").get_environ())
    out["first_us"], out["last_us"] = _per_request_us(emulator.app, environs)
    out.update(reset_figures(emulator.tenants.first(), runs=10))
    emulator.close()
    return out


def bench_scale(names: list[str], users: int = USERS) -> list[dict]:
    rows = []
    for name in names:
        result = subprocess.run([sys.executable, "-m", "benchmarks.scale", "--one", name, "--users", str(users)],
                                cwd=ROOT, capture_output=True, text=True)
        if result.returncode != 0:
            rows.append({"vendor": name, "users": users, "error": result.stderr.strip().splitlines()[-1:]})
            continue
        rows.append(json.loads(result.stdout.strip().splitlines()[-1]))
    return rows


def lines(rows: list[dict]) -> list[str]:
    out = []
    for row in rows:
        if "error" in row:
            out.append(f"{row['vendor']}: {row['users']:,} users: failed: {row['error']}")
            continue
        out.append(f"{row['vendor']}: {row['users']:,} users (built in {row['build_s']:.1f} s): first page "
                   f"{row['first_us']:,.0f} µs, last page {row['last_us']:,.0f} µs per request (target: "
                   f"{TARGETS['pages']}); reset after 3 row writes median {row['median_ms']:.3f} ms, max "
                   f"{row['max_ms']:.3f} ms, back to back {row['back_to_back_ms']:.3f} ms, "
                   f"first {row['first_ms']:.1f} ms "
                   f"(target: {TARGETS['reset']})")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vendors", nargs="*")
    parser.add_argument("--users", type=int, default=USERS)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # the child process: one vendor, JSON out
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.users)))
        return
    from emulator import vendors

    for line in lines(bench_scale(args.vendors or list(vendors.available()), args.users)):
        print(line)


if __name__ == "__main__":
    main()
