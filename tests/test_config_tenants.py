"""Tenants declared in a config file get the credentials the control API would give them."""

from __future__ import annotations

import base64

import pytest

from emulator import vendors
from emulator.config import Config, TenantConfig
from emulator.core.emulator import Emulator

#: a REST read per vendor that needs the tenant's key
REST = {"talentlms": "/api/v1/siteinfo", "skilljar": "/v1/ping", "lessonly": "/api/v1/users"}


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def listed(emulator: Emulator, name: str) -> dict:
    tenants = emulator.app.test_client().get("/_emulator/tenants").get_json()["tenants"]
    return next(t for t in tenants if t["name"] == name)["credentials"]


@pytest.mark.parametrize("vendor", ["talentlms", "skilljar", "lessonly"])
def test_a_config_tenant_without_credentials_gets_working_stable_ones(vendor):
    def build() -> Emulator:
        return Emulator(vendors.get(vendor), Config(tenants=[TenantConfig(vendor=vendor, name="acme")]))

    first, second = build(), build()
    try:
        creds = listed(first, "acme")
        assert creds["api_key"] and creds["scim_token"]
        assert listed(second, "acme") == creds  # a restart keeps the keys a developer copied
        client = first.app.test_client()
        assert client.get(REST[vendor], headers=basic(*creds["basic_auth"])).status_code == 200
        scim_path = creds.get("scim_base_url") or "/scim/v2"
        bearer = {"Authorization": "Bearer " + creds["scim_token"]}
        assert client.get(scim_path + "/Users?count=1", headers=bearer).status_code == 200
        # the same as the control API gives a tenant of that name
        made = second.app.test_client().post("/_emulator/tenants", json={"name": "other"}).get_json()
        third = Emulator(vendors.get(vendor), Config(tenants=[TenantConfig(vendor=vendor, name="other")]))
        try:
            assert listed(third, "other") == made["credentials"]
        finally:
            third.close()
    finally:
        first.close()
        second.close()


def test_given_credentials_are_kept_and_only_missing_ones_generated():
    config = TenantConfig(vendor="lessonly", name="acme", subdomain="acme-co", api_key="given-key")
    emulator = Emulator(vendors.get("lessonly"), Config(tenants=[config]))
    try:
        creds = listed(emulator, "acme")
        assert creds["subdomain"] == "acme-co" and creds["api_key"] == "given-key"
        assert emulator.tenants.get("acme").config.domain == "acme-co.lessonly.com"
        client = emulator.app.test_client()
        bearer = {"Authorization": "Bearer " + creds["scim_token"]}  # a JWT naming acme-co
        assert client.get("/scim/v2/Users?count=1", headers=bearer).status_code == 200
        assert client.get("/scim/v2/Users?count=1", headers=basic("acme-co", creds["scim_token"])).status_code == 200
    finally:
        emulator.close()


def test_talentlms_lists_its_scim_base_url_where_the_path_was_moved(monkeypatch):
    monkeypatch.setenv("LMS_EMULATOR_TALENTLMS_SCIM_PATH", "/scim/v2.0/")
    emulator = Emulator(vendors.get("talentlms"), Config())
    try:
        creds = listed(emulator, "demo")
        assert creds["scim_base_url"] == "/scim/v2.0"
        bearer = {"Authorization": "Bearer " + creds["scim_token"]}
        assert emulator.app.test_client().get("/scim/v2.0/Users", headers=bearer).status_code == 200
    finally:
        emulator.close()


def test_a_config_with_tenants_reads_back_from_its_dict():
    """serve passes the config to each server process as a dict: a vendor's own tenant keys included."""
    config = Config(tenants=[TenantConfig(vendor="talentlms", name="acme", date_format="MMDDYYYY"),
                             TenantConfig(vendor="lessonly", name="les")])
    again = Config.from_dict(config.to_dict())
    assert again.to_dict() == config.to_dict() and again.tenants[0].date_format == "MMDDYYYY"
