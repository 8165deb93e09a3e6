"""The pytest plugin's ``skilljar`` fixture, used the way a project's own tests would."""

import requests


def test_plugin_fixture_serves_the_demo_tenant(skilljar):
    assert skilljar.auth == (skilljar.credentials["api_key"], "")
    session = requests.Session()
    session.trust_env = False
    assert session.get(skilljar.url("/v1/ping"), auth=skilljar.auth).status_code == 200
    created = session.post(skilljar.url("/v1/domains/demo.skilljar.com/users"), auth=skilljar.auth,
                           json={"user": {"email": "plugin@example.org"}})
    assert created.status_code == 201
    found = session.get(skilljar.url("/v1/users"), params={"email": "plugin@example.org"}, auth=skilljar.auth)
    assert found.json()["count"] == 1


def test_plugin_reset_between_tests(skilljar):
    session = requests.Session()
    session.trust_env = False
    found = session.get(skilljar.url("/v1/users"), params={"email": "plugin@example.org"}, auth=skilljar.auth)
    assert found.json()["count"] == 0
