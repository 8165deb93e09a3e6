"""Waitress serving one WSGI app from a daemon thread of this process: the pytest plugin's vendors, the
replay server and the console each run on it, ready in milliseconds on an ephemeral port.

Stopping is the part with an order (:meth:`WaitressThread.stop`). A task thread that finishes a request
pulls the server's trigger (a pipe that wakes the loop), so the trigger must outlive every running task:
closed first, the task ends in Waitress's "Exception when servicing ... Bad file descriptor" traceback on
the test run's stderr. And closing only the listening socket leaves kept-alive connections in the loop's
map, which keeps the loop running until their timeout.
"""

from __future__ import annotations

import threading
from typing import Self


class WaitressThread:
    """``app`` served by Waitress on ``host:port`` (0: a free port) from a daemon thread. ``ident`` is the
    ``Server`` header of every answer, and the thread's name unless ``thread_name`` is given."""

    def __init__(self, app, host: str, port: int, threads: int, ident: str, thread_name: str | None = None,
                 **options) -> None:
        from waitress import create_server

        self._server = create_server(app, host=host, port=port, threads=threads, ident=ident, **options)
        self.host = host
        self.port = int(self._server.effective_port)
        self._thread = threading.Thread(target=self._run, daemon=True, name=thread_name or ident)

    def _run(self) -> None:
        try:
            self._server.run()
        except (OSError, ValueError):
            pass  # the map closed under the loop by stop()

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Let running requests finish (up to ``timeout``), then close the listener, the trigger and every
        kept-alive connection, so the loop's thread returns at once."""
        from waitress import wasyncore

        self._server.task_dispatcher.shutdown(timeout=timeout)
        wasyncore.close_all(self._server._map)
        self._thread.join(timeout=timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()
