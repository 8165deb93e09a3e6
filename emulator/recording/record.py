"""Assembling ``lms-emulator record`` from its options: the sanitiser, the writer and the proxy."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from .proxy import ProxyServer, RecordingProxy, check_upstream
from .sanitize import Sanitizer
from .scrub import Scrubber, load_key
from .vendors import recorded_host


def make_proxy(upstream: str, out: str | Path, *, vendor: str | None = None, topic: str = "recording",
               keep_pii: bool = False, scrub_key: str | None = None, ca: str | None = None,
               record_host: str | None = None, timeout: float = 60.0) -> RecordingProxy:
    from .writer import CassetteWriter

    check_upstream(upstream)
    upstream_host = urlsplit(upstream).netloc
    host = record_host or (recorded_host(vendor) if vendor else None) or upstream_host
    scrubber = None if keep_pii else Scrubber(load_key(scrub_key))
    writer = CassetteWriter(out, topic)
    return RecordingProxy(upstream, writer, Sanitizer(scrubber, upstream_host, host), ca=ca, timeout=timeout)


def record_server(upstream: str, out: str | Path, *, host: str = "127.0.0.1", port: int = 0,
                  **options) -> ProxyServer:
    return ProxyServer(make_proxy(upstream, out, **options), host=host, port=port)
