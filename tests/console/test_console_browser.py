"""The console as a person uses it, in headless Chromium: read credentials and run them, watch a
request arrive, inject a fault, move the clock, reset."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from .clock import FIXED_NOW

pytestmark = pytest.mark.browser


def snippet(page, tenant: str, snippet_id: str) -> str:
    return page.locator(f'article[data-tenant="{tenant}"] code[data-snippet="{snippet_id}"]').inner_text()


def test_overview_lists_tenants_with_credentials_and_counts(page, tiny):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Overview")
    acme = page.locator('article[data-tenant="acme"]')
    expect(acme.locator('code[data-key="api_key"]')).to_have_text("ACMEKEY")
    expect(acme.locator('code[data-key="scim_token"]')).to_have_text("acme-scim-token")
    expect(acme.locator('.count[data-table="users"]')).to_have_text("30")
    expect(page.locator('article[data-tenant="globex"] .count[data-table="users"]')).to_have_text("5")
    expect(acme).to_contain_text(tiny.base_url)


def test_copied_snippets_run_as_shown(page, tiny):
    page.goto("/")
    acme = page.locator('article[data-tenant="acme"]')
    button = acme.locator(".snippet", has=page.locator('code[data-snippet="rest-curl"]')).get_by_role("button")
    button.click()
    expect(button).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == snippet(page, "acme", "rest-curl")

    out = subprocess.run(copied, shell=True, capture_output=True, text=True, timeout=30, check=True).stdout
    assert json.loads(out)["total"] == 30

    scim = subprocess.run(snippet(page, "acme", "scim-curl"), shell=True, capture_output=True, text=True,
                          timeout=30, check=True).stdout
    assert json.loads(scim)["totalResults"] == 30

    for snippet_id in ("rest-python", "scim-python"):
        code = snippet(page, "globex", snippet_id)
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
        assert run.stdout.startswith("200 "), run.stdout + run.stderr
    assert tiny.control("GET", "/journal?tenant=globex")["count"] == 2  # the snippets really called globex


def test_a_request_appears_in_traffic_without_reload_and_opens_in_full(page, tiny):
    page.goto("/traffic")
    expect(page.locator("#traffic-empty")).to_be_visible()
    assert tiny.api("/api/users/3").status_code == 200
    assert tiny.api("/api/people").status_code == 404

    rows = page.locator("#traffic tbody tr")
    expect(rows).to_have_count(2)  # arrived by polling: the page was not reloaded
    expect(rows.nth(0)).to_contain_text("/api/people")
    expect(rows.nth(0).locator(".tag-hint")).to_have_text("hint")
    expect(rows.nth(1)).to_contain_text("/api/users/3")
    expect(rows.nth(1)).to_contain_text("acme")

    rows.nth(1).get_by_role("link").click()
    expect(page.locator("#entry-status")).to_have_text("200")
    body = json.loads(page.locator("#response-body").inner_text())
    assert body == tiny.api("/api/users/3").json()
    expect(page.get_by_role("row", name=re.compile("Authorization"))).to_contain_text("Basic ")

    page.go_back()
    page.get_by_role("link", name="/api/people").click()
    expect(page.locator("#entry-hint")).to_have_text("Tiny LMS has no /api/people; list users with GET /api/users")
    expect(page.locator("#entry-status")).to_have_text("404")


def test_traffic_filters_by_method_path_and_status_class(page, tiny):
    tiny.api("/api/users")
    tiny.api("/api/users/9999")
    tiny.api("/api/users", method="POST", json={"email": "new@example.com"})
    page.goto("/traffic")
    page.get_by_label("Status").fill("4xx")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("#traffic tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("/api/users/9999")
    page.get_by_label("Status").fill("")
    page.get_by_label("Method").select_option("POST")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("201")
    tiny.api("/api/users")  # a GET arriving live must not show under the POST filter
    tiny.api("/api/users", method="POST", json={"email": "newer@example.com"})
    expect(rows).to_have_count(2)
    expect(page.locator("#traffic tbody")).not_to_contain_text("GET")


def test_a_fault_added_in_controls_fails_the_next_request(page, tiny):
    page.goto("/controls")
    page.get_by_label("Path (glob, or re:regex)").fill("/api/users*")
    page.get_by_label("Answer with status").fill("503")
    page.get_by_label("Body (JSON or text)").fill('{"error": "maintenance"}')
    page.get_by_label("Only the next N calls").fill("1")
    page.get_by_role("button", name="Add fault").click()

    flash = page.get_by_role("status")
    expect(flash).to_contain_text("Done")
    curl = page.locator(".flash-curl").inner_text()
    assert curl.startswith("curl -sS -X POST -H 'Content-Type: application/json'")
    assert f"{tiny.base_url}/_emulator/faults" in curl
    expect(page.locator("li[data-fault]")).to_contain_text("/api/users* → 503")

    failed = tiny.api("/api/users")
    assert failed.status_code == 503 and failed.json() == {"error": "maintenance"}
    assert tiny.api("/api/users").status_code == 200  # only the next call

    page.goto("/traffic")
    expect(page.locator("#traffic tbody tr").nth(1).locator(".tag-fault")).to_have_text("fault")

    page.goto("/controls")
    page.get_by_role("button", name="Remove fault 1").click()
    expect(page.get_by_role("status")).to_contain_text("remove fault rule 1")
    assert tiny.control("GET", "/faults")["faults"] == []


def test_limits_fill_live_and_drain_when_the_clock_advances(page, tiny):
    tiny.control("POST", "/clock", json={"at": FIXED_NOW, "freeze": True})
    page.goto("/limits")
    window = page.locator('[data-window="tiny/acme/5s"]')
    hour = page.locator('[data-window="tiny/acme/hour"]')
    expect(window.locator(".used")).to_have_text("0")
    for _ in range(7):
        assert tiny.api("/api/users/1").status_code == 200
    expect(window.locator(".used")).to_have_text("7")  # filled live
    expect(window.locator("meter")).to_have_attribute("value", "7")
    expect(hour.locator(".used")).to_have_text("7")

    controls = page.context.new_page()
    controls.goto("/controls")
    controls.get_by_label("Advance by seconds").fill("5")
    controls.get_by_role("button", name="Advance").click()
    expect(controls.get_by_role("status")).to_contain_text('"advance": 5')
    expect(controls.locator(".flash-curl")).to_contain_text("/_emulator/clock")

    expect(window.locator(".used")).to_have_text("0")  # the 5-second window emptied
    expect(window.locator(".remaining")).to_have_text("200")
    expect(hour.locator(".used")).to_have_text("7")  # the hour still counts them


def test_freeze_and_unfreeze_the_clock(page, tiny):
    page.goto("/limits")
    expect(page.locator("#frozen-tiny")).to_be_hidden()
    page.goto("/controls")
    page.get_by_role("button", name="Freeze").click()
    expect(page.get_by_role("status")).to_contain_text("clock freeze")
    assert tiny.control("GET", "/clock")["frozen"] is True
    page.goto("/limits")
    expect(page.locator("#frozen-tiny")).to_be_visible()
    page.goto("/controls")
    page.get_by_role("button", name="Unfreeze").click()
    expect(page.get_by_role("status")).to_contain_text("clock unfreeze")
    assert tiny.control("GET", "/clock")["frozen"] is False
    page.goto("/limits")
    expect(page.locator("#frozen-tiny")).to_be_hidden()


def test_reset_brings_counts_back(page, tiny):
    for i in range(3):
        assert tiny.api("/api/users", method="POST", json={"email": f"extra{i}@example.com"}).status_code == 201
    page.goto("/")
    count = page.locator('article[data-tenant="acme"] .count[data-table="users"]')
    expect(count).to_have_text("33")

    page.goto("/controls")
    page.get_by_role("button", name="Reset tenant acme").click()
    expect(page.get_by_role("status")).to_contain_text("reset acme")
    expect(page.locator(".flash-curl")).to_have_text(
        f"curl -sS -X POST -H 'Content-Type: application/json' -d '{{\"tenant\": \"acme\"}}' "
        f"{tiny.base_url}/_emulator/reset")
    page.goto("/")
    expect(count).to_have_text("30")


def test_snapshot_then_restore(page, tiny):
    page.goto("/controls")
    page.get_by_label("New snapshot name").first.fill("before-import")
    page.get_by_role("button", name="Take snapshot").first.click()
    expect(page.get_by_role("status")).to_contain_text("snapshot 'before-import'")
    tiny.api("/api/users", method="POST", json={"email": "later@example.com"})
    assert tiny.control("GET", "/tenants/acme")["counts"]["users"] == 31
    page.get_by_role("button", name="Restore").click()
    expect(page.get_by_role("status")).to_contain_text("restore 'before-import' into acme")
    assert tiny.control("GET", "/tenants/acme")["counts"]["users"] == 30


def test_reseed_with_new_sizes(page, tiny):
    page.goto("/controls")
    page.get_by_label("Sizes, e.g. users=1000").fill("users=120")
    page.get_by_role("button", name="Reseed").click()
    expect(page.get_by_role("status")).to_contain_text('"users": 120')
    page.goto("/")
    expect(page.locator('article[data-tenant="acme"] .count[data-table="users"]')).to_have_text("120")


def test_a_refused_control_call_shows_the_emulators_error(page, tiny):
    page.goto("/controls")
    page.get_by_label("Answer with status").fill("999")
    page.get_by_role("button", name="Add fault").click()
    expect(page.get_by_role("status")).to_contain_text("'status' must be an HTTP status code (100-599)")
    assert tiny.control("GET", "/faults")["faults"] == []


def test_data_pages_searches_and_opens_a_user_on_every_surface(page, tiny):
    page.goto("/data")
    rows = page.locator("table.rows tbody tr")
    expect(rows).to_have_count(30)
    page.get_by_label("Per page").select_option("25")
    page.get_by_role("button", name="Show").click()
    expect(rows).to_have_count(25)
    page.get_by_role("link", name="Next 25").click()
    expect(rows).to_have_count(5)
    expect(page.locator("#data-summary")).to_contain_text("Rows 26–30")

    email = tiny.control("GET", "/data/users/7")["row"]["email"]
    page.get_by_label("Search", exact=True).fill(email.upper())
    page.get_by_role("button", name="Show").click()
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Tiny REST")).to_be_visible()
    expect(page.get_by_role("heading", name="SCIM")).to_be_visible()
    assert json.loads(page.locator("#row-json").inner_text())["email"] == email

    page.goto("/data?table=courses&tenant=globex")
    expect(rows).to_have_count(1)


def test_deliveries_show_attempts_and_payloads(page, tiny, receiver):
    tiny.emulator.tenants.get("acme").config.settings["webhook_url"] = receiver.url
    assert tiny.api("/api/users", method="POST", json={"email": "hooked@example.com"}).status_code == 201
    assert tiny.emulator.deliveries.wait_idle(10)
    page.goto("/deliveries")
    delivery = page.locator('details[data-delivery="tiny:1"]')
    expect(delivery).to_contain_text("delivered")
    expect(delivery).to_contain_text(receiver.url)
    delivery.locator("summary").click()
    expect(delivery.locator("table.rows tbody tr")).to_contain_text("200")
    expect(delivery.locator("pre")).to_contain_text('"email": "hooked@example.com"')
    assert receiver.requests[0].json()["email"] == "hooked@example.com"


def test_keyboard_reaches_content_and_every_field_has_a_label(page):
    for path in ("/", "/data", "/traffic", "/limits", "/controls", "/deliveries"):
        page.goto(path)
        page.keyboard.press("Tab")
        expect(page.locator(":focus")).to_have_text("Skip to content")
        page.keyboard.press("Enter")
        expect(page.locator("#main")).to_be_focused()
        unlabeled = page.evaluate("""() => [...document.querySelectorAll('input:not([type=hidden]), select')]
            .filter(el => !(el.labels && el.labels.length)).map(el => el.name)""")
        assert unlabeled == [], f"{path}: fields without a label: {unlabeled}"
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Overview")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/data$"))


def test_pages_fit_a_phone_screen(browser, console):
    context = browser.new_context(base_url=console.base_url, viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    for path in ("/", "/data", "/traffic", "/limits", "/controls", "/deliveries"):
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at phone width"
    context.close()
