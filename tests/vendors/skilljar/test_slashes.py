"""Trailing slashes: three tenant modes."""

from .conftest import add_tenant, basic


def test_default_serves_both_forms_without_redirect(sj):
    a, b = sj.get("/v1/groups"), sj.get("/v1/groups/")
    assert a.status_code == b.status_code == 200 and a.json == b.json


def test_redirect_mode_301_keeps_query(emulator):
    client = add_tenant(emulator, "redir", switches={"trailing_slash": "redirect"})
    r = client.get("/v1/users?email=a%40b.c&page=1")
    assert r.status_code == 301 and r.headers["Location"] == "/v1/users/?email=a%40b.c&page=1"
    assert client.get("/v1/users/").status_code == 200


def test_strict_mode_404s_slashless(emulator):
    client = add_tenant(emulator, "strict", switches={"trailing_slash": "strict"})
    r = client.get("/v1/users")
    assert r.status_code == 404 and r.json == {"detail": "Not found."}
    assert client.get("/v1/users/").status_code == 200


def test_wrong_method_is_405_in_both_forms(sj):
    for path in ("/v1/users", "/v1/users/"):
        r = sj.delete(path)
        assert r.status_code == 405 and r.json == {"detail": 'Method "DELETE" not allowed.'}


def test_doubled_slashes_are_404_not_a_redirect(sj):
    for path in ("/v1/users//", "/v1//users", "/v1/groups//"):
        r = sj.get(path)
        assert r.status_code == 404 and r.json == {"detail": "Not found."}


def _only_tenant(mode: str, **extra):
    from emulator.config import Config, TenantConfig
    from emulator.core.emulator import Emulator
    from emulator.vendors.skilljar import VENDOR

    tenants = [TenantConfig(vendor="skilljar", name="first", api_key="sk-live-first", domain="first.skilljar.com",
                            switches={"trailing_slash": mode}),
               TenantConfig(vendor="skilljar", name="second", api_key="sk-live-second",
                            domain="second.skilljar.com")]
    return Emulator(VENDOR, Config(tenants=tenants, **extra))


def test_slash_modes_answer_before_auth_and_rate_limits_as_django_does():
    """URL resolution and APPEND_SLASH run before any DRF view: no key needed, nothing throttled."""
    emu = _only_tenant("redirect")
    try:
        raw = emu.app.test_client()
        r = raw.get("/v1/users?page=2")  # no credentials at all
        assert r.status_code == 301 and r.headers["Location"] == "/v1/users/?page=2"
        assert raw.get("/v1/users/").status_code == 401  # the slashed form reaches DRF's auth
        assert raw.get("/v1/users", headers=basic("sk-live-first")).status_code == 301
        assert raw.get("/v1/users", headers=basic("sk-live-second")).status_code == 200  # its own mode
        used = {name: {w["window"]: w["used"] for w in t["windows"]}
                for name, t in raw.get("/_emulator/limits").get_json()["tenants"].items()}
        assert used == {"first": {"minute": 0, "hour": 0}, "second": {"minute": 1, "hour": 1}}
    finally:
        emu.close()
    emu = _only_tenant("strict")
    try:
        r = emu.app.test_client().get("/v1/users")
        assert r.status_code == 404 and r.json == {"detail": "Not found."}
    finally:
        emu.close()
