"""Per-plan windows (YEXT: 600/minute burst, 5,000/hour): 429, Retry-After and DRF's throttle text."""

from .conftest import add_tenant


def test_minute_burst_then_429_with_retry_after(emulator):
    client = add_tenant(emulator, "limited")  # the vendor's default plan
    emulator.clock.set(1_800_000_000.0)  # the start of a minute
    emulator.clock.freeze()
    try:
        for _ in range(600):
            assert client.get("/v1/ping").status_code == 200
        r = client.get("/v1/ping")
        assert r.status_code == 429
        assert r.headers["Retry-After"] == "60"
        assert r.json == {"detail": "Request was throttled. Expected available in 60 seconds."}
        emulator.clock.advance(45)
        assert client.get("/v1/ping").headers["Retry-After"] == "15"
        emulator.clock.advance(15)
        assert client.get("/v1/ping").status_code == 200
    finally:
        emulator.clock.reset()


def test_hourly_budget(emulator):
    client = add_tenant(emulator, "hourly")
    emulator.clock.set(1_800_000_000.0)
    emulator.clock.freeze()
    try:
        for minute in range(9):
            for _ in range(600 if minute < 8 else 200):
                assert client.get("/v1/ping").status_code == 200
            emulator.clock.advance(60)
        r = client.get("/v1/ping")  # 5,000 used this hour
        assert r.status_code == 429 and int(r.headers["Retry-After"]) > 60
    finally:
        emulator.clock.reset()


def test_plans_are_declared(emulator):
    windows = {w.name: (w.limit, w.seconds) for w in emulator.vendor.plans["standard"]}
    assert windows == {"minute": (600, 60), "hour": (5000, 3600)}
