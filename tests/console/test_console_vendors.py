"""The console over every vendor that is built: each appears, and each tenant's snippets work as shown."""

from __future__ import annotations

import subprocess
import sys

import pytest
import requests

from emulator import vendors as registry
from emulator.config import Config
from emulator.console import create_app, snippets
from emulator.core.emulator import Emulator
from emulator.server import InProcessServer


@pytest.fixture
def built():
    servers = [InProcessServer(Emulator(vendor, Config())).start() for vendor in registry.available().values()]
    yield servers
    for server in servers:
        server.stop()


def test_every_built_vendor_appears_and_its_snippets_run(built):
    app = create_app({s.emulator.vendor.name: s.base_url for s in built})
    html = app.test_client().get("/").get_data(as_text=True)
    http = requests.Session()
    http.trust_env = False
    for server in built:
        vendor = server.emulator.vendor
        assert f'id="v-{vendor.name}"' in html
        has_scim = any(s.prefix.rstrip("/") == snippets.SCIM_PATH for s in vendor.surfaces())
        for tenant in http.get(server.base_url + "/_emulator/tenants", timeout=10).json()["tenants"]:
            assert f'data-vendor="{vendor.name}" data-tenant="{tenant["name"]}"' in html
            for snippet in snippets.for_tenant(vendor.name, server.base_url, tenant["credentials"]):
                if snippet.id.startswith("scim") and not has_scim:
                    continue
                if snippet.language == "shell":
                    run = subprocess.run(snippet.code + " -o /dev/null -w '%{http_code}'", shell=True,
                                         capture_output=True, text=True, timeout=60)
                    assert run.stdout == "200", (vendor.name, snippet.code, run.stdout, run.stderr)
                else:
                    run = subprocess.run([sys.executable, "-c", snippet.code], capture_output=True, text=True,
                                         timeout=60)
                    assert run.stdout.startswith("200 "), (vendor.name, snippet.code, run.stderr[-500:])
        journal = http.get(server.base_url + "/_emulator/journal", timeout=10).json()
        assert all(entry["status"] == 200 for entry in journal["entries"])
    http.close()
    app.extensions["console"].close()


def test_the_data_page_shows_each_built_vendors_users(built):
    app = create_app({s.emulator.vendor.name: s.base_url for s in built})
    web = app.test_client()
    for server in built:
        name = server.emulator.vendor.name
        tenant = next(iter(server.emulator.tenants))
        first = tenant.state.table("users").page(0, 1)[0] if "users" in tenant.state.tables else None
        page = web.get(f"/data?vendor={name}&tenant={tenant.name}&table=users").get_data(as_text=True)
        assert f"of {len(tenant.state.table('users')):,} in" in page
        if first is not None:
            row = web.get(f"/data/{name}/{tenant.name}/users/{first.id}")
            assert row.status_code == 200
            text = row.get_data(as_text=True)
            assert f"<h1>users <code>{first.id}</code></h1>" in text
            assert getattr(first, "email", "") in text
    app.extensions["console"].close()
