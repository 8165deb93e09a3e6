"""Outbound HTTP deliveries (webhooks, callbacks): a queue, retries with backoff, and a log.

A vendor enqueues a delivery and gets told, through ``on_done``, how it ended:
``delivered`` (2xx), ``client_error`` (a 4xx: the receiver refused it, no retry),
``too_many_redirects``, ``refused_target`` (the target, or a redirect, leads somewhere the tenant
may not send: core/targets.py), or ``retries_exhausted`` (5xx, timeouts and refused connections were
retried ``max_attempts`` times). A receiver that is down loses nothing until then. Retry intervals
are wall-clock seconds (configurable per policy: the real Lessonly interval is five minutes, tests
use milliseconds).

Each attempt has one total deadline (``timeout_seconds``: connect, send, and the whole answer,
redirects included), enforced by closing the socket, so a receiver dripping a byte at a time
cannot hold it longer. Attempts run in threads of their own (at most ``max_in_flight`` at once),
so slow receivers do not delay the others. A redirect is followed by sending the same POST, body
and headers again (never downgraded to a GET that would lose the payload), at most
``max_redirects`` times, each hop checked against the target policy like the first.
"""

from __future__ import annotations

import base64
import heapq
import http.client
import itertools
import socket
import ssl
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Callable
from urllib.parse import urljoin

from .targets import DELIVERY_HEADER, Target, TargetRefused, connect_address, parse


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    backoff_seconds: float = 1.0  # first retry delay
    backoff_factor: float = 2.0  # each later delay is multiplied by this
    timeout_seconds: float = 5.0
    max_redirects: int = 5
    follow_redirects: bool = True  # False: a 3xx is an unsuccessful attempt, retried like a 5xx

    def delay(self, attempt_number: int) -> float:
        """Delay after the ``attempt_number``-th failed attempt (1-based)."""
        return self.backoff_seconds * (self.backoff_factor ** (attempt_number - 1))


@dataclass
class Attempt:
    number: int
    time: float
    status: int | None
    error: str | None
    latency_ms: float


@dataclass
class Delivery:
    id: int
    tenant: str
    kind: str
    url: str
    body: str
    headers: dict[str, str]
    meta: dict[str, Any] = field(default_factory=dict)
    state: str = "pending"  # pending | delivered | failed | cancelled
    outcome: str | None = None
    attempts: list[Attempt] = field(default_factory=list)
    created: float = field(default_factory=time.time)
    auth: tuple[str, str] | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("auth")
        data["has_auth"] = self.auth is not None
        return data


Callback = Callable[[Delivery], None]


class Deliveries:
    def __init__(self, policy: RetryPolicy | None = None, workers: int = 4, capacity: int = 5000,
                 now: Callable[[], float] = time.time,
                 allowed_for: Callable[[str], tuple[str, ...]] = lambda tenant: (),
                 max_in_flight: int = 32) -> None:
        self.policy = policy or RetryPolicy()
        self.allowed_for = allowed_for  # tenant name → its webhook_allowed_hosts (core/targets.py)
        self._slots = threading.BoundedSemaphore(max_in_flight)
        self.now = now  # the emulator's clock, for the times the log shows (backoff runs on real time)
        self.capacity = capacity
        self._ids = itertools.count(1)
        self._log: dict[int, Delivery] = {}
        self._queue: list[tuple[float, int]] = []  # (due monotonic time, delivery id)
        self._policies: dict[int, RetryPolicy] = {}
        self._callbacks: dict[int, Callback] = {}
        self._cond = threading.Condition()
        self._inflight = 0
        self._stopped = False
        self._local = threading.local()
        self._threads = [threading.Thread(target=self._run, name=f"delivery-{i}", daemon=True)
                         for i in range(workers)]
        for t in self._threads:
            t.start()

    # public API
    def enqueue(self, *, tenant: str, kind: str, url: str, body: str, headers: dict[str, str] | None = None,
                auth: tuple[str, str] | None = None, meta: dict | None = None,
                policy: RetryPolicy | None = None, on_done: Callback | None = None) -> Delivery:
        delivery = Delivery(next(self._ids), tenant, kind, url, body, dict(headers or {}), dict(meta or {}),
                            auth=auth, created=self.now())
        with self._cond:
            self._log[delivery.id] = delivery
            self._trim()
            if policy:
                self._policies[delivery.id] = policy
            if on_done:
                self._callbacks[delivery.id] = on_done
            heapq.heappush(self._queue, (time.monotonic(), delivery.id))
            self._cond.notify()
        return delivery

    def list(self, tenant: str | None = None, kind: str | None = None) -> list[Delivery]:
        with self._cond:
            items = list(self._log.values())
        return [d for d in items if (tenant is None or d.tenant == tenant) and (kind is None or d.kind == kind)]

    def get(self, delivery_id: int) -> Delivery | None:
        return self._log.get(delivery_id)

    def cancel(self, tenant: str | None = None) -> None:
        """Stop retrying pending deliveries (of one tenant, or all); they stay in the log."""
        with self._cond:
            for d in self._log.values():
                if d.state == "pending" and (tenant is None or d.tenant == tenant):
                    d.state, d.outcome = "cancelled", "cancelled"

    def clear(self, tenant: str | None = None) -> None:
        self.cancel(tenant)
        with self._cond:
            for key in [k for k, d in self._log.items() if tenant is None or d.tenant == tenant]:
                del self._log[key]

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until nothing is queued or in flight; True if that happened within ``timeout``."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._pending_count() or self._inflight:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(min(left, 0.05))
        return True

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    # worker
    def _pending_count(self) -> int:
        return sum(1 for _, i in self._queue if self._log.get(i) and self._log[i].state == "pending")

    def _trim(self) -> None:
        if len(self._log) <= self.capacity:
            return
        for key in list(self._log)[: len(self._log) - self.capacity]:
            if self._log[key].state != "pending":
                del self._log[key]

    def _next(self) -> Delivery | None:
        with self._cond:
            while not self._stopped:
                if self._queue:
                    due, did = self._queue[0]
                    wait = due - time.monotonic()
                    if wait <= 0:
                        heapq.heappop(self._queue)
                        delivery = self._log.get(did)
                        if delivery is None or delivery.state != "pending":
                            self._cond.notify_all()
                            continue
                        self._inflight += 1
                        return delivery
                    self._cond.wait(wait)
                else:
                    self._cond.wait(0.5)
        return None

    def _run(self) -> None:
        while True:
            delivery = self._next()
            if delivery is None:
                return
            self._slots.acquire()  # one thread per attempt: a slow receiver holds only its own
            threading.Thread(target=self._attempt_then_release, args=(delivery,), daemon=True,
                             name=f"delivery-{delivery.id}").start()

    def _attempt_then_release(self, delivery: Delivery) -> None:
        try:
            self._attempt(delivery)
        finally:
            self._slots.release()
            with self._cond:
                self._inflight -= 1
                self._cond.notify_all()

    def _post(self, delivery: Delivery, policy: RetryPolicy, deadline_at: float) -> int:
        """POST the delivery, following redirects as the policy says; the final status."""
        headers = dict(delivery.headers)
        if delivery.auth is not None:
            headers["Authorization"] = _auth_header(delivery.auth)
        headers[DELIVERY_HEADER] = "1"  # the control plane refuses anything carrying it
        body = delivery.body.encode("utf-8")
        allowed = self.allowed_for(delivery.tenant)
        deadline = _Deadline(deadline_at)
        url = delivery.url
        for _hop in range(policy.max_redirects + 1):
            target = parse(url)
            status, location = _send_once(target, connect_address(target, allowed), "POST", body, headers, deadline)
            if not (300 <= status < 400 and location and policy.follow_redirects):
                return status
            url = urljoin(url, location)
        raise TooManyRedirects(f"more than {policy.max_redirects} redirects (last to {url})")

    def _attempt(self, delivery: Delivery) -> None:
        policy = self._policies.get(delivery.id, self.policy)
        number = len(delivery.attempts) + 1
        started = time.monotonic()
        status, error, outcome = None, None, None
        try:
            status = self._post(delivery, policy, started + policy.timeout_seconds)
            if 200 <= status < 300:
                outcome = "delivered"
            elif 400 <= status < 500:
                outcome = "client_error"
            elif 300 <= status < 400:
                error = f"HTTP {status}: redirects are not followed for this delivery"
        except TooManyRedirects as exc:
            error, outcome = f"too many redirects: {exc}", "too_many_redirects"
        except TargetRefused as exc:
            error, outcome = f"refused target: {exc}", "refused_target"
        except (OSError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"
        latency = (time.monotonic() - started) * 1000
        delivery.attempts.append(Attempt(number, self.now(), status, error, round(latency, 2)))
        if outcome is None and number >= policy.max_attempts:
            outcome = "retries_exhausted"
        if outcome is None:
            with self._cond:
                if delivery.state == "pending":
                    heapq.heappush(self._queue, (time.monotonic() + policy.delay(number), delivery.id))
                    self._cond.notify()
            return
        with self._cond:
            if delivery.state == "pending":
                delivery.state = "delivered" if outcome == "delivered" else "failed"
                delivery.outcome = outcome
        callback = self._callbacks.pop(delivery.id, None)
        self._policies.pop(delivery.id, None)
        if callback:
            try:
                callback(delivery)
            except Exception as exc:  # a vendor callback must not kill the worker
                delivery.meta["callback_error"] = repr(exc)


class TooManyRedirects(Exception):
    """More redirects than the policy's ``max_redirects``."""


def _auth_header(auth: tuple[str, str]) -> str:
    return "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode("utf-8")).decode("ascii")


class _Deadline:
    """Shuts a socket down when the attempt's total time is up, whatever read or write it is in."""

    def __init__(self, at: float) -> None:
        self.at = at
        self.sock: socket.socket | None = None
        self.expired = False
        self._timer: threading.Timer | None = None

    def left(self) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            self.expired = True
            raise TimeoutError("the attempt's total deadline passed")
        return left

    def watch(self, sock: socket.socket) -> None:
        self.cancel()
        self.sock = sock
        self._timer = threading.Timer(self.left(), self._expire)
        self._timer.daemon = True
        self._timer.start()

    def _expire(self) -> None:
        self.expired = True
        if self.sock is not None:
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


def _send_once(target: Target, address: str, method: str, body: bytes, headers: dict[str, str],
               deadline: _Deadline) -> tuple[int, str | None]:
    """One HTTP request to ``address`` (already checked) for ``target``; (status, Location)."""
    sock = socket.create_connection((address, target.port), timeout=deadline.left())
    try:
        if target.scheme == "https":
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=target.host)
        deadline.watch(sock)
        sock.settimeout(deadline.left())
        conn = http.client.HTTPConnection(target.host, target.port)
        conn.sock = sock
        host = target.host if ":" not in target.host else f"[{target.host}]"
        default_port = 443 if target.scheme == "https" else 80
        conn.putrequest(method, target.path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", host if target.port == default_port else f"{host}:{target.port}")
        for name, value in headers.items():
            conn.putheader(name, value)
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        response = conn.getresponse()
        response.read(65536)  # the answer's body is not kept; a little is read so the receiver is not cut off
        return response.status, response.getheader("Location")
    except (OSError, http.client.HTTPException):
        if deadline.expired:
            raise TimeoutError("the attempt's total deadline passed") from None
        raise
    finally:
        deadline.cancel()
        sock.close()
