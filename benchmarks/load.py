"""Load generation: wrk when present (Debian package `wrk`), else a keep-alive Python generator."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from urllib.parse import urlsplit


def ensure_wrk() -> str | None:
    """wrk's path; installs Debian's package when running as root on a machine without it."""
    path = shutil.which("wrk")
    if path is None and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "-qq", "wrk"], capture_output=True)
        path = shutil.which("wrk")
    return path


def wrk(url: str, headers: dict[str, str], seconds: float = 4, connections: int = 8, method: str = "GET",
        body: str | None = None) -> float:
    cmd = [ensure_wrk() or "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for key, value in headers.items():
        cmd += ["-H", f"{key}: {value}"]
    script = None
    if method != "GET" or body is not None:  # wrk takes a method and body only from a Lua script
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
            fh.write(f"wrk.method = {json.dumps(method)}\nwrk.body = {json.dumps(body or '')}\n")
        script = fh.name
        cmd += ["-s", script]
    try:
        out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout
    finally:
        if script:
            os.unlink(script)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise RuntimeError(f"{url}: {non2xx.group(1)} non-2xx answers under load:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def python_load(url: str, headers: dict[str, str], seconds: float = 4, connections: int = 8, method: str = "GET",
                body: str | None = None) -> float:
    parts = urlsplit(url)
    target = parts.path + (("?" + parts.query) if parts.query else "")
    counts = [0] * connections
    stop = time.monotonic() + seconds

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port)
        while time.monotonic() < stop:
            conn.request(method, target, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status >= 300:
                raise RuntimeError(f"{url}: status {response.status}")
            counts[i] += 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / seconds


def requests_per_second(url: str, headers: dict[str, str], runs: int = 3, seconds: float = 4, method: str = "GET",
                        body: str | None = None, connections: int = 8) -> tuple[float, str]:
    """Median req/s over ``runs`` runs, and the tool that measured it (a Lua script gives wrk the method and
    body of a write)."""
    tool = "wrk" if ensure_wrk() else "python"
    measure = wrk if tool == "wrk" else python_load
    measure(url, headers, seconds=1, method=method, body=body, connections=connections)  # warm-up
    return statistics.median(measure(url, headers, seconds=seconds, method=method, body=body,
                                     connections=connections) for _ in range(runs)), tool
