"""The descriptor: demo credentials, determinism of the seed, store operations the SCIM profile uses."""

from __future__ import annotations

from emulator.config import Config, TenantConfig
from emulator.core.emulator import Emulator
from emulator.vendors.lessonly import DEMO_API_KEY, DEMO_SCIM_TOKEN, DEMO_SUBDOMAIN, VENDOR, ops, store


def test_demo_credentials(api):
    creds = VENDOR.credentials(api.tenant, "http://127.0.0.1:8003")
    assert creds["subdomain"] == DEMO_SUBDOMAIN == "demo"
    assert creds["api_key"] == DEMO_API_KEY
    assert creds["basic_auth"] == [DEMO_SUBDOMAIN, DEMO_API_KEY]
    assert creds["scim_token"] == DEMO_SCIM_TOKEN
    assert creds["base_url"] == "http://127.0.0.1:8003/api/v1"
    assert VENDOR.default_port == 8003
    assert isinstance(VENDOR.surfaces(), list)


def test_same_seed_same_bytes():
    a = Emulator(VENDOR, Config(seed=7))
    b = Emulator(VENDOR, Config(seed=7))
    c = Emulator(VENDOR, Config(seed=8))
    try:
        export = a.tenants.first().export()
        assert export == b.tenants.first().export()
        assert export != c.tenants.first().export()
    finally:
        for e in (a, b, c):
            e.close()


def test_a_second_company_is_isolated(api):
    tenant = api.emulator.add_tenant(VENDOR.new_tenant("acme", {}))
    try:
        key = tenant.config.api_key
        from lessonly_helpers import basic

        r = api.get("/api/v1/users", auth=basic("acme", key))
        assert r.status_code == 200
        created = api.post("/api/v1/users", {"name": "A", "email": "only-acme@example.com", "role": "learner"},
                           auth=basic("acme", key)).get_json()["id"]
        assert store.user_by_email(api.state, "only-acme@example.com") is None
        assert tenant.state.users.get(created) is not None
        emails = [u["email"] for u in api.get("/api/v1/users", query={"per_page": 1000}).get_json()["users"]]
        assert "only-acme@example.com" not in emails
        assert api.get("/api/v1/users", auth=basic("demo", key)).status_code == 401
    finally:
        api.emulator.tenants._by_name.pop("acme", None)


def test_store_operations_for_scim(api):
    user = store.user_by_email(api.state, api.active_user().email.upper())
    assert user is not None
    events = []
    api.tenant.bus.subscribe("user.*", lambda e: events.append(e.type))
    with api.tenant.lock:
        ops.archive_user(api.tenant, user)
        assert user.archived_at is not None
        ops.restore_user(api.tenant, user)
        assert user.archived_at is None
        made = ops.create_user(api.tenant, {"name": "Scim", "email": "scim@example.com", "role": "learner",
                                            "role_id": 32})
        ops.update_user(api.tenant, made, {"name": "Scim Two"})
    assert events[-4:] == ["user.archived", "user.restored", "user.created", "user.updated"]


def test_tenant_config_with_switches_from_file_values():
    config = Config(tenants=[TenantConfig(vendor="lessonly", name="strict", subdomain="strict", api_key="k" * 20,
                                          switches={"over_limit_status": 429, "guide_group_ids": True})])
    emulator = Emulator(VENDOR, config)
    try:
        tenant = emulator.tenants.get("strict")
        assert tenant.switch("over_limit_status") == 429 and tenant.switch("guide_group_ids") is True
    finally:
        emulator.close()
