"""Stand-in upstreams for recording tests: any WSGI app (an emulator, the replay server over
fixtures/) served over HTTPS with a certificate from a throwaway local CA (trustme), as a real
vendor is reached over TLS."""

from __future__ import annotations

import ssl
import threading
from pathlib import Path

import trustme
from werkzeug.serving import WSGIRequestHandler, make_server


class _Handler(WSGIRequestHandler):
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stall


class HttpsUpstream:
    def __init__(self, app, ca: trustme.CA) -> None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
        self._server = make_server("127.0.0.1", 0, app, threaded=True, ssl_context=context,
                                   request_handler=_Handler)
        self.port = self._server.server_port
        self.base_url = f"https://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True, name="https-upstream")

    def __enter__(self) -> "HttpsUpstream":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def write_ca(ca: trustme.CA, folder: Path) -> str:
    path = folder / "upstream-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)
