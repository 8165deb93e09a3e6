"""emulator/bridge.py with a stand-in for Granian's RSGI objects: the environ it builds (as Granian's WSGI
interface builds it), the body cap and deadline, answers, drops and the work-slot queue."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading

import pytest

from emulator.bridge import CONTROL_THREADS, GC_THRESHOLDS, TIMEOUT_BODY, RsgiBridge


@pytest.fixture(autouse=True)
def _leave_this_process_gc_alone(monkeypatch):
    monkeypatch.setattr(RsgiBridge, "tune_gc", False)  # served, the bridge tunes its worker's collector


class Headers:
    def __init__(self, pairs):
        self.pairs = pairs

    def __contains__(self, name):
        return any(k == name for k, _ in self.pairs)

    def keys(self):
        return list(dict.fromkeys(k for k, _ in self.pairs))

    def items(self):  # as Granian's: a name's values side by side, a value not in ASCII (here None) left out
        names = self.keys()
        return [(k, v) for name in names for k, v in self.pairs if k == name and v is not None]

    def get(self, name, default=None):
        return next((v for k, v in self.pairs if k == name), default)

    def get_all(self, name):
        return [v for k, v in self.pairs if k == name]


class Scope:
    proto = "http"
    http_version = "1.1"
    server = "127.0.0.1:8002"
    client = "127.0.0.1:50123"
    scheme = "http"

    def __init__(self, method="GET", path="/", query="", headers=()):
        self.method, self.path, self.query_string = method, path, query
        self.headers = Headers(list(headers))


class Proto:
    """A request body arriving in ``chunks`` (then, with ``stall``, nothing more); records the answer."""

    def __init__(self, chunks=(), stall=False):
        self.chunks, self.stall = list(chunks), stall
        self.answer = None
        self.streamed = []

    async def __call__(self):
        return b"".join([chunk async for chunk in self])

    async def __aiter__(self):
        for chunk in self.chunks:
            yield chunk
        if self.stall:
            await asyncio.Event().wait()

    def response_bytes(self, status, headers, body):
        self.answer = (status, headers, body)

    def response_stream(self, status, headers):
        self.answer = (status, headers, None)
        proto = self

        class Stream:
            async def send_bytes(self, data):
                proto.streamed.append(data)

        return Stream()


def run_alone(coroutine):
    """asyncio.run on a thread of its own: the browser tests leave an event loop running on this xdist
    worker's main thread, and asyncio.run refuses to start beside it."""
    out: dict = {}

    def target():
        try:
            out["value"] = asyncio.run(coroutine)
        except BaseException as exc:  # noqa: BLE001 - raised again on the test's thread
            out["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in out:
        raise out["error"]
    return out.get("value")


def echo(environ, start_response):
    body = environ["wsgi.input"].read()
    start_response("201 Created", [("Content-Type", "text/plain")])
    return [body, b"|", environ["PATH_INFO"].encode("latin-1")]


def serve_one(bridge: RsgiBridge, scope: Scope, proto: Proto) -> Proto:
    async def run():
        bridge.__rsgi_init__(asyncio.get_running_loop())
        try:
            await bridge.__rsgi__(scope, proto)
        finally:
            bridge.__rsgi_del__(None)

    run_alone(run())
    return proto


def test_the_environ_is_the_one_granians_wsgi_interface_builds():
    bridge = RsgiBridge(echo, 2, 100)
    scope = Scope("POST", "/a b/é", "x=%2F1", [("host", "example.com"), ("x-foo", "a"), ("content-type", "text/plain"),
                                             ("x-foo", "b"), ("content-length", "3"), ("x-bin", None)])
    environ = bridge.environ(scope, scope.headers, b"abc")
    assert environ["REQUEST_METHOD"] == "POST"
    assert environ["PATH_INFO"] == "/a b/é".encode().decode("latin-1")  # WSGI: the UTF-8 bytes as latin-1
    assert environ["QUERY_STRING"] == "x=%2F1"
    assert (environ["SERVER_NAME"], environ["SERVER_PORT"], environ["REMOTE_ADDR"]) == ("127.0.0.1", "8002",
                                                                                      "127.0.0.1")
    assert environ["SERVER_PROTOCOL"] == "HTTP/1.1" and environ["wsgi.url_scheme"] == "http"
    assert environ["CONTENT_TYPE"] == "text/plain" and environ["CONTENT_LENGTH"] == "3"
    assert "HTTP_CONTENT_TYPE" not in environ and "HTTP_CONTENT_LENGTH" not in environ
    assert environ["HTTP_X_FOO"] == "a,b" and environ["HTTP_X_BIN"] == ""  # as Granian's WSGI gives them
    assert [k for k in environ if k.startswith("HTTP_")] == ["HTTP_HOST", "HTTP_X_FOO", "HTTP_X_BIN"]  # as sent
    assert environ["wsgi.input"].read() == b"abc"


def test_ipv6_addresses_lose_their_brackets():
    scope = Scope()
    scope.server, scope.client = "[::1]:8002", "[::1]:50123"
    environ = RsgiBridge(echo, 2, 100).environ(scope, scope.headers, b"")
    assert (environ["SERVER_NAME"], environ["SERVER_PORT"], environ["REMOTE_ADDR"]) == ("::1", "8002", "::1")


def test_the_body_reaches_the_app_and_the_answer_goes_back():
    proto = serve_one(RsgiBridge(echo, 2, 100), Scope("POST", "/u", headers=[("content-length", "5")]),
                      Proto([b"he", b"llo"]))
    status, headers, body = proto.answer
    assert (status, body) == (201, b"hello|/u") and ("Content-Type", "text/plain") in headers


def test_a_chunked_body_is_cut_one_byte_past_the_cap_so_the_app_answers_413():
    seen = []

    def app(environ, start_response):
        seen.append(environ["wsgi.input"].read())
        start_response("413 Request Entity Too Large", [])
        return [b""]

    serve_one(RsgiBridge(app, 2, 10), Scope("POST", "/u", headers=[("transfer-encoding", "chunked")]),
              Proto([b"0123456", b"789abcdef", b"never read"], stall=True))
    assert seen == [b"0123456789a"]  # cap + 1: enough for the app to know it is too large


def test_a_late_body_gets_408_and_the_app_never_runs():
    ran = []
    bridge = RsgiBridge(lambda e, s: ran.append(e) or [b""], 2, 100, body_timeout=0.05)
    proto = serve_one(bridge, Scope("POST", "/u", headers=[("content-length", "100")]), Proto([b"{"], stall=True))
    status, headers, body = proto.answer
    assert (status, body) == (408, TIMEOUT_BODY) and ("Connection", "close") in headers
    assert ran == []


def test_a_drop_sends_the_start_of_the_answer_and_no_more():
    class Cut(Exception):
        pass

    def app(environ, start_response):
        start_response("200 OK", [("Content-Length", "1024")])

        def body():
            yield b"{"
            raise Cut

        return body()

    proto = serve_one(RsgiBridge(app, 2, 100, drop_error=Cut), Scope(), Proto())
    assert proto.answer == (200, [("Content-Length", "1024")], None) and proto.streamed == [b"{"]


def test_vendor_requests_beyond_the_work_slots_wait_while_control_requests_run():
    slots = 2
    release = threading.Event()
    running, finished = [], []

    def app(environ, start_response):
        path = environ["PATH_INFO"]
        running.append(path)
        if path.startswith("/v"):
            release.wait(30)
        finished.append(path)
        start_response("200 OK", [])
        return [b""]

    bridge = RsgiBridge(app, slots, 100)

    async def run():
        loop = asyncio.get_running_loop()
        bridge.__rsgi_init__(loop)
        vendor = [asyncio.create_task(bridge.__rsgi__(Scope(path=f"/v{n}"), Proto())) for n in range(slots + 3)]
        while len(running) < slots:
            await asyncio.sleep(0.01)
        control = [Proto() for _ in range(CONTROL_THREADS)]
        await asyncio.gather(*(bridge.__rsgi__(Scope(path="/_emulator/health"), p) for p in control))
        assert all(p.answer[0] == 200 for p in control)  # answered while every slot is held
        assert sorted(running) == sorted(["/v0", "/v1", *["/_emulator/health"] * CONTROL_THREADS])
        release.set()
        await asyncio.gather(*vendor)
        bridge.__rsgi_del__(loop)

    run_alone(run())
    assert sorted(p for p in finished if p.startswith("/v")) == [f"/v{n}" for n in range(slots + 3)]


def where(environ, start_response):
    """Answers with the name of the thread that ran it."""
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [threading.current_thread().name.encode()]


def test_a_read_with_nothing_ahead_and_no_fault_rule_is_answered_on_the_loop():
    inline = RsgiBridge(where, 2, 100, inline=lambda: True)
    answer = serve_one(inline, Scope("GET", "/v1/users"), Proto()).answer
    assert answer[0] == 200 and not answer[2].startswith(b"lms-emulator-")  # the loop thread ran it
    for scope, allowed in ((Scope("GET", "/v1/users"), False),  # a fault rule is set
                           (Scope("POST", "/v1/users", headers=[("content-length", "2")]), True),  # a write
                           (Scope("GET", "/_emulator/health"), True)):  # control keeps its own threads
        bridge = RsgiBridge(where, 2, 100, inline=lambda allowed=allowed: allowed)
        answer = serve_one(bridge, scope, Proto([b"{}"]) if scope.method == "POST" else Proto()).answer
        assert answer[0] == 200 and answer[2].startswith(b"lms-emulator-"), scope.path


def test_a_read_behind_a_running_write_waits_its_turn_in_the_pool():
    started, release = threading.Event(), threading.Event()

    def app(environ, start_response):
        if environ["PATH_INFO"] == "/slow":
            started.set()
            release.wait(5)
        return where(environ, start_response)

    bridge = RsgiBridge(app, 2, 100, inline=lambda: True)
    slow, quick = Proto(), Proto()

    async def run():
        loop = asyncio.get_running_loop()
        bridge.__rsgi_init__(loop)
        try:
            first = asyncio.create_task(bridge.__rsgi__(Scope("POST", "/slow", headers=[("content-length", "0")]),
                                                        slow))
            await loop.run_in_executor(None, started.wait, 5)
            second = asyncio.create_task(bridge.__rsgi__(Scope("GET", "/quick"), quick))
            await asyncio.sleep(0.05)
            release.set()
            await asyncio.gather(first, second)
        finally:
            bridge.__rsgi_del__(None)

    run_alone(run())
    assert slow.answer[2].startswith(b"lms-emulator-") and quick.answer[2].startswith(b"lms-emulator-")


def test_a_write_runs_on_the_loop_unless_its_route_may_wait_outside_the_process():
    def app(environ, start_response):
        return where(environ, start_response)

    app.extensions = {"waits_outside": lambda method, path: path == "/hooks"}  # as core/app.py provides
    post = [("content-length", "2")]
    for path, on_loop in (("/users", True), ("/hooks", False)):
        bridge = RsgiBridge(app, 2, 100, inline=lambda: True)
        answer = serve_one(bridge, Scope("POST", path, headers=post), Proto([b"{}"])).answer
        assert answer[0] == 200 and answer[2].startswith(b"lms-emulator-") is not on_loop, path
    # a fault rule sends every request to the pool, as for reads
    bridge = RsgiBridge(app, 2, 100, inline=lambda: False)
    assert serve_one(bridge, Scope("POST", "/users", headers=post), Proto([b"{}"])).answer[2].startswith(
        b"lms-emulator-")


def test_the_vendor_apps_name_the_routes_that_wait_on_a_lookup_or_a_receiver():
    from emulator.server import build_emulator
    from emulator.config import Config

    waits = {name: build_emulator(name, Config()).app.extensions["waits_outside"]
             for name in ("skilljar", "lessonly", "talentlms")}
    assert waits["skilljar"]("POST", "/v1/webhooks") and waits["skilljar"]("PATCH", "/v1/webhooks/abc")
    assert waits["skilljar"]("POST", "/v1/webhooks/abc/ping")
    assert waits["lessonly"]("PUT", "/api/v1/company_settings")
    assert not waits["skilljar"]("POST", "/scim/v2/Users") and not waits["lessonly"]("POST", "/api/v1/users")
    assert not waits["talentlms"]("POST", "/api/v1/usersignup") and not waits["talentlms"]("POST", "/nowhere")


def test_served_the_worker_freezes_what_it_built_and_collects_young_objects_less_often():
    code = ("import gc; from emulator.bridge import _tune_gc; gc.freeze(); gc.unfreeze(); x = [[] for _ in range(99)];"
            "_tune_gc(); print(gc.get_threshold(), gc.get_freeze_count() > 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == f"{GC_THRESHOLDS} True"


def test_building_a_vendor_server_leaves_no_cyclic_garbage_for_the_freeze_to_keep():
    # a vendor's server freezes what it built without collecting first (server._serve_forever, then _tune_gc):
    # garbage in it would stay for the life of the process. As serve builds it: the collector off from the
    # vendor's import on; here collected where serve freezes.
    code = ("import gc, sys; from emulator import server, vendors; from emulator.config import Config\n"
            "server._preload()\n"
            "for name in sys.argv[1:]:\n"
            "    gc.collect(); gc.disable(); vendors.get(name)\n"
            "    bridge = server.vendor_bridge(name, Config(), 'http://127.0.0.1:1')\n"
            "    print(name, gc.collect()); gc.freeze()\n")
    names = ["talentlms", "skilljar", "lessonly"]
    out = subprocess.run([sys.executable, "-c", code, *names], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:3] == [f"{name} 0" for name in names]
