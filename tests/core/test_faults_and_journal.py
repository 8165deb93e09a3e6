import pytest

from emulator.core.faults import FaultError, Faults
from emulator.core.journal import Journal


def test_next_n_rule_fires_exactly_n_times():
    faults = Faults()
    faults.add({"method": "GET", "path": "/api/*", "status": 503, "times": 2})
    assert faults.match("GET", "/api/x").status == 503
    assert faults.match("POST", "/api/x") is None
    assert faults.match("GET", "/api/y").status == 503
    assert faults.match("GET", "/api/z") is None


def test_probability_is_repeatable_under_a_seed():
    def run():
        faults = Faults()
        faults.add({"path": "*", "status": 500, "probability": 0.3, "seed": 7})
        return [faults.match("GET", "/x") is not None for _ in range(200)]

    first = run()
    assert first == run()
    assert 30 < sum(first) < 90


def test_regex_paths_latency_ranges_and_drop():
    faults = Faults()
    faults.add({"path": r"re:^/v1/users/\w+$", "latency_range_ms": [10, 20], "seed": 1})
    action = faults.match("GET", "/v1/users/abc")
    assert 0.010 <= action.delay_s <= 0.020 and action.status is None
    assert faults.match("GET", "/v1/users/abc/groups") is None
    faults.clear()
    faults.add({"path": "*", "drop": True})
    assert faults.match("GET", "/anything").drop


@pytest.mark.parametrize("spec", [
    {"path": "*"},  # does nothing
    {"path": "*", "status": 99},
    {"path": "*", "status": 500, "times": 0},
    {"path": "*", "status": 500, "probability": 2},
    {"path": "re:(", "status": 500},
    {"path": "*", "latency_range_ms": [5, 1]},
    {"path": "*", "status": 500, "colour": "red"},
    ["not", "an", "object"],
])
def test_bad_rules_are_refused_with_a_reason(spec):
    with pytest.raises(FaultError):
        Faults().add(spec)


def test_journal_is_bounded_and_queryable():
    journal = Journal(capacity=3)
    for i in range(5):
        e = journal.start(time=0.0, vendor="t", method="GET" if i % 2 else "POST", path=f"/p/{i}", query="",
                          request_headers={}, request_body="")
        e.status = 200 if i < 4 else 404
    assert [e.path for e in journal.query()] == ["/p/2", "/p/3", "/p/4"]
    assert [e.path for e in journal.query(method="post")] == ["/p/2", "/p/4"]
    assert [e.path for e in journal.query(status=404)] == ["/p/4"]
    assert [e.path for e in journal.query(since_id=4)] == ["/p/4"]
    assert [e.path for e in journal.query(limit=1)] == ["/p/4"]
    journal.clear()
    assert journal.query() == []


@pytest.mark.parametrize("spec", [
    {"path": "*", "status": 503, "headers": {"X\nY": "a"}},
    {"path": "*", "status": 503, "headers": {"X-A": "a\r\nSet-Cookie: x"}},
    {"path": "*", "status": 503, "headers": {"X-A": 5}},
    {"path": "*", "latency_ms": float("inf")},
    {"path": "*", "latency_ms": True},
])
def test_rules_that_would_break_the_server_are_refused(spec):
    with pytest.raises(FaultError):
        Faults().add(spec)
