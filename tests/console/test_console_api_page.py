"""The console's API page: each vendor's generated document in Swagger UI (served by the vendor port
from the flask-swagger-ui package, no CDN), "try it out" calling the emulator as the chosen tenant."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from emulator.console import serve_console

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(browser, talentlms, lessonly, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "*")
    server = serve_console({h.name: h.base_url for h in (talentlms, lessonly)}, port=0, poll_ms=200)
    context = browser.new_context(base_url=server.base_url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:"))
            else None)
    yield page, outside
    context.close()
    server.stop()


def test_try_it_out_calls_the_emulator_with_the_tenants_credentials(demo, lessonly):
    page, outside = demo
    page.goto("/api?vendor=lessonly")
    expect(page.get_by_role("heading", level=1)).to_have_text("API reference")
    reference = page.frame_locator("iframe.api-reference")
    ping = reference.locator("#operations-ping-ping_get")
    expect(ping).to_be_visible(timeout=30_000)  # Swagger UI parses its bundle and the document first
    ping.locator(".opblock-summary").click()
    ping.get_by_role("button", name="Try it out").click()
    ping.get_by_role("button", name="Execute").click()
    expect(ping.locator(".live-responses-table tr.response td.response-col_status")).to_have_text("200", timeout=15_000)
    expect(ping.locator(".live-responses-table tr.response td.response-col_description")).to_contain_text("pong")
    lessonly.assert_calls(1, path_contains="/api/v1/ping")
    entry = lessonly.journal(path_contains="/api/v1/ping")[0]
    assert entry.status == 200 and entry.tenant == "demo"  # authorized as the chosen tenant
    assert outside == []  # everything from this machine: no CDN


def test_the_page_lists_every_vendor_and_frames_the_chosen_tenant(demo, talentlms):
    page, _ = demo
    page.goto("/api?vendor=talentlms&tenant=demo")
    expect(page.locator("nav.toc a[aria-current=page]")).to_have_text("talentlms")
    frame = page.locator("iframe.api-reference")
    expect(frame).to_have_attribute("src", f"{talentlms.base_url}/_emulator/docs/?tenant=demo")
    reference = page.frame_locator("iframe.api-reference")
    expect(reference.locator(".information-container .title")).to_contain_text("TalentLMS", timeout=30_000)
