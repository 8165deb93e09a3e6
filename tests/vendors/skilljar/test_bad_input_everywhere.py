"""Bad input on every operation of Skilljar's document: wrong types, bad JSON, unknown ids, huge pages,
missing credentials. None of it may answer 500, and none of it may change the tenant's rows."""

from __future__ import annotations

import pickle
import re

import pytest

from contract_tests.skilljar.calls import calls
from contract_tests.skilljar.table_calls import all_calls, covered
from emulator.config import Config, TenantConfig
from emulator.core.emulator import Emulator
from emulator.vendors.skilljar import DEMO_API_KEY, DEMO_DOMAIN, VENDOR
from emulator.vendors.skilljar.params.table import Operation, operations, schema

from .conftest import basic

#: a value of the wrong JSON type for each rule type
WRONG = {"string": {"not": "a string"}, "integer": "twelve", "number": "many", "boolean": "maybe",
         "array": "not a list", "object": "not an object"}


def _fresh() -> Emulator:
    return Emulator(VENDOR, Config(tenants=[TenantConfig(vendor="skilljar", name="demo", api_key=DEMO_API_KEY,
                                                         domain=DEMO_DOMAIN, plan="unlimited")]))


def _concrete() -> dict[str, str]:
    """A path naming seeded rows, for every operation (the contract tests' calls)."""
    emu = _fresh()
    state = emu.tenants.get("demo").state
    first = calls(state)
    out: dict[str, str] = {}
    for call in first + all_calls(state, DEMO_DOMAIN, first):
        for op in covered([call]):
            out.setdefault(op, call[1])
    for operation in operations():  # made by other tests on rows they create: the demo domain, no other row
        out.setdefault(operation.op, re.sub(r"\{([^{}]+)\}", lambda m: DEMO_DOMAIN if m.group(1) == "domain_name"
                                            else "zz0unknown0zz", operation.path))
    emu.close()
    return out


#: live, these answer a bare JSON array, not a DRF page (switch progress_list_shape; routes/users.py)
UNPAGED = {"GET /v1/users/{}/plan-enrollments", "GET /v1/users/{}/published-courses",
           "GET /v1/users/{}/published-path-enrollments"}


@pytest.fixture(scope="module")
def bad_emulator():
    emu = _fresh()
    yield emu
    emu.close()


def _fingerprint(emu: Emulator) -> bytes:
    state = emu.tenants.get("demo").state
    return pickle.dumps({name: state.table(name).export() for name in state.tables})


def _unknown(operation: Operation, path: str) -> str:
    """The path with its last parameter naming no row."""
    parts, template = path.split("/"), operation.path.split("/")
    last = max(i for i, part in enumerate(template) if part.startswith("{"))
    parts[last] = "unknown.example.com" if template[last] == "{domain_name}" else "zz0unknown0zz"
    return "/".join(parts)


PATHS = _concrete()
OPERATIONS = [o for o in operations() if o.op in PATHS]
#: operations whose path names no seeded row (other tests make their rows): only the checks before a body
NO_ROW = {o.op for o in OPERATIONS if "zz0unknown0zz" in PATHS[o.op]}


def _wrong_body(operation: Operation) -> dict:
    return {name: WRONG[rule["type"]] if "enum" not in rule else "NOT_A_CHOICE"
            for name, rule in schema(operation.request).items()
            if not rule.get("read_only") and rule.get("type") in WRONG}


def test_every_operation_of_the_document_has_a_concrete_path():
    assert len(OPERATIONS) == len(operations()) == 333


@pytest.mark.parametrize("operation", OPERATIONS, ids=[o.op for o in OPERATIONS])
def test_bad_input_is_refused_without_a_500_or_a_write(bad_emulator, operation):
    bad_emulator.reset()
    client = bad_emulator.app.test_client()
    path, method = PATHS[operation.op], operation.method
    before = _fingerprint(bad_emulator)

    def send(url, headers=None, **kw):
        response = client.open(url, method=method, headers=headers if headers is not None else basic(), **kw)
        assert response.status_code < 500, (method, url, response.status_code, response.get_data(as_text=True))
        return response

    assert send(path, headers={}).status_code == 401
    if operation.params:
        assert send(_unknown(operation, path)).status_code == 404
    if method in ("POST", "PUT", "PATCH") and operation.op not in NO_ROW:
        bad_json = send(path, data=b'{"x": ', content_type="application/json")
        if operation.request:
            assert bad_json.status_code == 400 and "JSON parse error" in bad_json.get_json()["detail"]
        body = _wrong_body(operation) if operation.request else {}
        if body:
            wrong = send(path, json=body)
            assert wrong.status_code == 400, (method, path, wrong.get_data(as_text=True))
            assert isinstance(wrong.get_json(), dict)
        if operation.request:  # not a JSON object at all
            assert send(path, json=[1, 2]).status_code == 400
        if operation.request:
            assert _fingerprint(bad_emulator) == before, "a refused request changed the tenant's rows"
    if method == "GET" and operation.page and operation.op not in UNPAGED | NO_ROW:
        assert send(path.split("?")[0] + "?page=99999999").status_code == 404
        assert send(path.split("?")[0] + "?page_size=1000000000000&page=x").status_code in (200, 404)
        assert send(path.split("?")[0] + "?page_size=-5").status_code == 200
    if method == "GET":  # HEAD is answered as the GET it goes with (Flask adds it to every GET route)
        head = client.head(path, headers=basic())
        assert head.status_code == client.get(path, headers=basic()).status_code and head.data == b""
    if method in ("GET", "DELETE"):
        assert _fingerprint(bad_emulator) == before
