"""Fixtures every test folder shares: headless Chromium (Debian's ``chromium`` package, driven by
Playwright; no browser is downloaded), one per test process for the console and reliability tests."""

from __future__ import annotations

import os

import pytest

CHROMIUM = os.environ.get("LMS_EMULATOR_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"no Chromium at {CHROMIUM}: install Debian's package with "
                    "`apt-get install -y chromium` (make test does this)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()
