"""Trailing slashes: three tenant modes."""

from .conftest import add_tenant


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
