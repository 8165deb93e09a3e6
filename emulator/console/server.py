"""Serving the console: Waitress in a thread, like the in-process emulator servers."""

from __future__ import annotations

from ..waitress_thread import WaitressThread
from .app import create_app

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


class ConsoleServer(WaitressThread):
    """The console app served by Waitress from a daemon thread; ``port=0`` picks a free port."""

    def __init__(self, vendors: dict[str, str], host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 threads: int = 6, poll_ms: int = 1000, verify: bool | str = True,
                 allowed_hosts: tuple[str, ...] = (), token: str | None = None) -> None:
        from ..core.guard import Guard

        self.app = create_app(vendors, poll_ms=poll_ms, verify=verify,
                              guard=Guard(host, tuple(allowed_hosts), token))
        super().__init__(self.app, host, port, threads, "lms-emulator-console",
                         clear_untrusted_proxy_headers=True, channel_timeout=30)
        display = "127.0.0.1" if host in ("0.0.0.0", "") else host
        self.base_url = f"http://{display}:{self.port}"

    def stop(self) -> None:
        super().stop()  # kept-alive browser connections are closed too
        self.app.extensions["console"].close()


def serve_console(vendors: dict[str, str], host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                  **options) -> ConsoleServer:
    """Start the console over ``vendors`` (name → base URL) and return the running server
    (``.base_url``, ``.stop()``)."""
    return ConsoleServer(vendors, host, port, **options).start()
