"""Bodies that are not UTF-8 text (a PDF certificate, an image upload) are recorded as base64 and read
back byte for byte by the cassette loader; the replay server answers the exact bytes."""

from __future__ import annotations

import base64

import pytest
import requests
import yaml

from emulator.cassettes import CassetteError, all_interactions, load_cassette, load_cassettes
from emulator.replay import replay_server

from .conftest import recording

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) + b"\xff\xfe\x00end"
UPLOAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(255, -1, -1))
KEY = "binary-upload-key-1234"


def binary_app(environ, start_response):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    got = environ["wsgi.input"].read(length) if length else b""
    body = PDF if not got else got[::-1]
    start_response("200 OK", [("Content-Type", "application/pdf"), ("Content-Length", str(len(body)))])
    return [body]


def test_non_utf8_bodies_are_recorded_as_base64_and_load_back_exactly(ca, ca_file, tmp_path):
    out = tmp_path / "rec"
    secret_upload = UPLOAD + KEY.encode()  # a secret the proxy knows (the Basic password) inside bytes
    with recording(ca, ca_file, out, "talentlms", upstream_app=binary_app) as (proxy, _):
        s = requests.Session()
        s.trust_env = False
        pdf = s.get(proxy.base_url + "/api/v1/certificate/id:1", auth=("user", KEY))
        echoed = s.post(proxy.base_url + "/api/v1/upload", data=secret_upload, auth=("user", KEY),
                        headers={"Content-Type": "image/png"})
    assert pdf.content == PDF and echoed.content == secret_upload[::-1]  # the client gets the bytes as sent
    path = next(out.glob("*.yaml"))
    raw = yaml.safe_load(path.read_text())
    first, second = raw["interactions"]
    assert set(first["response"]["body"]) == {"base64_string"}
    assert set(second["request"]["body"]) == {"base64_string"}
    assert KEY not in path.read_text() and KEY.encode() not in base64.b64decode(
        second["request"]["body"]["base64_string"])  # redacted inside the bytes too
    get, post = all_interactions(load_cassettes(out))
    assert get.response.body_bytes == PDF
    assert post.request.body_bytes == UPLOAD + b"<redacted>"
    assert post.response.body_bytes == secret_upload[::-1]  # the key reversed is no secret
    with replay_server(load_cassettes(out)) as server:  # the replay server answers the exact bytes
        assert requests.get(server.base_url + "/api/v1/certificate/id:1", auth=("user", KEY)).content == PDF


def test_a_text_body_stays_text_and_bad_base64_is_one_clear_error(tmp_path):
    path = tmp_path / "c.yaml"
    interaction = {"source": "recorded 2026-12-01 from acme.talentlms.com", "confidence": "high",
                   "request": {"method": "GET", "uri": "https://demo.talentlms.com/api/v1/users", "body": None,
                               "headers": {}},
                   "response": {"status": {"code": 200, "message": "OK"}, "headers": {},
                                "body": {"base64_string": "not base64!"}}}
    path.write_text(yaml.safe_dump({"version": 1, "interactions": [interaction]}))
    with pytest.raises(CassetteError, match=r"response body.base64_string is not base64"):
        load_cassette(path)
    interaction["response"]["body"] = {"string": "é ok"}
    path.write_text(yaml.safe_dump({"version": 1, "interactions": [interaction]}))
    loaded = load_cassette(path).interactions[0].response
    assert loaded.body == "é ok" and loaded.body_bytes == "é ok".encode() and loaded.raw_body is None


def test_an_upstream_that_drops_idle_connections_is_reconnected_to(tmp_path):
    """The proxy keeps one connection per thread to the upstream; when the upstream has closed it
    (without saying so in its answer, as servers with short keep-alive timeouts do), the next request
    opens a new one instead of answering 502."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from emulator.recording.proxy import ProxyServer
    from emulator.recording.record import make_proxy

    seen = []

    class Dropping(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802 - the stdlib's name
            seen.append(self.path)
            body = b'{"ok": true}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True  # closed after answering, no "Connection: close" sent

        def log_message(self, *args):
            pass

    upstream = ThreadingHTTPServer(("127.0.0.1", 0), Dropping)
    thread = threading.Thread(target=upstream.serve_forever, daemon=True)
    thread.start()
    try:
        proxied = make_proxy(f"http://127.0.0.1:{upstream.server_port}", tmp_path, vendor="talentlms", scrub_key="k")
        with ProxyServer(proxied, threads=1) as proxy:  # one thread: one upstream connection, reused
            s = requests.Session()
            s.trust_env = False
            answers = [s.get(f"{proxy.base_url}/api/v1/users/id:{n}") for n in (1, 2, 3)]
    finally:
        upstream.shutdown()
        upstream.server_close()
    assert [a.status_code for a in answers] == [200, 200, 200], [a.text for a in answers]
    assert seen == ["/api/v1/users/id:1", "/api/v1/users/id:2", "/api/v1/users/id:3"]
    assert len(all_interactions(load_cassettes(tmp_path))) == 3
