"""Regenerate the console screenshots in this folder: ``.venv/bin/python docs/console/make_screenshots.py``.

Serves every built vendor (or, while none is built, the tiny test vendor from tests/console/) in this
process, makes a little traffic with each tenant's own credentials, starts the console over them and
photographs each page in headless Chromium (Debian's ``chromium``; nothing is downloaded).
"""

from __future__ import annotations

import sys
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from emulator import vendors as registry  # noqa: E402
from emulator.config import Config  # noqa: E402
from emulator.console import serve_console, snippets  # noqa: E402
from emulator.core.emulator import Emulator  # noqa: E402
from emulator.server import InProcessServer  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
PAGES = [("overview", "/"), ("data", "/data"), ("traffic", "/traffic"), ("limits", "/limits"),
         ("controls", "/controls"), ("deliveries", "/deliveries")]


def descriptors() -> list:
    found = list(registry.available().values())
    if found:
        return found
    from examples.tinylms import VENDOR

    return [VENDOR]


def make_traffic(servers: list[InProcessServer]) -> None:
    http = requests.Session()
    http.trust_env = False
    for server in servers:
        for info in http.get(server.base_url + "/_emulator/tenants", timeout=10).json()["tenants"]:
            creds = info["credentials"]
            basic = creds.get("basic_auth")
            url = snippets.rest_url(info["vendor"], server.base_url, creds)
            for _ in range(3):
                http.get(url, auth=tuple(basic) if basic else None, timeout=10)
            http.get(url, auth=("wrong-key", ""), timeout=10)
        http.post(server.base_url + "/_emulator/faults", json={"method": "GET", "path": "/nowhere*", "status": 503},
                  timeout=10)


def main(out: Path = HERE) -> None:
    from playwright.sync_api import sync_playwright

    servers = [InProcessServer(Emulator(vendor, Config())).start() for vendor in descriptors()]
    console = serve_console({s.emulator.vendor.name: s.base_url for s in servers}, port=0)
    try:
        make_traffic(servers)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
            page = browser.new_page(viewport={"width": 1280, "height": 900}, base_url=console.base_url)
            for name, path in PAGES:
                page.goto(path)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(out / f"{name}.png"), full_page=False)
            page.goto("/traffic")
            page.locator("#traffic tbody tr a").first.click()
            page.screenshot(path=str(out / "request.png"))
            phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True,
                                     base_url=console.base_url)
            phone.goto("/")
            phone.screenshot(path=str(out / "overview-phone.png"))
            browser.close()
    finally:
        console.stop()
        for server in servers:
            server.stop()
    print("screenshots written to", out)


if __name__ == "__main__":
    main()
