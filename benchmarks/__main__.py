"""`make bench`: start-up, seeding, reset and request rates, printed as medians.

Run on this machine as it is (2 shared cores): the load generator and the server share them, so
figures are conservative. Nothing here is asserted; tests never time anything.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator


from emulator import vendors

from . import instances, persistence, targets
from .load import ensure_wrk, requests_per_second
from .processes import free_port, process_tree, start_serve, stop, tree_cpu_seconds, tree_memory_mb, wait_health

ROOT = Path(__file__).resolve().parents[1]
USERS = 10_000
SEED_USERS = 100_000


def bench_startup(names: list[str], runs: int = 15) -> dict:
    """Seconds from starting `lms-emulator serve` to every vendor's health answering: median and quartiles of
    ``runs`` starts. 15, not 5: on these shared cores the five starts of one bench run spanned 0.291-0.343 s
    (session 7), and the same code ranged 0.27-0.37 s within an hour (docs/decisions/001-server.md)."""
    times, cpu = [], []
    for _ in range(runs):
        ports = {n: free_port() for n in names}
        started = time.monotonic()
        process = start_serve(None, ports)
        wait_health(ports)
        times.append(time.monotonic() - started)
        cpu.append(tree_cpu_seconds(process.pid))
        stop(process)
    quartiles = statistics.quantiles(times, n=4)
    return {"median_s": statistics.median(times), "quartiles_s": (quartiles[0], quartiles[2]),
            "runs": [round(t, 3) for t in times], "cpu_s": statistics.median(cpu)}


def bench_serve_rss(names: list[str], runs: int = 3) -> dict:
    """Memory (MB) of `lms-emulator serve` with the demo tenants, all its processes, once ready; medians.

    ``pss`` (proportional set size, /proc/PID/smaps_rollup) is what the process tree takes: a page shared by
    n processes counts 1/n in each. ``rss`` sums resident sets, so every page the forked servers share with
    the serve parent (the interpreter, Flask, Granian, the core's code) counts once per process.
    Issue #16's target (< 200 MB) is read on PSS; RSS is printed beside it.
    """
    rss, pss = [], []
    for _ in range(runs):
        ports = {n: free_port() for n in names}
        process = start_serve(None, ports)
        try:
            wait_health(ports)
            time.sleep(1)  # let start-up work that follows readiness settle
            tree = process_tree(process.pid)
            one_rss, one_pss = tree_memory_mb(process.pid)
            rss.append(one_rss)
            pss.append(one_pss)
        finally:
            stop(process)
    return {"rss": statistics.median(rss), "pss": statistics.median(pss), "processes": len(tree)}


def bench_seeding(name: str, users: int) -> dict:
    out = subprocess.run([sys.executable, "-m", "benchmarks.seeding", name, str(users)], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def bench_reset(name: str, users: int, runs: int = 30) -> dict:
    """Reset of one tenant: after a test that wrote a few rows, and back to back (decision 002)."""
    from emulator.config import Config, TenantConfig
    from emulator.server import build_emulator

    vendor = vendors.get(name)
    demo = vendor.demo_tenants()[0]
    tenant_config = TenantConfig(**{**demo.to_dict(), "sizes": {**demo.sizes, "users": users}})
    emulator = build_emulator(name, Config(tenants=[tenant_config]))
    figures = reset_figures(emulator.tenants.first(), runs)
    emulator.close()
    return figures


def _write_rows(tenant, count: int, round_: int) -> None:
    """What a test that writes leaves behind: ``count`` users changed (a text field each) and touched,
    spread over the table, through the Table API as every vendor's ops write."""
    import typing

    table = tenant.state.users
    spec = table.spec
    hints = typing.get_type_hints(spec.model)
    indexed = {spec.primary_key, *spec.unique, *spec.multi}
    field = next(name for name, hint in hints.items() if hint is str and name not in indexed)
    step = max(1, len(table) // (count + 1))
    with tenant.lock:
        for i in range(count):
            row = table.page((i + 1) * step - 1, 1)[0]
            table.update(row, **{field: f"changed {round_}"})
            table.touch(getattr(row, spec.primary_key))


def reset_figures(tenant, runs: int, writes: int = 3) -> dict:
    """Reset times of one tenant: the first; after a test that changed ``writes`` rows (median, max); back to
    back with nothing changed in between (what a read-only test leaves)."""
    started = time.perf_counter()
    tenant.reset()
    first = (time.perf_counter() - started) * 1000
    tenant.wait_spare()
    after_writes, back_to_back = [], []
    for round_ in range(runs):
        _write_rows(tenant, writes, round_)
        started = time.perf_counter()
        tenant.reset()
        after_writes.append((time.perf_counter() - started) * 1000)
    for _ in range(max(5, runs // 3)):
        started = time.perf_counter()
        tenant.reset()
        back_to_back.append((time.perf_counter() - started) * 1000)
    return {"median_ms": statistics.median(after_writes), "max_ms": max(after_writes),
            "back_to_back_ms": statistics.median(back_to_back), "first_ms": first}


def write_config(names: list[str], users: int) -> str:
    handle, path = tempfile.mkstemp(suffix=".toml")
    with os.fdopen(handle, "w") as fh:
        fh.write(config_text(names, users))
    return path


def config_text(names: list[str], users: int) -> str:
    """A TOML config: each vendor's demo tenant with ``users`` users and no rate limits."""
    lines = ["seed = 42"]
    for name in names:
        demo = vendors.get(name).demo_tenants()[0]
        lines += ["", "[[tenants]]"]
        for key, value in demo.to_dict().items():
            if key in ("sizes", "switches", "settings", "plan") or value is None:
                continue
            lines.append(f"{key} = {json.dumps(value)}")
        lines.append('plan = "unlimited"')
        lines.append("[tenants.sizes]")
        for key, value in {**demo.sizes, "users": users}.items():
            lines.append(f"{key} = {value}")
        for table in ("switches", "settings"):
            if getattr(demo, table):
                lines.append(f"[tenants.{table}]")
                for key, value in getattr(demo, table).items():
                    lines.append(f"{key} = {json.dumps(value)}")
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def serving(names: list[str], users: int) -> Iterator[dict[str, str]]:
    """`lms-emulator serve` with each vendor's demo tenant at ``users`` users: {vendor: base URL}."""
    ports = {n: free_port() for n in names}
    config_path = write_config(names, users)
    process = start_serve(config_path, ports)
    try:
        wait_health(ports, timeout=120)
        yield {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    finally:
        stop(process)
        os.unlink(config_path)


def bench_http(names: list[str], json_server=None) -> list[dict]:
    """Each vendor's request rates; a single GET is measured right after json-server at the same connection
    count (``json_server(connections)`` gives its req/s), so a busy machine slows both alike."""
    rows = []
    with serving(names, USERS) as bases:
        for name in names:
            for label, url, headers in targets.for_vendor(name, bases[name]):
                single = targets.is_single(label)
                for connections in targets.SINGLE_CONNECTIONS if single else (8,):
                    peer = json_server(connections) if single and json_server is not None else None
                    rps, tool = requests_per_second(url, headers, connections=connections)
                    rows.append({"vendor": name, "request": label, "req_per_s": rps, "tool": tool,
                                 "connections": connections, "peer": peer})
    return rows


def main() -> None:
    from rich.console import Console
    from rich.table import Table

    from . import latency, plugin_overhead, scale

    console = Console(width=max(Console().width, 140))  # a file or pipe gets 80 columns otherwise
    names = list(vendors.available())
    console.print(f"lms-emulator benchmarks on {os.cpu_count()} cores; vendors: {', '.join(names)}; "
                  f"load tool: {'wrk' if ensure_wrk() else 'python keep-alive generator'}")
    startup = bench_startup(names)
    low, high = startup["quartiles_s"]
    console.print(f"start-up to ready (all vendors, `lms-emulator serve`): median {startup['median_s']:.3f} s "
                  f"(quartiles {low:.3f}-{high:.3f} s, fastest {min(startup['runs']):.3f} s, "
                  f"{len(startup['runs'])} starts; target {targets.TARGETS['start']}); "
                  f"{startup['cpu_s']:.2f} CPU-s for every process together")
    memory = bench_serve_rss(names)
    console.print(f"memory of `lms-emulator serve` with the demo tenants, all {memory['processes']} processes "
                  f"(median of 3): PSS {memory['pss']:.0f} MB (target {targets.TARGETS['rss']}, on PSS); "
                  f"RSS summed {memory['rss']:.0f} MB (counts each page the forks share once per process)")

    table = Table(title=f"requests per second (median of 3 × 4 s, keep-alive; {USERS:,} users)")
    for col in ("vendor", "request", "conns", "req/s", "target", "tool"):
        table.add_column(col)
    with targets.json_server(USERS) as json_server:
        rows = bench_http(names, json_server)
    for row in rows:
        table.add_row(row["vendor"], row["request"], str(row["connections"]), f"{row['req_per_s']:,.0f}",
                      targets.target_for(row["request"], row["req_per_s"], row["peer"]), row["tool"])
    for connections in targets.SINGLE_CONNECTIONS:
        peers = [row["peer"] for row in rows if row["peer"] and row["connections"] == connections]
        if peers:
            table.add_row("json-server", targets.JSON_SERVER_REQUEST, str(connections),
                          f"{statistics.median(peers):,.0f}", f"median of {len(peers)}, each beside a row above", "wrk")
    console.print(table)
    if json_server is None:
        console.print("json-server: not measured (npm or the registry unavailable)")
    for line in latency.bench_latency(names, seconds=10, users=USERS):
        console.print(line)
    table = Table(title=f"seeding {SEED_USERS:,} users and resetting a {USERS:,}-user tenant")
    for col in ("vendor", "seed s", "users/s", "RSS MB", "reset after 3 writes ms (median)", "max",
                "back-to-back", "first"):
        table.add_column(col)
    for name in names:
        seeded = bench_seeding(name, SEED_USERS)
        reset = bench_reset(name, USERS)
        table.add_row(name, f"{seeded['seconds']:.2f}", f"{SEED_USERS / seeded['seconds']:,.0f}",
                      f"{seeded['rss_mb']:.0f}", f"{reset['median_ms']:.3f}", f"{reset['max_ms']:.3f}",
                      f"{reset['back_to_back_ms']:.3f}", f"{reset['first_ms']:.1f}")
    console.print(table)
    console.print("targets: 100,000 users seeded in < 5 s using < 300 MB; reset < 10 ms")
    for name in names:
        seeded = bench_seeding(name, scale.USERS)
        console.print(f"{name}: seeding {scale.USERS:,} users: {seeded['seconds']:.1f} s, {seeded['rss_mb']:.0f} MB "
                      f"(target {targets.TARGETS['seed_1m']})")
    for line in scale.lines(scale.bench_scale(names)):
        console.print(line)

    for name in names:
        for line in plugin_overhead.lines(name):
            console.print(line)
    extra = targets.extra_benchmarks(names)
    for line in extra:
        console.print(line)
    for line in persistence.figures(names):
        console.print(line)
    for line in instances.lines([1, 2, 4]):  # docs/decisions/006-scale-out.md
        console.print(line)


if __name__ == "__main__":
    main()
