"""Outbound deliveries against a real local receiver."""

import json

import pytest

from emulator.core.deliveries import Deliveries, RetryPolicy

FAST = RetryPolicy(max_attempts=3, backoff_seconds=0.01, backoff_factor=2, timeout_seconds=2, max_redirects=3)


@pytest.fixture
def receiver(webhook_receiver):
    return webhook_receiver


@pytest.fixture
def deliveries():
    d = Deliveries(FAST, workers=2)
    yield d
    d.stop()


def send(deliveries, url, done):
    return deliveries.enqueue(tenant="t", kind="test", url=url, body=json.dumps({"a": 1}),
                              headers={"Content-Type": "application/json", "User-Agent": "x"},
                              auth=("u", "p"), on_done=done.append)


def test_delivered_with_headers_auth_and_body(receiver, deliveries):
    done = []
    d = send(deliveries, receiver.url + "/hook", done)
    assert deliveries.wait_idle(5)
    assert d.state == "delivered" and d.outcome == "delivered" and done == [d]
    got = receiver.requests[0]
    assert got.path == "/hook" and got.json() == {"a": 1}
    headers = got.headers
    assert headers["Authorization"].startswith("Basic ") and headers["User-Agent"] == "x"


def test_server_errors_are_retried_until_success(receiver, deliveries):
    receiver.statuses = [500, 503]
    done = []
    d = send(deliveries, receiver.url + "/x", done)
    assert deliveries.wait_idle(5)
    assert [a.status for a in d.attempts] == [500, 503, 200] and d.outcome == "delivered"


def test_a_4xx_is_final(receiver, deliveries):
    receiver.statuses = [410]
    done = []
    d = send(deliveries, receiver.url + "/x", done)
    assert deliveries.wait_idle(5)
    assert d.outcome == "client_error" and len(d.attempts) == 1 and done == [d]


def test_receiver_down_exhausts_retries_and_says_so(deliveries):
    done = []
    d = send(deliveries, "http://127.0.0.1:9/nothing-listens-here", done)
    assert deliveries.wait_idle(5)
    assert d.outcome == "retries_exhausted" and len(d.attempts) == 3
    assert all(a.status is None and a.error for a in d.attempts)


def test_redirect_loop_is_too_many_redirects(receiver, deliveries):
    receiver.statuses = [307] * 10
    done = []
    d = send(deliveries, receiver.url + "/loop", done)
    assert deliveries.wait_idle(5)
    assert d.outcome == "too_many_redirects"


def test_cancel_stops_retrying(deliveries):
    slow = RetryPolicy(max_attempts=5, backoff_seconds=10)
    d = deliveries.enqueue(tenant="t", kind="k", url="http://127.0.0.1:9/", body="{}", policy=slow)
    deliveries.wait_idle(0.5)
    deliveries.cancel("t")
    assert d.state == "cancelled"
    assert deliveries.wait_idle(1)
