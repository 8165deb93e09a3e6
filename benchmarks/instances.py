"""What one more emulator instance costs (docs/decisions/006-scale-out.md): N `lms-emulator serve` started at
once, as N CI jobs on one runner would, each with every vendor and its demo tenants and no console.

Prints, for each N: the wall time until every instance answers health on every vendor, and the memory of
one instance, as resident (RSS, shared pages counted in every process) and proportional (PSS, shared
pages split between the processes sharing them: the figure that adds up across instances).

    python -m benchmarks.instances [N ...]     (default 1 2 4)
"""

from __future__ import annotations

import statistics
import sys
import time

from emulator import vendors

from .processes import free_port, start_serve, stop, tree_memory_mb, wait_health


def instances(count: int) -> dict:
    names = list(vendors.available())
    all_ports = [{n: free_port() for n in names} for _ in range(count)]
    started = time.monotonic()
    processes = [start_serve(None, ports) for ports in all_ports]
    try:
        for ports in all_ports:
            wait_health(ports, timeout=120)
        ready = time.monotonic() - started
        time.sleep(1)  # start-up work that follows readiness settles
        memory = [tree_memory_mb(p.pid) for p in processes]
    finally:
        for process in processes:
            stop(process)
    return {"instances": count, "ready_s": ready, "rss_mb": statistics.median(m[0] for m in memory),
            "pss_mb": statistics.median(m[1] for m in memory)}


def lines(counts: list[int]) -> list[str]:
    out = []
    for count in counts:
        figures = instances(count)
        out.append(f"{count} instance(s) of `serve` started at once: all ready in {figures['ready_s']:.2f} s; "
                   f"one instance {figures['rss_mb']:.0f} MB RSS, {figures['pss_mb']:.0f} MB PSS")
    return out


if __name__ == "__main__":
    for line in lines([int(a) for a in sys.argv[1:]] or [1, 2, 4]):
        print(line)
