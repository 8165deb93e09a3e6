"""Fault rules: make matching requests fail, slow down or lose their connection.

A rule matches on method and path (a glob such as ``/api/v1/users*`` or a regex written ``re:...``),
optionally on tenant. What it does: answer ``status`` with ``body`` (and ``headers``), wait
``latency_ms`` (fixed) or a seeded random value within ``latency_range_ms``, or ``drop`` the
connection. ``times`` limits it to the next N matching calls; ``probability`` fires it by a seeded
coin so runs are repeatable.
"""

from __future__ import annotations

import fnmatch
import itertools
import random
import re
import threading
from dataclasses import asdict, dataclass, field
from typing import Any


MAX_LATENCY_MS = 600_000.0  # ten minutes: longer than any client timeout worth testing
HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


class FaultError(ValueError):
    """A fault rule that cannot be built; the message is shown to the caller."""


@dataclass
class FaultRule:
    id: int
    method: str = "*"
    path: str = "*"
    tenant: str | None = None
    status: int | None = None
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    latency_ms: float | None = None
    latency_range_ms: list[float] | None = None
    drop: bool = False
    times: int | None = None
    probability: float | None = None
    seed: int = 0
    fired: int = 0

    def matches(self, method: str, path: str, tenant: str | None) -> bool:
        if self.method != "*" and self.method.upper() != method.upper():
            return False
        if self.tenant and tenant and self.tenant != tenant:
            return False
        if self.path.startswith("re:"):
            return re.search(self.path[3:], path) is not None
        return fnmatch.fnmatchcase(path, self.path)

    def to_dict(self) -> dict:
        data = asdict(self)
        if self.times is not None:
            data["remaining"] = self.times - self.fired
        return data


@dataclass
class FaultAction:
    rule: FaultRule
    delay_s: float = 0.0
    status: int | None = None
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False

    def describe(self) -> str:
        parts = [f"rule {self.rule.id}"]
        if self.delay_s:
            parts.append(f"delay {self.delay_s * 1000:.0f}ms")
        if self.drop:
            parts.append("drop")
        elif self.status:
            parts.append(f"status {self.status}")
        return ", ".join(parts)


_ALLOWED = {f for f in FaultRule.__dataclass_fields__ if f not in ("id", "fired")}


class Faults:
    def __init__(self) -> None:
        self._rules: list[FaultRule] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._rngs: dict[int, random.Random] = {}

    def add(self, spec: dict) -> FaultRule:
        if not isinstance(spec, dict):
            raise FaultError("a fault rule is a JSON object")
        unknown = set(spec) - _ALLOWED
        if unknown:
            raise FaultError(f"unknown fault fields: {sorted(unknown)}; allowed: {sorted(_ALLOWED)}")
        rule = FaultRule(id=0, **spec)
        _validate(rule)
        with self._lock:
            rule.id = next(self._ids)
            self._rules.append(rule)
            self._rngs[rule.id] = random.Random(rule.seed)
        return rule

    def remove(self, rule_id: int) -> bool:
        with self._lock:
            before = len(self._rules)
            self._rules = [r for r in self._rules if r.id != rule_id]
            self._rngs.pop(rule_id, None)
            return len(self._rules) != before

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()
            self._rngs.clear()

    def active(self) -> bool:
        """Whether any rule is set (one could delay or drop the next request)."""
        return bool(self._rules)

    def list(self) -> list[FaultRule]:
        with self._lock:
            return list(self._rules)

    def match(self, method: str, path: str, tenant: str | None = None) -> FaultAction | None:
        """The first rule that fires for this request, consumed (next-N counted) under the lock."""
        if not self._rules:
            return None
        with self._lock:
            for rule in self._rules:
                if not rule.matches(method, path, tenant):
                    continue
                if rule.times is not None and rule.fired >= rule.times:
                    continue
                rng = self._rngs[rule.id]
                if rule.probability is not None and rng.random() >= rule.probability:
                    continue
                rule.fired += 1
                delay = 0.0
                if rule.latency_ms:
                    delay = rule.latency_ms / 1000.0
                elif rule.latency_range_ms:
                    low, high = rule.latency_range_ms
                    delay = rng.uniform(low, high) / 1000.0
                return FaultAction(rule, delay, rule.status, rule.body, dict(rule.headers), rule.drop)
        return None


def _validate(rule: FaultRule) -> None:
    if not isinstance(rule.method, str) or not isinstance(rule.path, str):
        raise FaultError("'method' and 'path' must be strings")
    if rule.path.startswith("re:"):
        try:
            re.compile(rule.path[3:])
        except re.error as exc:
            raise FaultError(f"bad path regex: {exc}") from exc
    if rule.status is not None and (not isinstance(rule.status, int) or not 100 <= rule.status <= 599):
        raise FaultError("'status' must be an HTTP status code (100-599)")
    latency = rule.latency_ms
    if latency is not None and (not isinstance(latency, (int, float)) or isinstance(latency, bool)
                                or not 0 <= latency <= MAX_LATENCY_MS):
        raise FaultError(f"'latency_ms' must be a number from 0 to {MAX_LATENCY_MS:.0f}")
    if rule.latency_range_ms is not None:
        r = rule.latency_range_ms
        if (not isinstance(r, list) or len(r) != 2
                or not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in r)
                or not 0 <= r[0] <= r[1] <= MAX_LATENCY_MS):
            raise FaultError(f"'latency_range_ms' must be [low, high] with 0 <= low <= high <= {MAX_LATENCY_MS:.0f}")
    if rule.times is not None and (not isinstance(rule.times, int) or rule.times < 1):
        raise FaultError("'times' must be a positive integer")
    if rule.probability is not None and (
            not isinstance(rule.probability, (int, float)) or not 0 <= rule.probability <= 1):
        raise FaultError("'probability' must be between 0 and 1")
    if not isinstance(rule.headers, dict):
        raise FaultError("'headers' must be an object")
    for name, value in rule.headers.items():
        if not HEADER_NAME.fullmatch(name) or not isinstance(value, str) or "\r" in value or "\n" in value:
            raise FaultError(f"bad header {name!r}: names are HTTP tokens, values strings without line breaks")
    if not isinstance(rule.drop, bool):
        raise FaultError("'drop' must be a boolean")
    if not isinstance(rule.seed, int):
        raise FaultError("'seed' must be an integer")
    if rule.status is None and not rule.drop and not rule.latency_ms and not rule.latency_range_ms:
        raise FaultError("a fault rule needs 'status', 'drop', 'latency_ms' or 'latency_range_ms'")
