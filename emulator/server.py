"""Serving: one WSGI app per enabled vendor, each on its own port.

Two ways, one app:

* ``serve()`` (the CLI, the Dockerfile): one Granian process per vendor (Rust HTTP, one worker so a
  vendor's state lives in one process, a few blocking threads). Measured on this 2-core machine with
  wrk and keep-alive, a Flask JSON route answered ~8,900 req/s under Granian against ~2,300 under
  Waitress, so Granian is the production server (see docs/decisions/001-server.md).
* ``InProcessServer`` (the pytest plugin): Waitress in a thread of the test process on an ephemeral
  port, ready in milliseconds, stopped cleanly, and the tests can reach the Python objects.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

import requests

from . import vendors as vendor_registry
from .config import Config
from .core.emulator import Emulator

ENV_VENDOR = "LMS_EMULATOR_VENDOR"
ENV_CONFIG = "LMS_EMULATOR_CONFIG"
ENV_BASE_URL = "LMS_EMULATOR_BASE_URL"


def enabled_vendors(config: Config) -> list[str]:
    built = vendor_registry.built()
    if config.vendors is None:
        return built
    unknown = [v for v in config.vendors if v not in built]
    if unknown:
        raise ValueError(f"unknown or unbuilt vendors {unknown}; available: {built}")
    return [v for v in built if v in config.vendors]


def port_for(config: Config, name: str) -> int:
    return config.ports.get(name, vendor_registry.default_port(name))


def build_emulator(name: str, config: Config, base_url: str = "") -> Emulator:
    emulator = Emulator(vendor_registry.get(name), config)
    emulator.base_url = base_url
    return emulator


# --- Granian (production) -------------------------------------------------------------------

def granian_app():
    """Granian factory: builds the vendor app named in the environment (set by :func:`serve`)."""
    config = Config.from_dict(json.loads(os.environ[ENV_CONFIG]))
    emulator = build_emulator(os.environ[ENV_VENDOR], config, os.environ.get(ENV_BASE_URL, ""))
    return emulator.app


@dataclass
class Running:
    vendor: str
    host: str
    port: int
    process: subprocess.Popen

    @property
    def base_url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        return f"http://{host}:{self.port}"


def start_granian(config: Config, threads: int = 4) -> list[Running]:
    running = []
    for name in enabled_vendors(config):
        port = port_for(config, name)
        display_host = "127.0.0.1" if config.host in ("0.0.0.0", "") else config.host
        env = dict(os.environ, **{ENV_VENDOR: name, ENV_CONFIG: json.dumps(config.to_dict()),
                                  ENV_BASE_URL: f"http://{display_host}:{port}"})
        cmd = [sys.executable, "-m", "granian", "--interface", "wsgi", "--factory",
               "--host", config.host, "--port", str(port), "--workers", "1",
               "--blocking-threads", str(threads), "--log-level", "warning", "--no-access-log",
               "emulator.server:granian_app"]
        process = subprocess.Popen(cmd, env=env, start_new_session=True)
        running.append(Running(name, config.host, port, process))
    return running


def wait_ready(running: list[Running], timeout: float = 15.0) -> float:
    """Poll each vendor's health until all answer 200; returns seconds waited."""
    started = time.monotonic()
    pending = list(running)
    session = requests.Session()
    session.trust_env = False
    while pending:
        for item in list(pending):
            if item.process.poll() is not None:
                raise RuntimeError(f"{item.vendor} server exited with code {item.process.returncode}")
            try:
                if session.get(item.base_url + "/_emulator/health", timeout=0.5).status_code == 200:
                    pending.remove(item)
            except requests.RequestException:
                pass
        if pending:
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"not ready after {timeout}s: {[p.vendor for p in pending]}")
            time.sleep(0.01)
    return time.monotonic() - started


def stop_all(running: list[Running], timeout: float = 5.0) -> None:
    for item in running:
        if item.process.poll() is None:
            try:
                os.killpg(item.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + timeout
    for item in running:
        try:
            item.process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(item.process.pid, signal.SIGKILL)
            item.process.wait()


def check_ports_free(config: Config) -> None:
    for name in enabled_vendors(config):
        port = port_for(config, name)
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((config.host, port))
            except OSError as exc:
                raise RuntimeError(f"port {port} for {name} is taken ({exc}); pick another with "
                                   f"--{name}-port") from exc


# --- Waitress in a thread (tests) -----------------------------------------------------------

class InProcessServer:
    """One vendor's app served by Waitress from a thread of this process."""

    def __init__(self, emulator: Emulator, host: str = "127.0.0.1", port: int = 0, threads: int = 4) -> None:
        from waitress import create_server

        self.emulator = emulator
        self._server = create_server(emulator.app, host=host, port=port, threads=threads,
                                     ident="lms-emulator", clear_untrusted_proxy_headers=True,
                                     channel_timeout=30, cleanup_interval=5)
        self.host = host
        self.port = self._server.effective_port
        self.base_url = f"http://{host}:{self.port}"
        emulator.base_url = self.base_url
        self._thread = threading.Thread(target=self._run, daemon=True,
                                        name=f"lms-emulator-{emulator.vendor.name}")

    def _run(self) -> None:
        try:
            self._server.run()
        except (OSError, ValueError):
            pass  # closed under us by stop()

    def start(self) -> "InProcessServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.close()
        self.emulator.close()
        self._thread.join(timeout=5)


# --- start-up report and console ------------------------------------------------------------

def fetch_tenants(running: list[Running]) -> dict[str, tuple[str, list[dict]]]:
    session = requests.Session()
    session.trust_env = False
    out = {}
    for item in running:
        listing = session.get(item.base_url + "/_emulator/tenants", timeout=5).json()
        out[item.vendor] = (listing.get("title", item.vendor), listing["tenants"])
    return out


def start_console(config: Config, running: list[Running]):
    """Start the console in this process when it is built and not turned off (port 0)."""
    if not config.console_port:
        return None
    try:
        from .console import serve_console
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("emulator.console"):
            return None
        raise
    return serve_console({r.vendor: r.base_url for r in running}, config.host, config.console_port)


def print_table(config: Config, running: list[Running], console, ready_seconds: float) -> None:
    """One block per vendor and tenant, one credential per line (copyable; never wrapped)."""
    from rich.console import Console

    out = Console(soft_wrap=True, highlight=False)
    out.print(f"[bold]lms-emulator ready in {ready_seconds:.2f} s[/bold] (seed {config.seed})")
    for vendor, (title, tenants) in fetch_tenants(running).items():
        base = next(r.base_url for r in running if r.vendor == vendor)
        for tenant in tenants:
            out.print(f"\n[bold cyan]{title}[/bold cyan]  {base}  (tenant {tenant['name']!r}, plan {tenant['plan']})")
            creds = dict(tenant.get("credentials", {}))
            basic = creds.pop("basic_auth", None)
            for key, value in creds.items():
                out.print(f"  {key:<12} {value}")
            if basic:
                out.print(f"  {'basic auth':<12} user {basic[0]!r}, password {basic[1]!r}")
    if console is not None:
        out.print(f"\n[bold]Console[/bold]  {console.base_url}/")
    out.print("Control API: <base URL>/_emulator/ (health, reset, seed, state, tenants, journal, faults, clock)")
    out.print("Stop with Ctrl-C.")
    sys.stdout.flush()
