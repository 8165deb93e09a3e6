"""The vendor registry and the one package layout every vendor follows (docs/adding-a-vendor.md)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import requests

from emulator import vendors
from emulator.config import Config, ConfigError, TenantConfig

#: every vendor package has each of these roles, as a module ``X.py`` or a package ``X/``
REQUIRED_ROLES = frozenset({"models", "store", "ops", "params", "routes", "serialize", "errors", "auth",
                            "limits", "seed", "scim", "effects", "control"})
#: and may have these, where the vendor has such a thing
OPTIONAL_ROLES = frozenset({"pages", "clone", "openapi"})
EXAMPLE = ("tiny", "examples.tinylms")


def package_dir(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.submodule_search_locations, f"{module} is not a package"
    return Path(list(spec.submodule_search_locations)[0])


def roles(folder: Path) -> set[str]:
    """The top-level modules and packages of a vendor package (``__init__.py``, caches and data files
    such as ``documented.json`` aside)."""
    found = set()
    for item in folder.iterdir():
        if item.name in ("__init__.py", "__pycache__") or item.name.startswith("."):
            continue
        if item.is_dir():
            assert (item / "__init__.py").exists(), f"{item} is a folder but not a package"
            found.add(item.name)
        elif item.suffix == ".py":
            found.add(item.stem)
    return found


@pytest.fixture
def example():
    vendors.register(*EXAMPLE, 8099, label="Tiny LMS")
    yield vendors.get("tiny")
    vendors.unregister("tiny")


def test_index_names_every_built_vendor_with_its_descriptors_port():
    found = vendors.available()
    assert list(found) == vendors.built() == ["talentlms", "skilljar", "lessonly"]
    for name, vendor in found.items():
        assert vendor.name == name and vendor.default_port == vendors.default_port(name)
        assert vendor.title.startswith(vendors.label(name))


def test_unknown_vendor_is_a_clear_error():
    try:
        vendors.get("moodle")
    except KeyError as exc:
        assert "moodle" in str(exc) and "talentlms" in str(exc)
    else:
        raise AssertionError("expected KeyError")


@pytest.mark.parametrize("module", [f"emulator.vendors.{name}" for name in vendors.INDEX] + [EXAMPLE[1]])
def test_every_vendor_package_has_every_role_and_nothing_else(module):
    found = roles(package_dir(module))
    missing = sorted(REQUIRED_ROLES - found)
    extra = sorted(found - REQUIRED_ROLES - OPTIONAL_ROLES)
    assert not missing and not extra, (f"{module}: missing roles {missing}, modules outside the layout {extra} "
                                       f"(see docs/adding-a-vendor.md)")


def test_an_extra_vendor_joins_the_registry_and_is_served_like_a_built_one(example):
    from emulator.plugin import EmulatorSession

    assert example.name == "tiny" and "tiny" in vendors.built() and vendors.default_port("tiny") == 8099
    session = EmulatorSession()  # the plugin's machinery: build_emulator → registry → in-process server
    try:
        handle = session.vendor("tiny")
        users = handle.http.get(handle.url("/api/users"), timeout=10)
        assert users.status_code == 200 and users.json()["total"] == 30
        created = handle.http.post(handle.url("/api/users"), json={"email": "new@tiny.test"}, timeout=10)
        assert created.status_code == 201 and created.json()["email"] == "new@tiny.test"
        suspended = requests.post(handle.url(f"/_emulator/tiny/users/{created.json()['id']}/suspend"), json={},
                                  timeout=10)
        assert suspended.status_code == 200 and suspended.json()["active"] is False
        missing = handle.http.get(handle.url("/api/users/999"), timeout=10)
        assert (missing.status_code, missing.json()) == (404, {"error": "no such user"})  # via render_error
    finally:
        session.close()
    vendors.unregister("tiny")
    assert "tiny" not in vendors.built()


def test_extra_vendors_from_the_environment(monkeypatch):
    monkeypatch.setenv(vendors.ENV_EXTRA, "tiny=examples.tinylms:8099")
    assert vendors.get("tiny").title == "Tiny LMS" and vendors.default_port("tiny") == 8099
    monkeypatch.setenv(vendors.ENV_EXTRA, "tiny=examples.tinylms")
    with pytest.raises(ValueError, match="name=module:port"):
        vendors.built()


def test_a_built_in_name_cannot_be_registered_again():
    with pytest.raises(ValueError, match="built-in"):
        vendors.register("talentlms", "examples.tinylms", 9000)


# --- what shared code takes from the registry ------------------------------------------------

def test_tenant_config_keys_come_from_the_vendors_descriptor():
    lessonly = TenantConfig.from_dict({"vendor": "lessonly", "name": "a", "subdomain": "acme"})
    assert lessonly.subdomain == "acme" and lessonly.to_dict()["subdomain"] == "acme"
    assert TenantConfig(vendor="talentlms", name="b").date_format is None
    with pytest.raises(ConfigError, match=r"unknown tenant keys: \['subdomain'\]"):
        TenantConfig.from_dict({"vendor": "talentlms", "name": "c", "subdomain": "acme"})
    with pytest.raises(ConfigError, match="'date_format' must be a non-empty string"):
        Config.from_dict({"tenants": [{"vendor": "talentlms", "name": "d", "date_format": ""}]})
    with pytest.raises(TypeError):
        TenantConfig(vendor="skilljar", name="e", date_format="DDMMYYYY")


def test_cli_port_options_and_plugin_fixtures_follow_the_index():
    from click.testing import CliRunner

    from emulator import plugin
    from emulator.cli import main

    text = CliRunner().invoke(main, ["serve", "--help"], terminal_width=200).output
    for name, entry in vendors.INDEX.items():
        assert f"--{name}-port" in text and f"LMS_EMULATOR_{name.upper()}_PORT" in text
        assert f"{entry.label} port (default {entry.port})." in text
        assert getattr(plugin, name)._fixture_function_marker.name == name  # noqa: SLF001


def test_console_example_path_comes_from_the_descriptor(example):
    from emulator.console.snippets import rest_url

    assert rest_url("talentlms", "http://h:1", {}) == "http://h:1/api/v1/siteinfo"
    assert rest_url("skilljar", "http://h:2/", {}) == "http://h:2/v1/users"
    assert rest_url("tiny", "http://h:3", {}) == "http://h:3/api/v1/users"  # the descriptor's default
    assert rest_url("moodle", "http://h:4", {"example_path": "/x"}) == "http://h:4/x"
