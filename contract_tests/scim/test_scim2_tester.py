"""scim2-tester (PyPI, an independent RFC 7643/7644 checker) against each vendor's SCIM profile.

TalentLMS and Skilljar: every applicable check passes. The one check that does not apply is
``object_deletion``: both vendors' DELETE deactivates (the user stays, ``active:false``), which the
checker reads as "still exists"; with TalentLMS's ``scim_delete=delete`` that check passes too.
Lessonly: the run fails exactly where scim_rails departs from the RFC, and nowhere else.
"""

from __future__ import annotations

import pytest

from emulator.vendors.lessonly.scim import INVALID_PATCH
from emulator.vendors.lessonly.scim import PROFILE as LESSONLY_PROFILE

from .harness import describe, failures, provider_from, run_checks, summary


def scim_run(handle, **options):
    token = handle.credentials["scim_token"]
    return run_checks(handle.url("/scim/v2"), {"Authorization": f"Bearer {token}"}, **options)


def failed(results) -> set[tuple[str | None, str]]:
    return {(r.resource_type, r.title) for r in failures(results)}


def skipped(results) -> set[tuple[str | None, str]]:
    return {(r.resource_type, r.title) for r in results if r.status.name == "SKIPPED"}


ROOT_SEARCH_SKIPS = {("User", "search_with_attributes")}  # POST /.search answers 501, as the RFC allows


def test_talentlms_passes_every_applicable_check(talentlms):
    results = scim_run(talentlms)
    assert failed(results) == {("User", "object_deletion")}, describe(results)
    assert "still exists after deletion" in describe(results)[0][2]
    assert skipped(results) == ROOT_SEARCH_SKIPS
    assert summary(results)["SUCCESS"] >= 35


def test_talentlms_with_real_deletes_passes_everything(talentlms, monkeypatch):
    monkeypatch.setitem(talentlms.tenant.switches, "scim_delete", "delete")
    results = scim_run(talentlms)
    assert describe(results) == []
    assert skipped(results) == ROOT_SEARCH_SKIPS


def test_skilljar_passes_every_applicable_check(skilljar):
    results = scim_run(skilljar)
    assert failed(results) == {("User", "object_deletion")}, describe(results)
    assert skipped(results) == ROOT_SEARCH_SKIPS | {("Group", "search_with_attributes")}
    titles = {(r.resource_type, r.title) for r in results if r.status.name == "SUCCESS"}
    assert {("Group", "object_creation"), ("Group", "check_add_attribute"), ("Group", "object_deletion"),
            ("User", "check_replace_attribute")} <= titles


# --- Lessonly ------------------------------------------------------------------------------------

DISCOVERY = {(None, t) for t in (
    "service_provider_config_endpoint", "service_provider_config_endpoint_methods", "query_all_resource_types",
    "access_invalid_resource_type", "resource_types_endpoint_methods", "query_all_schemas",
    "access_invalid_schema", "schemas_endpoint_methods", "random_url")}
USER_CHECKS = {("User", t) for t in (
    "object_creation", "object_query", "object_query_without_id", "object_query_with_attributes",
    "object_list_with_attributes", "search_with_attributes", "object_replacement", "object_deletion",
    "check_add_attribute", "check_remove_attribute", "check_replace_attribute")}
#: what a client is told to send (no /Schemas to read): the template user_schema, with the attributes
#: the template User model validates as present marked required
LESSONLY_REQUIRED = {"User": ["name", "name.givenName", "name.familyName", "emails", "emails.value"]}


@pytest.fixture
def lessonly_provider():
    return provider_from(LESSONLY_PROFILE, required=LESSONLY_REQUIRED)


def test_lessonly_fails_on_discovery_and_integer_ids(lessonly, lessonly_provider):
    results = scim_run(lessonly, provider=lessonly_provider)
    assert failed(results) == DISCOVERY | USER_CHECKS
    assert not [r for r in results if r.status.name == "SUCCESS"]
    reasons = {r.title: r.reason or "" for r in failures(results)}
    assert "404 without a SCIM error" in reasons["random_url"]  # Rails' own 404, not a SCIM Error
    assert "returned 404 instead of 405" in reasons["schemas_endpoint_methods"]
    for _, title in USER_CHECKS:  # every CRUD check trips on the JSON-integer id first
        assert "id" in reasons[title] and "valid string" in reasons[title], reasons[title]


def test_lessonly_behind_the_integer_ids_fails_exactly_where_scim_rails_deviates(lessonly, lessonly_provider):
    results = scim_run(lessonly, provider=lessonly_provider, string_ids=True)
    by_title: dict[tuple, list[str]] = {}
    for r in failures(results):
        by_title.setdefault((r.resource_type, r.title), []).append(r.reason or "")
    assert set(by_title) == DISCOVERY | {("User", t) for t in (
        "object_query_with_attributes", "object_list_with_attributes",  # attributes= ignored, no externalId
        "search_with_attributes",                                       # no /.search route
        "object_deletion",                                              # no DELETE route
        "check_add_attribute", "check_remove_attribute", "check_replace_attribute")}  # active-only PATCH
    passed = {r.title for r in results if r.status.name == "SUCCESS"}
    assert passed == {"object_creation", "object_query", "object_query_without_id", "object_replacement"}
    assert all(INVALID_PATCH in reason for key in (("User", "check_add_attribute"),
                                                   ("User", "check_replace_attribute"))
               for reason in by_title[key])
    assert by_title[("User", "object_deletion")] == ["The server answered 404 without a SCIM error"]
    projection = " ".join(by_title[("User", "object_query_with_attributes")])
    assert "excluded attribute 'active' still present" in projection
