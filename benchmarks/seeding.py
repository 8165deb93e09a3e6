"""Seeding rate and memory for one vendor, in a fresh process: `python -m benchmarks.seeding VENDOR N`.

Prints one JSON line: ``seconds`` (wall) and ``cpu_s`` (this process's CPU time, the figure to compare on a
shared machine) for the seed alone, ``rss_mb`` it added, ``baseline_s`` for the reset baseline a tenant
pickles right after seeding (``State.dumps_chunks``), and ``snapshot_s`` / ``unpickle_s`` for a snapshot.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(vendor_name: str, users: int) -> None:
    from emulator import vendors
    from emulator.config import TenantConfig
    from emulator.core.seeding import Seeder

    vendor = vendors.get(vendor_name)
    demo = vendor.demo_tenants()[0]
    config = TenantConfig(**{**demo.to_dict(), "sizes": {**demo.sizes, "users": users}})
    sizes = {**vendor.default_sizes, **config.sizes}
    seeder = Seeder(42, vendor.name, config.name)
    _ = seeder.first_names, seeder.last_names, seeder.words  # Faker's own start-up is not seeding
    before = rss_mb()
    state = vendor.state_class()
    started, cpu = time.perf_counter(), time.process_time()
    vendor.seed(state, seeder, sizes, config)
    seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu
    after = rss_mb()
    started = time.perf_counter()
    chunks = state.dumps_chunks()
    baseline_s = time.perf_counter() - started
    del chunks
    started = time.perf_counter()
    blob = state.dumps()
    snapshot_s = time.perf_counter() - started
    started = time.perf_counter()
    type(state).loads(blob)
    restore_s = time.perf_counter() - started
    print(json.dumps({"vendor": vendor_name, "users": users, "seconds": seconds, "cpu_s": cpu_s,
                      "rss_mb": after - before, "counts": state.counts(), "baseline_s": baseline_s,
                      "snapshot_s": snapshot_s, "unpickle_s": restore_s}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
