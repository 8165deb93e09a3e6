"""Serving: one WSGI app per enabled vendor, each on its own port.

Two ways, one app:

* ``serve()`` (the CLI, the Dockerfile): one process per vendor running Granian's server on its event
  loop (Rust HTTP; one process, so a vendor's state lives in one place). Measured on this 2-core machine
  with wrk and keep-alive, a Flask JSON route answered ~8,900 req/s under Granian against ~2,300 under
  Waitress, so Granian is the production server. It serves through its RSGI interface and
  :mod:`emulator.bridge`, which reads each body under a deadline before a thread runs the app (see
  docs/decisions/001-server.md).
* ``InProcessServer`` (the pytest plugin): Waitress in a thread of the test process on an ephemeral
  port, ready in milliseconds, stopped cleanly, and the tests can reach the Python objects.
"""

from __future__ import annotations

import gc
import http.client
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from . import vendors as vendor_registry
from .config import Config
from .tls import Tls
from .waitress_thread import WaitressThread

if TYPE_CHECKING:  # imported in the server processes (the serve parent imports the core only in preload)
    from .core.emulator import Emulator



def enabled_vendors(config: Config) -> list[str]:
    built = vendor_registry.built()
    if config.vendors is None:
        return built
    unknown = [v for v in config.vendors if v not in built]
    if unknown:
        raise ValueError(f"unknown or unbuilt vendors {unknown}; available: {built}")
    return [v for v in built if v in config.vendors]


def vendor_subset(text: str) -> list[str]:
    """``--vendors talentlms,lessonly`` as a list; ValueError (one line, the allowed names) when one is unknown."""
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [n for n in names if n not in vendor_registry.built()]
    if not names or unknown:
        raise ValueError(f"--vendors = {text!r}: allowed {', '.join(vendor_registry.built())} "
                         f"(comma-separated, lower case)" + (f"; {unknown[0]!r} is none of them" if unknown else ""))
    return names


def port_for(config: Config, name: str) -> int:
    return config.ports.get(name, vendor_registry.default_port(name))


def build_emulator(name: str, config: Config, base_url: str = "") -> "Emulator":
    from .core.emulator import Emulator

    emulator = Emulator(vendor_registry.get(name), config)
    emulator.base_url = base_url
    return emulator


# --- Granian (production) -------------------------------------------------------------------

class QuietDrops(logging.Filter):
    """Leaves out the server's error record for a connection a fault rule dropped on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        from .core.app import DroppedConnection

        error = record.exc_info[1] if record.exc_info else None  # Waitress logs the exception
        # Granian logs the traceback as text
        return not (isinstance(error, DroppedConnection) or "DroppedConnection: " in record.getMessage())


def quiet(target: logging.Filterer) -> None:
    """Add :class:`QuietDrops` to a logger or handler once (servers are started many times in tests)."""
    if not any(isinstance(f, QuietDrops) for f in target.filters):
        target.addFilter(QuietDrops())


def die_with_parent() -> None:
    """End this process when the one that started it dies, even by ``kill -9``.

    Linux: ``prctl(PR_SET_PDEATHSIG, SIGKILL)``, so the kernel kills us the moment the parent exits
    (a signal handler could not help: SIGKILL runs none). Elsewhere: a daemon thread that notices the
    parent is gone (we are re-parented) and exits. Each vendor's server calls this, so killing serve
    takes every server down and frees its port.
    """
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # the parent died before prctl took effect
                os._exit(1)
            return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="lms-emulator-parent-watch").start()


def vendor_bridge(name: str, config: Config, base_url: str = "", threads: int = 2,
                  body_timeout: float | None = None):
    """The vendor's app behind the RSGI bridge Granian serves (:func:`_serve_forever`), answer memo on."""
    from .bridge import BODY_TIMEOUT_S, RsgiBridge
    from .core.app import MAX_BODY_BYTES, DroppedConnection

    emulator = build_emulator(name, config, base_url)
    if not os.environ.get("LMS_EMULATOR_NO_ANSWER_MEMO"):
        # here every change arrives as a request or a table write, so repeated reads can be replayed
        from .core.memo import AnswerMemo

        emulator.memo = AnswerMemo()
    # at most --threads vendor requests run at once: the bridge queues the others, holding no thread
    return RsgiBridge(emulator.app, threads, MAX_BODY_BYTES,
                      body_timeout=BODY_TIMEOUT_S if body_timeout is None else body_timeout,
                      drop_error=DroppedConnection, inline=lambda: not emulator.faults.active())


class Child:
    """A forked server process, with the part of ``subprocess.Popen``'s interface serve uses, and the read
    end of the pipe on which it says why it could not start (a ConfigError's one line)."""

    def __init__(self, pid: int, errors: int | None = None) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._errors = errors

    def error(self) -> str:
        """The child's start-up error, once it has exited ("" when it gave none)."""
        if self._errors is None:
            return ""
        chunks = []
        while chunk := os.read(self._errors, 65536):
            chunks.append(chunk)
        self.close()
        return b"".join(chunks).decode("utf-8", "replace")

    def close(self) -> None:
        if self._errors is not None:
            os.close(self._errors)
            self._errors = None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"pid {self.pid}", timeout)
            time.sleep(0.01)
        return self.returncode


@dataclass
class Running:
    vendor: str
    host: str
    port: int
    process: Child
    tls: Tls | None = None

    @property
    def base_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{display_host(self.host)}:{self.port}"


def display_host(host: str) -> str:
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else host


def _preload() -> None:
    """Import what every server process needs once, here, so each forked child starts warm.

    Three servers each importing Flask, Granian and the core cost ~1.5 CPU-seconds on start-up; imported
    once before forking it is ~0.3 s. The seeding's word lists (:mod:`emulator.core.wordlists`, kept so that
    Faker itself need not be imported) and the bridge are loaded here too (each child imported them again
    after the fork), and URL builders are compiled only when used
    (:mod:`emulator.lazy_rules`). Each vendor's own modules are imported by its server process, after the
    fork: only that process uses them, and the three imports then run on both cores at once
    (docs/decisions/001-server.md, start-up). The cyclic GC is off while they load: its passes over the
    new (and all permanent) objects cost ~7% of the import time.
    """
    gc.disable()
    import ctypes  # noqa: F401 - die_with_parent's prctl, in every server process
    import encodings.idna  # noqa: F401 - the codec a socket call with a host name loads (each server did)

    import granian.server.embed  # noqa: F401

    from . import bridge  # noqa: F401
    from .core import app, emulator  # noqa: F401
    from .core.wordlists import word_list
    from .lazy_rules import use_lazy_builders

    use_lazy_builders()
    word_list("jobs")  # Faker's word lists the seeding draws from, from the cache (Faker itself is not imported)
    # Everything imported so far is shared with the forked servers page for page as long as nobody writes
    # to it; a cyclic-GC pass in a child writes to every object it scans (each page becomes a private copy).
    # Frozen objects are never scanned, so they stay shared (memory: docs/decisions/002-state-reset-and-limits.md).
    gc.freeze()
    gc.enable()


def _serve_forever(name: str, config: Config, port: int, threads: int, tls: Tls | None,
                   body_timeout: float, errors: int) -> None:
    """In the forked child: Granian's server on this process's event loop, serving the vendor's app.

    First the vendor's modules and, with a data dir, a check of its file (layout, tables, not in use): a
    ConfigError is written to ``errors`` for the parent to print as one line, and the child leaves with
    code 2. Granian runs embedded (:mod:`granian.server.embed`): its default server would fork a worker
    process of its own, and that fork, the worker's start and a second process per vendor cost ~30 ms of a
    start on two cores, with the same request rates either way (docs/decisions/001-server.md, "Revisited
    (session 7)"). SIGTERM and SIGINT stop it gracefully: requests in flight are answered first.
    """
    from .config import ConfigError

    gc.disable()  # as in _preload: modules that live as long as the process, no garbage to find
    try:
        vendor = vendor_registry.get(name)
        if config.data_dir:
            from .core.persist import check_data_dir as check_file

            check_file(config.data_dir, vendor)
    except ConfigError as exc:
        os.write(errors, str(exc).encode())
        os._exit(2)
    os.close(errors)
    scheme = "https" if tls else "http"
    # the seeded tenants and the app live as long as the process: with the collector still off they are
    # built ~5 ms sooner (Skilljar), and it finds no garbage in them (decision 001, session 7). Frozen before
    # the collector is back on, with the vendor's modules: enabled first, its next allocation ran a young
    # pass over all of it that found nothing (6 ms of Skilljar's demo start, 20 ms at 10,000 users).
    bridge = vendor_bridge(name, config, f"{scheme}://{display_host(config.host)}:{port}", threads, body_timeout)
    gc.freeze()
    gc.enable()
    from granian.constants import Interfaces
    from granian.log import LogLevels, logger
    from granian.server.embed import Server

    ssl = {"ssl_cert": Path(tls.cert), "ssl_key": Path(tls.key)} if tls else {}
    # backlog 1024 (and so up to 1,024 requests in flight): what Granian's default server used; the
    # embedded one defaults to 128
    server = Server(bridge, address=config.host, port=port, interface=Interfaces.RSGI, backlog=1024,
                    log_level=LogLevels.warning, log_access=False, **ssl)
    logger.addFilter(_not_experimental)  # Granian says so at every start; decision 001 says why it is used
    import asyncio

    async def run() -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, server.stop)
        await server.serve()

    # uvloop (a dependency where it builds): once repeated reads were replayed from the answer memo, asyncio's
    # cross-thread wake-up per request was the largest cost left in a server (decisions 001 and 007)
    if _uvloop():
        import uvloop

        uvloop.run(run())
    else:
        asyncio.run(run())


def _not_experimental(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("Embedded server is experimental")


def _uvloop() -> bool:
    """Whether uvloop is importable (not on Windows, where it does not build; asyncio's loop then)."""
    import importlib.util

    return importlib.util.find_spec("uvloop") is not None


def start_granian(config: Config, threads: int = 2, tls: Tls | None = None,
                  body_timeout: float | None = None) -> list[Running]:
    """Fork one server process per enabled vendor (the Dockerfile's `serve` runs this); over HTTPS
    with ``tls``; a request body not in after ``body_timeout`` seconds is answered 408."""
    from .bridge import BODY_TIMEOUT_S

    body_timeout = BODY_TIMEOUT_S if body_timeout is None else body_timeout
    names = enabled_vendors(config)
    _preload()
    running = []
    for name in names:
        port = port_for(config, name)
        sys.stdout.flush()
        sys.stderr.flush()
        errors, error_out = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: its own session, so stop_all can signal its whole process group
            code = 0
            os.close(errors)
            for earlier in running:  # the read ends of the servers forked before this one are not ours
                earlier.process.close()
            try:
                os.setsid()
                die_with_parent()  # the parent's own death (kill -9 included) ends this server too
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                _serve_forever(name, config, port, threads, tls, body_timeout, error_out)
            except BaseException:  # noqa: BLE001 - report and leave, never return into the parent's code
                import traceback

                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        os.close(error_out)
        running.append(Running(name, config.host, port, Child(pid, errors), tls))
    return running


def wait_ready(running: list[Running], timeout: float = 15.0) -> float:
    """Poll each vendor's health until all answer 200; returns seconds waited."""
    started = time.monotonic()
    pending = list(running)
    while pending:
        for item in list(pending):
            if item.process.poll() is not None:
                raise RuntimeError(item.process.error()
                                   or f"{item.vendor} server exited with code {item.process.returncode}")
            if _get(item.base_url + "/_emulator/health", timeout=0.5, tls=item.tls)[0] == 200:
                item.process.close()
                pending.remove(item)
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
        item.process.close()


def check_data_dir(config: Config) -> str:
    """The data dir as an absolute path, created if missing and writable (a ConfigError line otherwise).
    Each vendor's file in it is checked by that vendor's server process as it starts (:func:`_serve_forever`:
    the parent imports no vendor), which sends a ConfigError back as one line too."""
    from .core.persist.db import check

    return str(check(config.data_dir))


def check_ports_free(config: Config) -> None:
    """Every port is in range and free; a vendor port of 0 becomes a free one the system picks (the banner
    prints it), the same meaning 0 has for the console, ``replay --port`` and the pytest plugin."""
    for name in enabled_vendors(config):
        port = _port_in_range(port_for(config, name), f"--{name}-port", f"LMS_EMULATOR_{name.upper()}_PORT",
                              f"[ports] {name}")
        config.ports[name] = _bind_once(config.host, port, name, f"--{name}-port")
    if config.console:
        port = _port_in_range(config.console_port, "--console-port", "LMS_EMULATOR_CONSOLE_PORT", "console_port")
        if port:
            _bind_once(config.host, port, "the console", "--console-port (or --no-console)")


def _port_in_range(value, flag: str, env: str, key: str) -> int:
    """One line naming every place the value may have come from, and the values allowed."""
    from .config import ConfigError
    from .config_check import check_port

    try:
        return check_port(value, flag)
    except ConfigError as exc:
        raise ValueError(f"{exc} (set by {flag}, {env} or {key} in the config file)") from None


def _bind_once(host: str, port: int, what: str, flag: str, grace: float = 3.0) -> int:
    """The port, free to bind now (0: the free one the system gave). A port still held is retried for
    ``grace`` seconds: the time a killed emulator's servers take to exit (:func:`die_with_parent`)."""
    deadline = time.monotonic() + grace
    while True:
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((host, port))
                return sock.getsockname()[1]
            except OSError as exc:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"port {port} for {what} is taken ({exc}); pick another with {flag}") from exc
        time.sleep(0.05)


# --- Waitress in a thread (tests) -----------------------------------------------------------

class InProcessServer(WaitressThread):
    """One vendor's app served by Waitress from a thread of this process."""

    def __init__(self, emulator: "Emulator", host: str = "127.0.0.1", port: int = 0, threads: int = 4) -> None:
        quiet(logging.getLogger("waitress"))
        super().__init__(emulator.app, host, port, threads, "lms-emulator",
                         thread_name=f"lms-emulator-{emulator.vendor.name}", clear_untrusted_proxy_headers=True,
                         channel_timeout=30, cleanup_interval=5)
        self.emulator = emulator
        self.base_url = f"http://{host}:{self.port}"
        emulator.base_url = self.base_url

    def stop(self, timeout: float = 5.0, *, close_emulator: bool = True) -> None:
        """Stop serving; the emulator is closed too unless ``close_emulator`` is false (a fixture that
        serves an emulator it shares with in-process tests)."""
        super().stop(timeout)
        if close_emulator:
            self.emulator.close()


# --- start-up report and console ------------------------------------------------------------

def _get(url: str, timeout: float, tls: Tls | None = None, token: str | None = None) -> tuple[int, bytes]:
    """A plain GET with the standard library (the serve parent stays light); (0, b"") when unreachable."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if tls is not None:
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=timeout, context=tls.client_context())
    else:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request("GET", parts.path, headers={"X-Emulator-Token": token} if token else {})
        response = conn.getresponse()
        return response.status, response.read()
    except OSError:
        return 0, b""
    finally:
        conn.close()


def fetch_tenants(running: list[Running], token: str | None = None) -> dict[str, tuple[str, list[dict]]]:
    out = {}
    for item in running:
        listing = json.loads(_get(item.base_url + "/_emulator/tenants", timeout=5, tls=item.tls, token=token)[1])
        out[item.vendor] = (listing.get("title", item.vendor), listing["tenants"])
    return out


def start_console(config: Config, running: list[Running]):
    """Start the console in this process when it is built and not turned off (port 0)."""
    if not config.console:
        return None
    try:
        from .console import serve_console
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("emulator.console"):
            return None
        raise
    tls = running[0].tls if running else None
    return serve_console({r.vendor: r.base_url for r in running}, config.host, config.console_port,
                         verify=tls.verify if tls else True, allowed_hosts=tuple(config.allowed_hosts),
                         token=config.control_token)


def exposure_warning(config: Config) -> list[str]:
    """The banner's warning when the servers listen beyond this machine (empty when they do not)."""
    import ipaddress

    host = config.host or "0.0.0.0"
    try:
        local = ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        local = host.lower() == "localhost"
    if local:
        return []
    where = "every network interface" if host in ("0.0.0.0", "::", "") else host
    lines = [f"WARNING: listening on {host} ({where}): other machines can reach these servers."]
    if config.control_token:
        lines.append("The control API and console need the control token (X-Emulator-Token); vendor APIs "
                     "answer anyone with a tenant's key.")
    else:
        lines.append("The control API (/_emulator/: reset, state, every tenant's keys) has NO authentication: "
                     "set --control-token, or bind to 127.0.0.1.")
    return lines


#: the first path segment of every core control route (tests/test_serve.py checks it against a built app)
CONTROL_GROUPS = ("health", "reset", "seed", "state", "data", "snapshots", "tenants", "limits", "switches",
                  "journal", "faults", "clock", "deliveries", "clone", "openapi.json", "openapi.yaml", "docs")


def print_table(config: Config, running: list[Running], console, ready_seconds: float) -> None:
    """One block per vendor and tenant, one credential per line (copyable; never wrapped)."""
    from rich.console import Console

    out = Console(soft_wrap=True, highlight=False)
    out.print(f"[bold]lms-emulator ready in {ready_seconds:.2f} s[/bold] (seed {config.seed})")
    for line in exposure_warning(config):
        out.print(f"[bold red]{line}[/bold red]")
    for vendor, (title, tenants) in fetch_tenants(running, config.control_token).items():
        base = next(r.base_url for r in running if r.vendor == vendor)
        if config.host in ("0.0.0.0", "::", ""):
            base += f" (bound to {config.host or '0.0.0.0'}: every interface)"
        for tenant in tenants:
            out.print(f"\n[bold cyan]{title}[/bold cyan]  {base}  (tenant {tenant['name']!r}, plan {tenant['plan']})")
            creds = dict(tenant.get("credentials", {}))
            basic = creds.pop("basic_auth", None)
            width = max([12, *(len(key) for key in creds)])
            for key, value in creds.items():
                out.print(f"  {key:<{width}} {value}")
            if basic:
                out.print(f"  {'basic auth':<{width}} user {basic[0]!r}, password {basic[1]!r}")
    if console is not None:
        query = f"?token={quote(config.control_token)}" if config.control_token else ""
        out.print(f"\n[bold]Console[/bold]  {console.base_url}/{query}")
    out.print(f"Control API: <base URL>/_emulator/ ({', '.join(CONTROL_GROUPS)}, and /_emulator/<vendor>/…): "
              "docs/control-api.md")
    tls = running[0].tls if running else None
    if tls is not None and tls.ca:
        out.print(f"HTTPS: trust the local CA {tls.ca}\n  (REQUESTS_CA_BUNDLE / SSL_CERT_FILE / "
                  "NODE_EXTRA_CA_CERTS, or your system's trust store)")
    if config.data_dir:
        out.print(f"Data dir: {config.data_dir} (every tenant is kept there and restored on start)")
    out.print("Stop with Ctrl-C.")
    sys.stdout.flush()
