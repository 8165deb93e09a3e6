"""The generated OpenAPI documents (issue #13): committed equals generated, valid OpenAPI 3.1, served on
every vendor port, one operation per routed operation, SCIM parts consistent with each profile's discovery
answers, and the extensions naming real switches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
import yaml
from openapi_spec_validator import validate

from emulator import openapi, vendors
from emulator.coverage import operation, vendor_coverage
from emulator.openapi.build import route_table

ROOT = Path(__file__).resolve().parents[2]
NAMES = vendors.built()


@pytest.mark.parametrize("name", NAMES)
def test_committed_documents_are_the_generated_ones(name):
    doc = openapi.document(name)
    committed = ROOT / "docs" / "openapi"
    for suffix, text in (("json", openapi.to_json(doc)), ("yaml", openapi.to_yaml(doc))):
        same = (committed / f"{name}.{suffix}").read_text(encoding="utf-8") == text
        assert same, f"docs/openapi/{name}.{suffix} differs from the generated document: run make openapi"


@pytest.mark.parametrize("name", NAMES)
def test_documents_are_valid_openapi_31(name):
    doc = openapi.document(name)
    assert doc["openapi"] == "3.1.0"
    validate(doc)


@pytest.mark.parametrize("name", NAMES)
def test_every_routed_operation_is_documented(name):
    """The route table (or the action table) and the document list the same operations."""
    vendor = vendors.get(name)
    doc = openapi.document(name)
    documented = {operation(method, path) for path, item in doc["paths"].items() for method in item}
    actions = {item["x-emulator-action"] for item_ in doc["paths"].values() for item in item_.values()
               if "x-emulator-action" in item}
    for row in vendor_coverage(vendor, route_table(vendor)):
        if row.surface not in {op["x-emulator-surface"] for it in doc["paths"].values() for op in it.values()}:
            continue
        prefix = "/" + row.prefix.strip("/")
        for op in row.emulated:
            method, path = op.split(" ", 1)
            if method == "ANY":  # TalentLMS: one action, any method
                assert path.strip("/") in actions, f"{name}: action {path} has no operation"
                continue
            full = operation(method, (prefix.rstrip("/") + path) if path != "/" else prefix)
            assert full in documented, f"{name}: {full} is routed but not documented"


@pytest.mark.parametrize("name", NAMES)
def test_switches_and_surfaces_named_by_operations_exist(name):
    vendor = vendors.get(name)
    doc = openapi.document(name)
    surfaces = {s.name for s in vendor.surfaces()}
    for item in doc["paths"].values():
        for op in item.values():
            assert op["x-emulator-surface"] in surfaces
            assert set(op.get("x-emulator-switches", {})) <= set(vendor.switches)
            for code in op["responses"]:
                assert code[0] in "2345"
            assert op["security"], "every vendor operation needs credentials"
    assert set(doc["x-emulator-switches"]) == set(vendor.switches)


@pytest.mark.parametrize("name", NAMES)
def test_every_operation_carries_its_catalogue_entries(name):
    """Each operation names the fidelity catalogue rows (docs/<vendor>.md, docs/scim.md) that describe it,
    each with its source and confidence."""
    doc = openapi.document(name)
    missing = [f"{method.upper()} {path}" for path, item in doc["paths"].items() for method, op in item.items()
               if not op.get("x-emulator-catalogue")]
    assert not missing, f"{name}: operations without a catalogue row: {missing}"
    for item in doc["paths"].values():
        for op in item.values():
            for entry in op["x-emulator-catalogue"]:
                assert entry["source"] and entry["confidence"], entry


def test_a_starred_catalogue_span_covers_the_paths_under_it():
    from emulator.openapi.catalogue import Row, matching

    row = Row("s", (("Behaviour", "`/v1/quizzes*`: quizzes"), ("Source", "SPEC"), ("Confidence", "high")))
    assert matching((row,), "GET", ["/v1/quizzes/{quiz_id}/questions"])
    assert matching((row,), "POST", ["/v1/quizzes/"])
    assert not matching((row,), "GET", ["/v1/quizzes-old"])
    assert not matching((row,), "GET", ["/v1/question-banks"])


def test_lessonly_operations_carry_their_catalogue_entries():
    doc = openapi.document("lessonly")
    rest = [(path, method, op) for path, item in doc["paths"].items() for method, op in item.items()
            if op["x-emulator-surface"] == "rest"]
    assert rest and all(op.get("x-emulator-catalogue") for _, _, op in rest), \
        [f"{m} {p}" for p, m, op in rest if not op.get("x-emulator-catalogue")]
    created = doc["paths"]["/api/v1/users"]["post"]
    assert any("201" in entry.get("answer", "") for entry in created["x-emulator-catalogue"])
    assert {"duplicate_email_status", "require_role"} <= set(created["x-emulator-switches"])
    assert created["x-emulator-rate-limit"]["plans"]["standard"][0]["limit"] == 500


def test_talentlms_colon_parameters_are_path_templates():
    doc = openapi.document("talentlms")
    user = doc["paths"]["/api/v1/users/id:{id}"]["get"]
    assert user["parameters"][0] == {"name": "id", "in": "path", "required": True,
                                     "schema": {"type": "integer", "minimum": 0}}
    assert "/api/v1/users/email:{email}" in user["description"]  # the alternative forms are listed
    assert user["responses"]["200"]["content"]["application/json"]["schema"] == \
        {"$ref": "#/components/schemas/user"}
    signup = doc["paths"]["/api/v1/usersignup"]["post"]
    body = signup["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
    assert set(body["required"]) == {"first_name", "last_name", "email", "login", "password"}


@pytest.mark.parametrize("fixture", ["lessonly", "talentlms", "skilljar"])
def test_each_port_serves_its_document(fixture, request):
    handle = request.getfixturevalue(fixture)
    as_json = requests.get(handle.base_url + "/_emulator/openapi.json")
    assert as_json.status_code == 200 and as_json.headers["Content-Type"] == "application/json"
    served = as_json.json()
    assert served["servers"] == [{"url": handle.base_url, "description": "this emulator"}]
    assert {**served, "servers": None} == {**json.loads(openapi.to_json(openapi.document(handle.name))),
                                           "servers": None}
    as_yaml = requests.get(handle.base_url + "/_emulator/openapi.yaml")
    assert as_yaml.status_code == 200 and as_yaml.headers["Content-Type"].startswith("application/yaml")
    assert yaml.safe_load(as_yaml.text) == served


@pytest.mark.parametrize("fixture", ["talentlms", "skilljar"])
def test_scim_document_matches_the_profile_discovery_answers(fixture, request):
    """Each resource schema lists exactly the attributes /Schemas advertises, and the
    /ServiceProviderConfig answer satisfies the document's pinned capabilities."""
    handle = request.getfixturevalue(fixture)
    doc = openapi.document(handle.name)
    token = handle.credentials["scim_token"]
    prefix = next(p.split("/Users")[0] for p in doc["paths"] if p.endswith("/Users"))
    headers = {"Authorization": f"Bearer {token}"}
    types = requests.get(handle.base_url + prefix + "/ResourceTypes", headers=headers)
    assert types.status_code == 200
    schemas = {s["id"]: s for s in requests.get(handle.base_url + prefix + "/Schemas",
                                                headers=headers).json()["Resources"]}
    components = doc["components"]["schemas"]
    for resource_type in types.json()["Resources"]:
        advertised = {a["name"] for a in schemas[resource_type["schema"]]["attributes"]
                      if a.get("returned") != "never"}
        advertised |= {e["schema"] for e in resource_type.get("schemaExtensions", [])}
        documented = set(components[f"scim.{resource_type['name']}"]["properties"])
        assert documented - {"schemas", "id", "externalId", "meta"} == advertised
    spc = requests.get(handle.base_url + prefix + "/ServiceProviderConfig", headers=headers).json()
    pinned = components["scim.ServiceProviderConfig"]["properties"]
    assert spc["patch"]["supported"] == pinned["patch"]["properties"]["supported"]["const"]
    assert spc["etag"]["supported"] == pinned["etag"]["properties"]["supported"]["const"]
    assert spc["authenticationSchemes"] == pinned["authenticationSchemes"]["const"]


def test_creates_link_to_the_operations_on_what_they_created():
    doc = openapi.document("lessonly")
    links = doc["paths"]["/api/v1/users"]["post"]["responses"]["201"]["links"]
    assert links["show_user_get"] == {"operationId": "show_user_get",
                                      "parameters": {"user_id": "$response.body#/id"}}
    assert {"update_user_put", "delete_user_delete"} <= set(links)
    scim = openapi.document("skilljar")["paths"]["/scim/v2/Users"]["post"]["responses"]["201"]["links"]
    assert all(link["parameters"] == {"resource_id": "$response.body#/id"} for link in scim.values())


def test_talentlms_argument_declaration_names_exactly_the_action_table():
    from emulator.vendors.talentlms import VENDOR
    from emulator.vendors.talentlms.params import ARGUMENTS

    actions = {op.split(" ", 1)[1].strip("/") for op in VENDOR.operations("rest")}
    assert set(ARGUMENTS) == actions


def test_talentlms_document_takes_its_parameters_from_the_parser_declaration():
    """Arguments outside the colon forms are query parameters; POST bodies carry every declared field
    with its declared type; custom fields are a property pattern on the actions that set them."""
    doc = openapi.document("talentlms")
    reset = doc["paths"]["/api/v1/resetuserprogress/course_id:{course_id},user_id:{user_id}"]["get"]
    assert {"name": "remove_certification", "in": "query", "required": False,
            "schema": {"type": "string", "enum": ["yes", "no", "on", "off", "true", "false", "1", "0"]}} \
        in reset["parameters"]
    timeline = doc["paths"]["/api/v1/gettimeline/event_type:{event_type}"]["get"]
    assert [p["name"] for p in timeline["parameters"] if p["in"] == "query"] == \
        ["user_id", "course_id", "branch_id", "group_id", "unit_id"]
    branch = doc["paths"]["/api/v1/createbranch"]["post"]["requestBody"]["content"]
    body = branch["application/x-www-form-urlencoded"]["schema"]
    assert body["properties"]["users_limit"] == {"type": "integer", "minimum": 0}
    assert body["required"] == ["name"] and "patternProperties" not in body
    signup = doc["paths"]["/api/v1/usersignup"]["post"]["requestBody"]["content"]
    assert "^custom_field_[0-9]+$" in signup["multipart/form-data"]["schema"]["patternProperties"]
