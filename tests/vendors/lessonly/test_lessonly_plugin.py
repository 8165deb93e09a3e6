"""The pytest plugin's ``lessonly`` fixture: a real HTTP emulator with the demo company's Basic auth."""

from __future__ import annotations


def test_plugin_handle_speaks_lessonly(lessonly):
    assert lessonly.auth == ("demo", "lessonly-demo-api-key-0123456789abcdef")
    r = lessonly.http.get(lessonly.url("/api/v1/users"), params={"per_page": 3})
    assert r.status_code == 200 and r.json()["per_page"] == 3
    lessonly.assert_calls(1, path="/api/v1/users")


def test_plugin_handle_webhook_roundtrip_to_the_emulator_itself(lessonly):
    """The callback URL may be any HTTP endpoint; here, a path on the emulator that answers 404,
    so the delivery ends at once as a client error without retries."""
    lessonly.http.put(lessonly.url("/api/v1/company_settings"),
                      json={"lesson_completed_callback_url": lessonly.url("/hook")}).raise_for_status()
    tenant = lessonly.tenant
    aid = next(a.id for a in tenant.state.assignments if a.assignable_type == "Lesson" and a.state == "incomplete")
    r = lessonly.http.post(lessonly.url(f"/_emulator/lessonly/assignments/{aid}/complete"), json={"score": 100})
    assert r.status_code == 200
    assert lessonly.wait_deliveries()
    (delivery,) = lessonly.deliveries(kind="lesson_completed")
    assert delivery.outcome == "client_error" and len(delivery.attempts) == 1
    assert delivery.attempts[0].status == 404
