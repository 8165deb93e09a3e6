"""Serving the console: Waitress in a thread, like the in-process emulator servers."""

from __future__ import annotations

import threading

from .app import create_app

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


class ConsoleServer:
    """The console app served by Waitress from a daemon thread; ``port=0`` picks a free port."""

    def __init__(self, vendors: dict[str, str], host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 threads: int = 6, poll_ms: int = 1000, verify: bool | str = True,
                 allowed_hosts: tuple[str, ...] = (), token: str | None = None) -> None:
        from waitress import create_server

        from ..core.guard import Guard

        self.app = create_app(vendors, poll_ms=poll_ms, verify=verify,
                              guard=Guard(host, tuple(allowed_hosts), token))
        self._server = create_server(self.app, host=host, port=port, threads=threads, ident="lms-emulator-console",
                                     clear_untrusted_proxy_headers=True, channel_timeout=30)
        self.host = host
        self.port = self._server.effective_port
        display = "127.0.0.1" if host in ("0.0.0.0", "") else host
        self.base_url = f"http://{display}:{self.port}"
        self._thread = threading.Thread(target=self._run, daemon=True, name="lms-emulator-console")

    def _run(self) -> None:
        try:
            self._server.run()
        except (OSError, ValueError):
            pass  # closed under us by stop()

    def start(self) -> "ConsoleServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        from waitress import wasyncore

        self._server.close()
        wasyncore.close_all(self._server._map)  # kept-alive browser connections too, so run() returns now
        self._server.task_dispatcher.shutdown(timeout=5)
        self.app.extensions["console"].close()
        self._thread.join(timeout=5)


def serve_console(vendors: dict[str, str], host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                  **options) -> ConsoleServer:
    """Start the console over ``vendors`` (name → base URL) and return the running server
    (``.base_url``, ``.stop()``)."""
    return ConsoleServer(vendors, host, port, **options).start()
