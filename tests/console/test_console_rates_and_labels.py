"""The console in headless Chromium: credentials labelled as people write them, and the Traffic page's live
chart of requests per second by status class per vendor (counts asserted, never timings)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from emulator.console.app import credential_label, credential_value

pytestmark = pytest.mark.browser


def test_credentials_are_labelled_as_people_write_them(page, tiny):
    page.goto("/")
    acme = page.locator('article[data-tenant="acme"]')
    labels = acme.locator("dl.facts dt").all_inner_texts()
    assert {"API key", "Basic auth", "SCIM token", "Example path"} <= set(labels)
    expect(acme.locator('code[data-key="basic_auth"]')).to_have_text("ACMEKEY:")  # user:password
    expect(acme.locator('code[data-key="api_key"]')).to_have_text("ACMEKEY")


def test_labels_and_values_of_every_vendors_credential_keys():
    assert [credential_label(k) for k in ("api_key", "scim_token", "scim_base_url", "base_url", "subdomain",
                                          "basic_auth", "domain")] == \
        ["API key", "SCIM token", "SCIM base URL", "Base URL", "Subdomain", "Basic auth", "Domain"]
    assert credential_value(["demo", "lessonly-demo-api-key"]) == "demo:lessonly-demo-api-key"
    assert credential_value(["sk-live-key", ""]) == "sk-live-key:"
    assert credential_value("plain") == "plain" and credential_value({"a": 1}) == '{"a": 1}'


def test_traffic_chart_counts_answers_by_class_as_they_arrive(page, tiny):
    page.goto("/traffic")
    chart = page.locator('#rates figure[data-vendor="tiny"]')
    expect(chart).to_be_visible()
    expect(chart.locator('[data-total="2xx"]')).to_have_text("0")
    for _ in range(4):
        assert tiny.api("/api/users").status_code == 200
    assert tiny.api("/api/users/9999").status_code == 404
    assert tiny.api("/api/users", key="WRONG").status_code == 401
    tiny.control("POST", "/faults", json={"path": "/api/users*", "status": 503, "times": 2})
    assert [tiny.api("/api/users").status_code for _ in range(2)] == [503, 503]
    tiny.control("POST", "/faults", json={"path": "/api/users*", "drop": True, "times": 1})
    with pytest.raises(Exception):  # noqa: B017 - the client sees a broken connection, whatever it names it
        tiny.api("/api/users")

    expect(chart.locator('[data-total="2xx"]')).to_have_text("4")  # arrived by polling, no reload
    expect(chart.locator('[data-total="4xx"]')).to_have_text("2")
    expect(chart.locator('[data-total="5xx"]')).to_have_text("2")
    expect(chart.locator('[data-total="dropped"]')).to_have_text("1")
    expect(chart.locator('[data-total="3xx"]')).to_have_text("0")
    # every class is drawn; the ones that saw requests rise above the axis at some point of the window
    for cls, rose in (("2xx", True), ("4xx", True), ("5xx", True), ("3xx", False)):
        points = chart.locator(f'polyline[data-class="{cls}"]').get_attribute("points")
        ys = [float(p.split(",")[1]) for p in points.split()]
        assert ys and (min(ys) < 119) is rose, (cls, points)
    expect(chart.locator(".rate-now")).to_have_text(re.compile(r"^\s*\d+\.\d req/s$"))
    expect(chart.locator("svg")).to_have_attribute("aria-label", "tiny: requests per second, by class of answer")


def test_rates_feed_counts_since_its_cursor_and_starts_from_zero(console, tiny):
    import requests

    http = requests.Session()
    http.trust_env = False
    tiny.api("/api/users")
    first = http.get(console.base_url + "/traffic/rates", timeout=10).json()
    assert first["counts"]["tiny"] == {"2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0, "dropped": 0}  # history not counted
    cursor = ",".join(f"{k}:{v}" for k, v in first["cursor"].items())
    tiny.api("/api/users")
    tiny.api("/api/users/9999")
    second = http.get(console.base_url + "/traffic/rates", params={"cursor": cursor}, timeout=10).json()
    assert second["counts"]["tiny"]["2xx"] == 1 and second["counts"]["tiny"]["4xx"] == 1
    again = http.get(console.base_url + "/traffic/rates",
                     params={"cursor": ",".join(f"{k}:{v}" for k, v in second["cursor"].items())}, timeout=10).json()
    assert sum(again["counts"]["tiny"].values()) == 0  # nothing counted twice
    unknown = http.get(console.base_url + "/traffic/rates", params={"vendor": "moodle"}, timeout=10).json()
    assert unknown["errors"] == ["no vendor 'moodle'"] and unknown["counts"] == {}
