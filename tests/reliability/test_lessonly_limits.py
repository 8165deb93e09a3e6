"""Lessonly's Rails edges (issue 14, item 11): X-Request-Id kept as Rails keeps it, NaN/Infinity refused,
an oversized SCIM body answered 413."""

from __future__ import annotations

import pytest
import requests

from emulator.core.app import MAX_BODY_BYTES


@pytest.mark.parametrize("sent,kept", [
    ("abc-123@x_Y", "abc-123@x_Y"),
    ("a b<c>;d", "abcd"),
    ("é€" + "z" * 10, "z" * 10),
    ("k" * 20000, "k" * 255),
])
def test_x_request_id_keeps_word_dash_at_up_to_255(lessonly, sent, kept):
    for path in ("/api/v1/users?per_page=1", "/api/v1/users/0"):  # an answer and an error
        r = lessonly.http.get(lessonly.url(path), headers={"X-Request-Id": sent.encode("utf-8").decode("latin-1")})
        assert r.headers["X-Request-Id"] == kept


def test_a_blank_x_request_id_gets_a_fresh_uuid(lessonly):
    r = lessonly.http.get(lessonly.url("/api/v1/users?per_page=1"), headers={"X-Request-Id": ""})
    assert len(r.headers["X-Request-Id"]) == 36


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_in_a_body_are_refused(lessonly, constant):
    count = len(lessonly.tenant.state.users)
    raw = '{"name": "Nan Person", "email": "nan@example.com", "role": "learner", "ext_uid": %s}' % constant
    r = lessonly.http.post(lessonly.url("/api/v1/users"), data=raw, headers={"Content-Type": "application/json"})
    assert 400 <= r.status_code < 500
    assert len(lessonly.tenant.state.users) == count


def test_a_scim_body_over_the_limit_gets_413_not_the_404_page(lessonly):
    token = lessonly.credentials["scim_token"]
    body = b'{"schemas": [], "x": "' + b"a" * (MAX_BODY_BYTES + 10) + b'"}'
    r = requests.post(lessonly.url("/scim/v2/Users"), data=body, timeout=60,
                      headers={"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"})
    assert r.status_code == 413 and "doesn't exist" not in r.text
