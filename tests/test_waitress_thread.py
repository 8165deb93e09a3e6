"""Stopping an in-process server (the pytest plugin's vendors, the replay server, the console): a request
still running gets its answer and leaves no traceback, and kept-alive connections do not outlive it."""

import logging
import socket
import threading

import pytest
import requests

from emulator.config import Config
from emulator.console.server import ConsoleServer
from emulator.core.emulator import Emulator
from emulator.replay import ReplayServer, make_replay_app
from emulator.server import InProcessServer
from emulator.waitress_thread import WaitressThread

from .core.toy import TOY


def _waitress_errors(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("waitress") and r.levelno >= logging.ERROR]


def test_a_request_running_when_the_server_stops_is_answered_and_nothing_is_logged(caplog):
    entered, release = threading.Event(), threading.Event()

    def slow(environ, start_response):
        entered.set()
        release.wait(10)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"done"]

    server = WaitressThread(slow, "127.0.0.1", 0, threads=2, ident="test-waitress").start()
    answers: list = []
    client = threading.Thread(target=lambda: answers.append(
        requests.get(f"http://127.0.0.1:{server.port}/", timeout=10)))
    client.start()
    assert entered.wait(10)
    stopping = threading.Thread(target=server.stop)
    stopping.start()
    stopping.join(0.3)
    assert stopping.is_alive(), "stop() returned while a request was still running"
    release.set()
    stopping.join(10)
    client.join(10)
    assert [(a.status_code, a.text) for a in answers] == [(200, "done")]
    assert _waitress_errors(caplog) == []
    assert not server.running


def _toy():
    return InProcessServer(Emulator(TOY, Config()))


def _replay():
    return ReplayServer(make_replay_app([]))


def _console():
    return ConsoleServer({}, port=0)


@pytest.mark.parametrize(("make", "ident"), [(_toy, b"lms-emulator"), (_replay, b"lms-emulator-replay"),
                                             (_console, b"lms-emulator-console")], ids=["plugin", "replay", "console"])
def test_stop_closes_kept_alive_connections_and_ends_the_server_thread(make, ident, caplog):
    server = make().start()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as conn:
        conn.sendall(b"GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        head = conn.recv(65536)
        assert head.startswith(b"HTTP/1.1 ")  # answered, and the connection is kept alive
        assert b"\r\nServer: " + ident + b"\r\n" in head
        server.stop()
        while conn.recv(65536):  # the rest of the answer, then the end: the server closed the connection
            pass  # (left open, as before, the 5 s timeout raises)
    assert not server.running
    assert _waitress_errors(caplog) == []
