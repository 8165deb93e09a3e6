"""The console over the real vendors (the plugin's fixtures), in headless Chromium, with the vendor's
own PyPI client making the requests: what a demo looks like."""

from __future__ import annotations

import re

import pytest
import talentlms as tlms
from playwright.sync_api import expect

from emulator.console import serve_console

from .clock import FIXED_NOW

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(browser, talentlms, skilljar, lessonly, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "*")
    server = serve_console({h.name: h.base_url for h in (talentlms, skilljar, lessonly)}, port=0, poll_ms=200)
    context = browser.new_context(base_url=server.base_url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
    server.stop()


def tlms_client(talentlms):
    return tlms.api(talentlms.base_url.split("://", 1)[1], talentlms.credentials["api_key"], ssl=False)


def test_every_vendor_is_on_the_overview(demo, talentlms, skilljar, lessonly):
    demo.goto("/")
    for handle in (talentlms, skilljar, lessonly):
        card = demo.locator(f'article[data-vendor="{handle.name}"]').first
        expect(card).to_contain_text(handle.base_url)
        users = len(handle.tenant.state.table("users"))
        expect(card.locator('.count[data-table="users"]')).to_have_text(f"{users:,}")
        expect(card.locator('code[data-snippet="rest-curl"]')).to_be_visible()
        expect(card.locator('code[data-snippet="scim-curl"]')).to_contain_text("Authorization: Bearer")


def test_the_pypi_client_shows_up_in_traffic(demo, talentlms):
    demo.goto("/traffic?vendor=talentlms")
    assert tlms_client(talentlms).users(1)["login"] == "admin"
    row = demo.locator("#traffic tbody tr").first
    expect(row).to_contain_text("/api/v1/users/id:1")
    expect(row).to_contain_text("demo")
    expect(row.locator(".status")).to_have_text("200")
    row.get_by_role("link").click()
    expect(demo.locator("#response-body")).to_contain_text('"login": "admin"')


def test_a_fault_from_the_console_reaches_the_client(demo, talentlms):
    demo.goto("/controls")
    panel = demo.locator('section[aria-labelledby="cv-talentlms"]')
    panel.get_by_label("Path (glob, or re:regex)").fill("/api/v1/users*")
    panel.get_by_label("Answer with status").fill("500")
    panel.get_by_label("Body (JSON or text)").fill('{"error": {"type": "internal_error", "message": "Down for demo"}}')
    panel.get_by_label("Only the next N calls").fill("1")
    panel.get_by_role("button", name="Add fault").click()
    expect(demo.get_by_role("status")).to_contain_text("talentlms: fault rule on * /api/v1/users*")
    client = tlms_client(talentlms)
    with pytest.raises(tlms.TalentLMSError, match="Down for demo"):
        client.users(1)
    assert client.users(1)["login"] == "admin"


def test_talentlms_five_second_window_drains_when_the_clock_advances(demo, talentlms):
    talentlms.freeze(FIXED_NOW)
    for _ in range(4):
        assert talentlms.http.get(talentlms.url("/api/v1/siteinfo")).status_code == 200
    demo.goto("/limits")
    short = demo.locator('[data-window="talentlms/demo/5s"]')
    expect(short.locator(".used")).to_have_text("4")
    demo.goto("/controls")
    panel = demo.locator('section[aria-labelledby="cv-talentlms"]')
    panel.get_by_label("Advance by seconds").fill("5")
    panel.get_by_role("button", name="Advance").click()
    expect(demo.get_by_role("status")).to_contain_text("talentlms: clock advance")
    demo.goto("/limits")
    expect(short.locator(".used")).to_have_text("0")


def test_reset_undoes_a_signup(demo, talentlms):
    client = tlms_client(talentlms)
    client.user_signup({"first_name": "Demo", "last_name": "Person", "email": "demo.person@example.com",
                        "login": "demoperson", "password": "Secret123"})
    demo.goto("/data?vendor=talentlms&table=users&q=demo.person")
    expect(demo.locator("table.rows tbody tr")).to_have_count(1)
    demo.goto("/controls")
    demo.locator('section[aria-labelledby="cv-talentlms"]').get_by_role("button", name="Reset tenant demo").click()
    expect(demo.get_by_role("status")).to_contain_text(re.compile(r"talentlms: reset demo"))
    demo.goto("/data?vendor=talentlms&table=users&q=demo.person")
    expect(demo.locator("#data-summary")).to_contain_text("No rows")
