"""Bad data is refused where it enters and never breaks a later read (issue 14, items 6 and 11's NaN):
property tests over every write route and over the state import format."""

from __future__ import annotations

import copy
import json
import math
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emulator.console.app import create_app
from emulator.core import jsonbody

PROPERTY = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

lone = st.builds(lambda a, s, b: a + s + b, st.text(max_size=4), st.characters(categories=["Cs"]),
                 st.text(max_size=4))
non_finite = st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "-1e999"])


def body(obj) -> bytes:
    """JSON text with surrogates escaped as \\uXXXX (how a client sends them)."""
    return json.dumps(obj, ensure_ascii=True).encode()


def fingerprint(handle) -> str:
    return json.dumps([t.export() for t in handle.emulator.tenants], sort_keys=True, ensure_ascii=True)


CREATES = {
    "talentlms": ("POST", "/api/v1/usersignup",
                  lambda s: {"first_name": s, "last_name": "L", "email": "ls@example.com", "login": "lsx",
                             "password": "Secret123"}),
    "skilljar": ("POST", "/v1/domains/demo.skilljar.com/users",
                 lambda s: {"user": {"email": "ls@example.com", "first_name": s}}),
    "lessonly": ("POST", "/api/v1/users", lambda s: {"name": s, "email": "ls@example.com", "role": "learner"}),
}


def refused_by_create(request, vendor: str, values, raw_of) -> None:
    """Every drawn value, put in a create's body by ``raw_of(make, value)``, gets a 4xx; nothing is stored."""
    handle = request.getfixturevalue(vendor)
    method, path, make = CREATES[vendor]
    before = fingerprint(handle)

    @PROPERTY
    @given(value=values)
    def prop(value):
        r = handle.http.request(method, handle.url(path), data=raw_of(make, value),
                                headers={"Content-Type": "application/json"})
        assert 400 <= r.status_code < 500, (value, r.status_code, r.text[:200])

    prop()
    assert fingerprint(handle) == before
    fine = handle.http.request(method, handle.url(path), data=body(make("Ada")),
                               headers={"Content-Type": "application/json"})
    assert fine.status_code < 300, fine.text  # the same create without the bad value is stored


@pytest.mark.parametrize("vendor", sorted(CREATES))
def test_a_lone_surrogate_is_refused_by_a_create_and_nothing_is_stored(request, vendor):
    refused_by_create(request, vendor, lone, lambda make, text: body(make(text)))


@pytest.mark.parametrize("vendor", sorted(CREATES))
def test_nan_and_infinity_are_refused_by_a_create(request, vendor):
    refused_by_create(request, vendor, non_finite,
                      lambda make, constant: body(make("Ada"))[:-1] + b', "extra": ' + constant.encode() + b"}")


@pytest.mark.parametrize("vendor", sorted(CREATES))
def test_every_write_route_refuses_a_lone_surrogate_without_a_5xx_or_a_change(request, vendor):
    handle = request.getfixturevalue(vendor)
    before = fingerprint(handle)
    routes = 0
    for rule in handle.emulator.app.url_map.iter_rules():
        if rule.rule.startswith("/_emulator"):
            continue
        for method in sorted((rule.methods or set()) & {"POST", "PUT", "PATCH"}):
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", "1", rule.rule)
            r = handle.http.request(method, handle.url(path), data=body({"name": "\ud800", "email": "\udfff@x.io",
                                                                         "user": {"email": "\ud800"}}),
                                    headers={"Content-Type": "application/json"})
            assert r.status_code < 500, (method, path, r.status_code)
            routes += 1
    assert routes >= 5
    assert fingerprint(handle) == before


# --- the import format -----------------------------------------------------------------------

BAD_VALUES = st.one_of(lone, st.sampled_from([math.nan, math.inf, -math.inf, 1e300, -1e300]),
                       st.sampled_from([[], {}, "text", True, None, 7]))


def console_reads(handle, table: str) -> list[int]:
    """Status of the console's Data page for ``table`` and of the control API's pages of every table."""
    statuses = []
    data = handle.http.get(handle.url("/_emulator/data")).json()["tables"]
    for name in data:
        statuses.append(handle.http.get(handle.url(f"/_emulator/data/{name}?limit=500")).status_code)
    statuses.append(handle.http.get(handle.url("/_emulator/state")).status_code)
    app = create_app({handle.name: handle.base_url})
    with app.test_client() as browser:
        statuses.append(browser.get(f"/data?vendor={handle.name}&table={table}&limit=500").status_code)
    return statuses


@pytest.mark.parametrize("vendor", sorted(CREATES))
def test_an_import_with_a_bad_value_is_refused_whole_or_every_read_still_works(request, vendor):
    handle = request.getfixturevalue(vendor)
    exported = handle.http.get(handle.url("/_emulator/state")).json()["state"]
    tables = {name: rows for name, rows in exported["tables"].items() if rows}

    @PROPERTY
    @given(data=st.data())
    def prop(data):
        state = copy.deepcopy(exported)
        table = data.draw(st.sampled_from(sorted(tables)))
        row = data.draw(st.integers(0, min(len(tables[table]), 5) - 1))
        field = data.draw(st.sampled_from(sorted(tables[table][row])))
        value = data.draw(BAD_VALUES)
        state["tables"][table][row][field] = value
        before = fingerprint(handle)
        r = handle.http.put(handle.url("/_emulator/state"), data=json.dumps({"state": state}),
                            headers={"Content-Type": "application/json"})
        assert r.status_code in (200, 400), r.text[:300]
        if r.status_code == 400:
            assert fingerprint(handle) == before  # all or nothing
        else:
            assert all(s == 200 for s in console_reads(handle, table)), (table, field, value)
        handle.reset()

    prop()


META_CASES = {
    "talentlms": [{"scim_sidecar": "x"}, {"scim_sidecar": {"Users": []}}, {"scim_sidecar": {"Users": {"1": 5}}}],
    "skilljar": [{"scim_sidecar": []}, {"scim_sidecar": {"Users": {"1": "x"}}}],
    "lessonly": [{"company_settings": "x"}, {"company_settings": {"lesson_completed_callback_url": 5}},
                 {"company_settings": []}, {"scim_sidecar": 3}],
}


@pytest.mark.parametrize("vendor,meta", [(v, m) for v, cases in META_CASES.items() for m in cases])
def test_meta_of_the_wrong_shape_is_refused(request, vendor, meta):
    handle = request.getfixturevalue(vendor)
    exported = handle.http.get(handle.url("/_emulator/state")).json()["state"]
    exported["meta"].update(meta)
    before = fingerprint(handle)
    r = handle.http.put(handle.url("/_emulator/state"), json={"state": exported})
    assert r.status_code == 400 and "nothing changed" in r.json()["error"]
    assert fingerprint(handle) == before


def test_the_strict_loader():
    assert jsonbody.loads('{"a": "\\ud83d\\ude00"}') == {"a": "\U0001f600"}  # a pair is one character
    for text in ('"\\ud800"', '["\\udfff"]', '{"\\ud800": 1}', "NaN", "[Infinity]", "1e400"):
        with pytest.raises(ValueError):
            jsonbody.loads(text)
