"""Basic auth with the key as username: with and without the colon; other schemes refused."""

import base64

from emulator.vendors.skilljar import DEMO_API_KEY

from .conftest import add_tenant, basic


def test_basic_with_and_without_colon_both_authenticate(sj):
    assert sj.raw.get("/v1/ping", headers=basic(colon=True)).status_code == 200
    assert sj.raw.get("/v1/ping", headers=basic(colon=False)).status_code == 200


def test_ping_is_an_empty_200(sj):
    r = sj.get("/v1/ping")
    assert r.status_code == 200 and r.data == b"" and "Content-Type" not in r.headers


def test_missing_credentials_is_drf_401_with_challenge(sj):
    r = sj.raw.get("/v1/users")
    assert r.status_code == 401
    assert r.json == {"detail": "Authentication credentials were not provided."}
    assert r.headers["WWW-Authenticate"] == 'Basic realm="api"'


def test_wrong_key_and_nonempty_password_are_refused(sj):
    assert sj.raw.get("/v1/users", headers=basic("sk-live-wrong")).json == {"detail": "Invalid username/password."}
    token = base64.b64encode(f"{DEMO_API_KEY}:secret".encode()).decode()
    r = sj.raw.get("/v1/users", headers={"Authorization": f"Basic {token}"})
    assert r.status_code == 401 and r.json == {"detail": "Invalid username/password."}
    assert r.headers["WWW-Authenticate"] == 'Basic realm="api"'


def test_bearer_and_token_schemes_get_401_by_default(sj):
    r = sj.raw.get("/v1/users", headers={"Authorization": f"Bearer {DEMO_API_KEY}"})
    assert r.status_code == 401 and r.json == {"detail": "Invalid token."}
    r = sj.raw.get("/v1/users", headers={"Authorization": f"Token {DEMO_API_KEY}"})
    assert r.status_code == 401 and r.json == {"detail": "Authentication credentials were not provided."}


def test_bare_base64_without_scheme_is_not_credentials(sj):
    token = base64.b64encode(f"{DEMO_API_KEY}:".encode()).decode()
    r = sj.raw.get("/v1/users", headers={"Authorization": token})
    assert r.status_code == 401 and r.json == {"detail": "Authentication credentials were not provided."}
    assert r.headers["WWW-Authenticate"] == 'Basic realm="api"'


def test_malformed_basic_headers(sj):
    r = sj.raw.get("/v1/users", headers={"Authorization": "Basic"})
    assert r.json == {"detail": "Invalid basic header. No credentials provided."}
    r = sj.raw.get("/v1/users", headers={"Authorization": "Basic !!!notbase64"})
    assert r.status_code == 401
    assert r.json == {"detail": "Invalid basic header. Credentials not correctly base64 encoded."}
    assert r.headers["WWW-Authenticate"] == 'Basic realm="api"'


def test_switch_accepts_token_schemes(emulator):
    client = add_tenant(emulator, "tokens", switches={"accept_token_schemes": True})
    for scheme in ("Bearer", "Token"):
        r = client.raw.get("/v1/ping", headers={"Authorization": f"{scheme} sk-live-tokens-key"})
        assert r.status_code == 200


def test_credentials_for_clients(emulator):
    creds = emulator.vendor.credentials(emulator.tenants.get("demo"), "http://x")
    assert creds["api_key"].startswith("sk-live-")
    assert creds["basic_auth"] == [creds["api_key"], ""]
    assert "scim_token" in creds
