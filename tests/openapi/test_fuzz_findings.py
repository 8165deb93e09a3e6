"""Defects the schemathesis campaign found (issue #13), each pinned."""

from __future__ import annotations

import pytest
import requests


@pytest.mark.parametrize("fixture, path, body", [
    ("lessonly", "/api/v1//users", {"error": "Not Found"}),
    ("talentlms", "/api/v1//users", {"error": {"type": "invalid_request_error",
                                               "message": "The requested API action does not exist"}}),
    ("skilljar", "/v1//users", {"detail": "Not found."}),
])
def test_a_doubled_slash_gets_the_vendors_404_not_a_framework_redirect(fixture, path, body, request):
    """Werkzeug answered "//" with its own 308 HTML redirect page, which no vendor sends."""
    handle = request.getfixturevalue(fixture)
    answer = handle.http.get(handle.base_url + path, allow_redirects=False)
    assert answer.status_code == 404 and answer.json() == body


def test_a_doubled_slash_in_a_scim_path_gets_the_profiles_404(talentlms):
    answer = requests.get(talentlms.base_url + "/scim/v2//Users", allow_redirects=False,
                          headers={"Authorization": f"Bearer {talentlms.credentials['scim_token']}"})
    assert answer.status_code == 404
    assert answer.headers["Content-Type"].startswith("application/scim+json")
