"""`make bench` figures for `serve --data-dir`: prints, never asserts.

- write throughput: one REST and one SCIM update per vendor, against `serve` in memory and with a data
  dir (every answered write committed to SQLite first), both running, in alternating rounds; 10,000-user
  tenants;
- start-up to ready on a data dir whose tenants hold 100,000 users each (made by a first start that
  seeds them, not timed).

Run alone: ``python -m benchmarks.persistence``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time

from emulator import vendors

from . import targets

PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def writes(name: str, base: str) -> list[tuple[str, str, str, dict[str, str], str]]:
    """(label, method, url, headers, body) of each write measured on a vendor: updates of one user, so every
    request is a real write of the same size however long the run."""
    http = targets._session()
    tenant = targets._tenant(base)
    creds = tenant["credentials"]
    basic = targets._basic(creds["basic_auth"])
    form = {**basic, "Content-Type": "application/x-www-form-urlencoded"}
    as_json = {**basic, "Content-Type": "application/json"}
    if name == "talentlms":
        rest = ("POST /api/v1/edituser", "POST", base + "/api/v1/edituser", form, "user_id=10&first_name=Bench")
        scim_root = creds.get("scim_base_url") or base + "/scim/v2"
    elif name == "skilljar":
        uid = http.get(base + "/v1/users?page=2&page_size=5", headers=basic, timeout=10).json()["results"][0]
        rest = ("PATCH /v1/users/{id}", "PATCH", f"{base}/v1/users/{uid['user']['id']}", as_json,
                json.dumps({"first_name": "Bench"}))
        scim_root = base + "/scim/v2"
    else:
        uid = http.get(base + "/api/v1/users?per_page=1&page=10", headers=basic, timeout=10).json()["users"][0]
        rest = ("PUT /api/v1/users/{id}", "PUT", f"{base}/api/v1/users/{uid['id']}", as_json,
                json.dumps({"name": "Bench User"}))
        scim_root = base + "/scim/v2"
    bearer = {"Authorization": f"Bearer {creds['scim_token']}", "Content-Type": "application/scim+json"}
    user = http.get(scim_root + "/Users?startIndex=10&count=1", headers=bearer, timeout=10).json()["Resources"][0]
    if name == "lessonly":  # its PATCH only (de)provisions (scim_rails): a PUT of the whole user instead
        body = {key: user[key] for key in ("schemas", "userName", "emails")}
        scim = ("PUT /scim/v2/Users/{id}", "PUT", f"{scim_root}/Users/{user['id']}", bearer,
                json.dumps({**body, "name": {**user["name"], "givenName": "Bench"}}))
    else:
        scim = ("PATCH /scim/v2/Users/{id}", "PATCH", f"{scim_root}/Users/{user['id']}", bearer,
                json.dumps({"schemas": [PATCH], "Operations": [{"op": "replace", "path": "name.givenName",
                                                                  "value": "Bench"}]}))
    return [rest, scim]


def write_rates(names: list[str], users: int, runs: int = 3) -> tuple[dict, dict]:
    """Requests per second of each write, in memory and with a data dir: (memory, persisted), medians.

    Both servers run at once (the same seeded tenants) and each write is measured in alternating rounds
    (memory, data dir, memory, ...), so a change in the machine's load moves both sides alike. Measured one
    server after the other, minutes apart, one write read 47% in one run and 84% in the next (session 5).
    """
    from .__main__ import free_port, start_serve, stop, wait_health, write_config
    from .load import ensure_wrk, python_load, wrk

    measure = wrk if ensure_wrk() else python_load
    config = write_config(names, users)
    data_dir = tempfile.mkdtemp(prefix="lms-bench-writes-")
    ports = {side: {n: free_port() for n in names} for side in ("memory", "persisted")}
    processes = []
    rates: dict[str, dict] = {"memory": {}, "persisted": {}}
    try:
        processes.append(start_serve(config, ports["memory"]))
        processes.append(start_serve(config, ports["persisted"], data_dir=data_dir))
        for side in ports:
            wait_health(ports[side], timeout=300)
        for name in names:
            sides = {side: writes(name, f"http://127.0.0.1:{ports[side][name]}") for side in ports}
            for index, (label, method, *_rest) in enumerate(sides["memory"]):
                rounds: dict[str, list[float]] = {side: [] for side in sides}
                for listed in sides.values():  # a second of each first (caches, the SQLite file)
                    _, _, url, headers, body = listed[index]
                    measure(url, headers, seconds=1, method=method, body=body)
                for _ in range(runs):
                    for side, listed in sides.items():
                        _, _, url, headers, body = listed[index]
                        rounds[side].append(measure(url, headers, seconds=4, method=method, body=body))
                for side in sides:
                    rates[side][(name, label)] = statistics.median(rounds[side])
    finally:
        for process in processes:
            stop(process)
        os.unlink(config)
        shutil.rmtree(data_dir, ignore_errors=True)
    return rates["memory"], rates["persisted"]


def startup_on_data_dir(names: list[str], users: int, runs: int = 5) -> dict:
    from .__main__ import free_port, start_serve, stop, wait_health, write_config
    from .processes import tree_cpu_seconds

    config = write_config(names, users)
    data_dir = tempfile.mkdtemp(prefix="lms-bench-data-")
    try:
        started = time.monotonic()
        store_tenants(config, names, data_dir)
        first = time.monotonic() - started
        size = sum(f.stat().st_size for f in os.scandir(data_dir))
        times, cpu = [], []
        for _ in range(runs):
            ports = {n: free_port() for n in names}
            started = time.monotonic()
            process = start_serve(config, ports, data_dir=data_dir)
            wait_health(ports, timeout=120)
            times.append(time.monotonic() - started)
            cpu.append(tree_cpu_seconds(process.pid))
            stop(process)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
        os.unlink(config)
    return {"median_s": statistics.median(times), "runs": [round(t, 2) for t in times], "first_s": first,
            "mb": size / 1e6, "cpu_s": statistics.median(cpu)}


def store_tenants(config_path: str, names: list[str], data_dir: str) -> None:
    """Seed and store every tenant of the config in ``data_dir`` (what a first `serve` does, done here
    because seeding 100,000-user tenants on a busy machine can outlast serve's 15 s readiness wait)."""
    from emulator.config import Config
    from emulator.core.emulator import Emulator

    config = Config.load(config_path)
    config.data_dir = data_dir
    for name in names:
        Emulator(vendors.get(name), config).close()


def figures(names: list[str], users: int = 10_000, startup_users: int = 100_000):
    """The lines to print, each as soon as it is measured."""
    memory, persisted = write_rates(names, users)
    yield (f"writes per second, in memory -> with --data-dir ({users:,} users; both served at once, median of 3 "
           "alternating rounds × 4 s each, 8 connections; target with a data dir >= 50% of in memory):")
    for (name, label), rate in memory.items():
        kept = persisted[(name, label)]
        yield f"  {name:<10} {label:<28} {rate:>7,.0f} -> {kept:>7,.0f}  ({kept / rate:.0%})"
    start = startup_on_data_dir(names, startup_users)
    yield (f"start-up to ready on a data dir with {startup_users:,} users in each vendor's tenant "
           f"({start['mb']:,.0f} MB): median {start['median_s']:.2f} s (runs {start['runs']}; target < 2 s), "
           f"{start['cpu_s']:.2f} CPU-s for every process together; seeding and storing them first, in-process: "
           f"{start['first_s']:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description="write rates and start-up with a data dir")
    parser.add_argument("--startup-only", action="store_true", help="only the start-up figure")
    names = list(vendors.available())
    if parser.parse_args().startup_only:
        start = startup_on_data_dir(names, 100_000)
        print(f"start-up on a data dir of 100,000 users per vendor: median {start['median_s']:.2f} s "
              f"(runs {start['runs']}; {start['cpu_s']:.2f} CPU-s; {start['mb']:,.0f} MB; stored first in "
              f"{start['first_s']:.1f} s)")
        return
    for line in figures(names):
        print(line, flush=True)


if __name__ == "__main__":
    main()
