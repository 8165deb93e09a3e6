"""Real `lms-emulator serve --data-dir` processes for the persistence tests: start, wait, kill -9."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from emulator import vendors

NAMES = list(vendors.available())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def session() -> requests.Session:
    out = requests.Session()
    out.trust_env = False
    return out


def write_config(path: Path, users: int = 20) -> Path:
    """One tenant per vendor, no rate limits (the writers would otherwise spend the kill rounds on 429s)."""
    lines = []
    for name in NAMES:
        lines += ["[[tenants]]", f'vendor = "{name}"', 'name = "kill"', 'plan = "unlimited"',
                  "[tenants.sizes]", f"users = {users}", ""]
    path.write_text("\n".join(lines))
    return path


class Serve:
    """``lms-emulator serve`` on free ports with a data dir, in its own session."""

    def __init__(self, data_dir: Path, config: Path | None = None, ports: dict[str, int] | None = None) -> None:
        self.ports = ports or {name: free_port() for name in NAMES}
        env = dict(os.environ, LMS_EMULATOR_NO_CONSOLE="1", LMS_EMULATOR_DATA_DIR=str(data_dir),
                   **{f"LMS_EMULATOR_{n.upper()}_PORT": str(p) for n, p in self.ports.items()})
        argv = [str(Path(sys.executable).parent / "lms-emulator"), "serve"]
        if config is not None:
            argv += ["--config", str(config)]
        self.process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        start_new_session=True)

    def base(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def wait_ready(self, timeout: float = 90) -> None:
        http = session()
        deadline = time.monotonic() + timeout
        pending = set(self.ports)
        while pending:
            if self.process.poll() is not None:
                raise AssertionError(f"serve exited {self.process.returncode}: {self.process.stderr.read().decode()}")
            for name in list(pending):
                try:
                    if http.get(self.base(name) + "/_emulator/health", timeout=1).status_code == 200:
                        pending.discard(name)
                except requests.RequestException:
                    pass
            assert time.monotonic() < deadline, f"not ready: {pending}"
            time.sleep(0.05)

    def kill9(self) -> None:
        """SIGKILL the serve process and every process under it (the servers run in their own sessions)."""
        for pid in [*descendants(self.process.pid), self.process.pid]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait(10)
        self.process.stderr.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill9()
                return
        self.process.stderr.close()


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (Linux /proc), deepest last."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out
