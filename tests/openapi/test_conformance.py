"""The conformance check every test's answers go through (the root conftest installs it): it finds the
operation, and refuses an undocumented status, another media type, or a body its schema refuses."""

from __future__ import annotations

import json

from emulator.openapi import conformance


def check(vendor, method, path, status, body, content_type="application/json"):
    return conformance.check(vendor, method, path, status, [("Content-Type", content_type)],
                             json.dumps(body).encode() if not isinstance(body, bytes) else body)


def test_an_answer_its_document_describes_passes():
    assert check("lessonly", "GET", "/api/v1/ping", 200, {"response": "pong"}) == []
    assert check("lessonly", "GET", "/api/v1/users/5", 404, {"error": "Not Found"}) == []


def test_a_body_of_the_wrong_shape_is_refused():
    found = check("lessonly", "DELETE", "/api/v1/users/5", 200, {"type": "delete_user", "id": "5"})
    assert len(found) == 1 and found[0].startswith("DELETE /api/v1/users/{user_id} 200: $.id: ")
    assert "is not of type" in found[0] and "integer" in found[0]


def test_an_undocumented_status_or_media_type_is_refused():
    assert check("lessonly", "GET", "/api/v1/ping", 418, {"error": "x"}) == \
        ["GET /api/v1/ping: status 418 is not documented"]
    found = check("lessonly", "GET", "/api/v1/ping", 200, b"<html/>", "text/html")
    assert found == ["GET /api/v1/ping 200: media type 'text/html', documented as ['application/json']"]


def test_talentlms_colon_forms_and_methods_reach_their_action():
    user = {"error": {"type": "invalid_request_error", "message": "The requested user does not exist"}}
    assert check("talentlms", "POST", "/api/v1/users/email:a@b.c", 404, user) == []
    found = check("talentlms", "GET", "/api/v1/users/id:7", 200, [])
    assert found[0].startswith("GET /api/v1/users/id:{id} 200: $: [] is not of type") and "object" in found[0]


def test_every_answer_of_the_suite_is_checked(lessonly):
    before = conformance.checked["answers"]
    assert lessonly.http.get(lessonly.url("/api/v1/ping")).status_code == 200
    assert conformance.checked["answers"] == before + 1


def test_answers_shaped_by_a_fault_rule_are_not_checked(lessonly):
    """A test that injects a fault chose that answer: it is not the vendor's, so not the document's."""
    lessonly.fault(path="/api/v1/ping", status=599, body={"anything": True})
    before = conformance.checked["answers"]
    assert lessonly.http.get(lessonly.url("/api/v1/ping")).status_code == 599
    assert conformance.checked["answers"] == before
