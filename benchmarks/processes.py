"""Starting and stopping `lms-emulator serve` for the benchmarks, and the processes it runs."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cli() -> str:
    return str(Path(sys.executable).parent / "lms-emulator")


def start_serve(config_path: str | None, ports: dict[str, int], data_dir: str | None = None) -> subprocess.Popen:
    env = dict(os.environ, **{f"LMS_EMULATOR_{n.upper()}_PORT": str(p) for n, p in ports.items()},
               LMS_EMULATOR_NO_CONSOLE="1", LMS_EMULATOR_VENDORS=",".join(ports),
               LMS_EMULATOR_DATA_DIR=data_dir or "")
    cmd = [cli(), "serve"] + (["--config", config_path] if config_path else [])
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def wait_health(ports: dict[str, int], timeout: float = 60) -> float:
    """Seconds until every port's ``/_emulator/health`` answers 200, probed every 5 ms.

    A probe is a bare ``http.client`` GET: a refused connection costs microseconds. (With a requests
    Session each probe cost ~1-2 ms of CPU, and waiting for a start-up took 0.2-0.4 CPU-s of the 2 cores
    the servers being timed were starting on.)
    """
    started = time.monotonic()
    pending = dict(ports)
    while pending:
        for name, port in list(pending.items()):
            if _healthy(port):
                del pending[name]
        if pending:
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"not ready: {list(pending)}")
            time.sleep(0.005)
    return time.monotonic() - started


def _healthy(port: int) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=0.5)
    try:
        conn.request("GET", "/_emulator/health")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(20)


def process_tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def tree_cpu_seconds(root: int) -> float:
    """CPU time (user + system) a process and everything below it have used so far (Linux /proc): a start-up
    figure that other load on the machine inflates less than it does wall time."""
    ticks = 0
    for pid in process_tree(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime + stime
    return ticks / os.sysconf("SC_CLK_TCK")


def tree_memory_mb(root: int) -> tuple[float, float]:
    """(RSS, PSS) in MB of a process and everything below it. RSS counts a page shared by n processes n
    times; PSS counts 1/n of it in each, so PSS is what the tree really takes and adds up across trees."""
    tree = process_tree(root)
    return (sum(_smaps_kb(pid, "Rss") for pid in tree) / 1024, sum(_smaps_kb(pid, "Pss") for pid in tree) / 1024)


def _smaps_kb(pid: int, key: str) -> int:
    """One total of /proc/PID/smaps_rollup (``Rss``, ``Pss``...) in kB; 0 when the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
