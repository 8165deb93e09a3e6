"""JSON bodies Python's json module refuses with a plain ValueError (an integer literal of more than
4,300 digits) or a RecursionError: DRF's 400 ``JSON parse error - …``, never a 500, never a write."""

from __future__ import annotations

import json

import pytest

HUGE = "9" * 5000
LIMIT_MESSAGE = ("JSON parse error - Exceeds the limit (4300 digits) for integer string conversion: "
                 "value has 5000 digits; use sys.set_int_max_str_digits() to increase the limit")


def snapshot(sj) -> str:
    return json.dumps(sj.emulator.tenants.get("demo").export()["tables"], sort_keys=True)


@pytest.mark.parametrize("raw", ['{"name": ' + HUGE + "}", '{"name": "g", "description": [' + HUGE + "]}"])
def test_a_huge_integer_literal_is_a_json_parse_error(sj, raw):
    before = snapshot(sj)
    r = sj.post("/v1/groups", data=raw, content_type="application/json")
    assert r.status_code == 400, r.data[:200]
    assert r.json == {"detail": LIMIT_MESSAGE}
    assert snapshot(sj) == before


def test_a_huge_integer_in_a_patch_writes_nothing(sj):
    user = next(iter(sj.state.users))
    before = snapshot(sj)
    r = sj.patch(f"/v1/users/{user.id}", data='{"first_name": ' + HUGE + "}", content_type="application/json")
    assert r.status_code == 400 and r.json == {"detail": LIMIT_MESSAGE}
    assert snapshot(sj) == before


@pytest.mark.parametrize("raw", ["[" * 200_000 + "]" * 200_000, '{"a":' * 100_000 + "1" + "}" * 100_000])
def test_nesting_too_deep_is_a_json_parse_error(sj, raw):
    before = snapshot(sj)
    r = sj.post("/v1/groups", data=raw, content_type="application/json")
    assert r.status_code == 400
    assert r.json == {"detail": "JSON parse error - maximum recursion depth exceeded"}
    assert snapshot(sj) == before


def test_bad_utf8_is_still_a_json_parse_error(sj):
    r = sj.post("/v1/groups", data=b'{"name": "\xff"}', content_type="application/json")
    assert r.status_code == 400
    assert r.json["detail"].startswith("JSON parse error - 'utf-8' codec can't decode byte 0xff")


@pytest.mark.parametrize("page", ["\u00b9", HUGE])
def test_page_numbers_python_cannot_read_are_invalid_page(sj, page):
    r = sj.get("/v1/users", query_string={"page": page})
    assert r.status_code == 404 and r.json == {"detail": "Invalid page."}


@pytest.mark.parametrize("number", ['"abc"', '"\\u00b9"', '"' + HUGE + '"', "9" * 4000, "0", "true"])
def test_control_quiz_lesson_number_that_is_no_lesson_is_a_control_400(sj, number):
    enrollment = next(iter(sj.state.enrollments))
    before = snapshot(sj)
    sent = len(sj.emulator.deliveries.list())
    r = sj.raw.post("/_emulator/skilljar/progress", content_type="application/json",
                    data='{"enrollment_id": "%s", "quiz": {"lesson_number": %s}}' % (enrollment.id, number))
    assert r.status_code == 400
    assert r.json == {"error": "'quiz.lesson_number' must be an integer from 1 to 10000"}
    assert snapshot(sj) == before
    assert len(sj.emulator.deliveries.list()) == sent


def test_control_quiz_lesson_number_as_digits_still_works(sj):
    enrollment = next(iter(sj.state.enrollments))
    r = sj.raw.post("/_emulator/skilljar/progress", json={"enrollment_id": enrollment.id,
                                                           "quiz": {"lesson_number": "3"}})
    assert r.status_code == 200 and r.json["enrollment_id"] == enrollment.id


@pytest.mark.parametrize("route", ["/_emulator/reset", "/_emulator/skilljar/progress"])
def test_control_body_nested_too_deep_is_the_control_400(sj, route):
    before = snapshot(sj)
    r = sj.raw.post(route, data="[" * 5000 + "]" * 5000, content_type="application/json")
    assert r.status_code == 400 and r.json == {"error": "the body must be a JSON object"}
    assert snapshot(sj) == before
