"""Schemathesis over every operation of every vendor's generated document, on a bounded budget
(``LMS_EMULATOR_FUZZ_EXAMPLES`` cases an operation, 10 by default; ``make fuzz`` runs the long
campaign). Each operation's cases, valid and invalid, must get no 5xx, no answer its document
contradicts (status, media type, body), no request that hangs, and leave the tenant answering its
health and a read. The 5 s bar of the issue is a timing target, so it belongs to ``make fuzz``, which
prints the slowest operations; in the suite (shared, noisy machines, no timed assertions) a request
counts as hung only past ``HANG_S``. Each vendor also gets schemathesis' stateful run: call sequences that follow the
document's links (a create's ``id`` into that item's operations). Skilljar's paths with a trailing
slash run the same handlers as their twins without one and are fuzzed through those."""

from __future__ import annotations

import os

import pytest

from emulator import openapi, vendors
from hypothesis import seed

import tools.fuzz
from tools.fuzz import Report, Target, exercise, stateful

EXAMPLES = int(os.environ.get("LMS_EMULATOR_FUZZ_EXAMPLES", "10"))
SEED = 20260101
HANG_S = 60.0
tools.fuzz.SLOW_S = HANG_S  # exercise() reads it at call time
_targets: dict[str, Target] = {}


def _operations() -> list:
    out = []
    for name in vendors.built():
        paths = openapi.document(name)["paths"]
        for path, item in paths.items():
            if path.endswith("/") and path.rstrip("/") in paths:
                continue
            for method in item:
                out.append(pytest.param(name, path, method.upper(), id=f"{name} {method.upper()} {path}"))
    return out


def target(name: str) -> Target:
    if name not in _targets:
        _targets[name] = Target(name)
        _targets[name].warm()
    return _targets[name]


@pytest.mark.parametrize("name, path, method", _operations())
def test_operation_survives_schemathesis(name, path, method):
    fuzzed = target(name)
    fuzzed.reset()
    operation = fuzzed.schema[path][method]
    report = Report(name)
    exercise(fuzzed, operation, report, EXAMPLES, SEED)
    assert report.requests >= 1
    assert report.server_errors == []
    assert report.violations == []
    assert report.slow == []
    assert fuzzed.healthy() == []


@pytest.mark.parametrize("name", vendors.built())
def test_linked_call_sequences_survive_schemathesis(name):
    fuzzed = target(name)
    fuzzed.reset()
    links = [op for item in openapi.document(name)["paths"].values() for op in item.values()
             if op["responses"].get("201", {}).get("links")]
    assert links, f"{name}: the document declares no links to follow"
    seed(SEED)(stateful)(fuzzed, EXAMPLES)
    assert fuzzed.healthy() == []
