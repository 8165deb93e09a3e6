"""Numbers that only look like numbers: Unicode digits ("¹" passes str.isdigit(), int() refuses it) and
JSON nested too deep to parse get TalentLMS's own 400, never a 500, and change nothing."""

from __future__ import annotations

import pytest

SUPERSCRIPT_ONE = "%C2%B9"  # "¹"
INVALID = {"error": {"type": "invalid_request_error", "message": "Invalid arguments provided"}}


def _tables(talentlms):
    return talentlms.tenant.export()["tables"]


@pytest.mark.parametrize("path", [
    f"users/id:{SUPERSCRIPT_ONE}",
    f"users/id:1{SUPERSCRIPT_ONE}",
    f"users/page_size:5,page_number:{SUPERSCRIPT_ONE}",
    f"users/page_size:{SUPERSCRIPT_ONE},page_number:1",
    f"courses/id:{SUPERSCRIPT_ONE}",
    f"groups/id:{SUPERSCRIPT_ONE}",
    "users/id:%D9%A1",  # Arabic-Indic one: int() would read it as 1, PHP would not
])
def test_unicode_digits_in_an_id_or_page_are_invalid_arguments(api, talentlms, path):
    before = _tables(talentlms)
    r = api.get(path)
    assert r.status_code == 400, r.text
    assert r.json() == INVALID
    assert _tables(talentlms) == before


def test_the_ascii_form_of_the_same_request_still_works(api):
    assert api.ok("users/id:1")["id"] == "1"
    assert len(api.ok("users/page_size:5,page_number:1")) == 5


@pytest.mark.parametrize("data", [
    {"user_id": "\u00b9", "first_name": "Changed"},
    {"user_id": "2", "first_name": "Changed", "credits": "\u00b9"},
])
def test_unicode_digits_in_a_write_refuse_it_whole(api, talentlms, data):
    before = _tables(talentlms)
    r = api.post("edituser", data)
    assert r.status_code == 400 and r.json() == INVALID
    assert _tables(talentlms) == before


def test_unicode_branch_or_group_on_signup_is_ignored_like_any_non_number(api, talentlms):
    """usersignup's optional branch_id/group_id: a non-number is no branch/group, as "abc" is."""
    body = api.signup(7, branch_id="\u00b9", group_id="\u00b9")
    user = talentlms.tenant.state.users.get(int(body["id"]))
    assert user is not None and user.login == "new7"
    assert api.ok(f"users/id:{body['id']}")["branches"] == []


@pytest.mark.parametrize("body", ["[" * 200_000 + "]" * 200_000, '{"a":' * 100_000 + "1" + "}" * 100_000])
def test_json_nested_too_deep_is_invalid_arguments(api, talentlms, body):
    before = _tables(talentlms)
    r = api.post("usersignup", data=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 400, r.text[:200]
    assert r.json() == INVALID
    assert _tables(talentlms) == before


def test_json_with_a_huge_integer_is_invalid_arguments(api, talentlms):
    before = _tables(talentlms)
    r = api.post("edituser", data='{"user_id": ' + "9" * 5000 + "}", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json() == INVALID
    assert _tables(talentlms) == before


def test_console_describe_ignores_unicode_digits(talentlms):
    from emulator.vendors.talentlms.control import describe

    state = talentlms.tenant.state
    assert describe(state, "\u00b9") is None
    assert describe(state, "1")["id"] == 1


@pytest.mark.parametrize("key, shown", [("-%C2%B9", "-\u00b9"), ("%C2%B9", "\u00b9"), ("--1", "--1"),
                                        ("9" * 5000, "9" * 5000)])
def test_control_data_row_key_that_is_no_integer_is_a_control_404(talentlms, key, shown):
    r = talentlms.http.get(talentlms.url(f"/_emulator/data/users/{key}"))
    assert r.status_code == 404
    assert r.json() == {"error": f"no row {shown!r} in 'users'"}


def test_control_data_row_by_integer_key_still_works(talentlms):
    r = talentlms.http.get(talentlms.url("/_emulator/data/users/1"))
    assert r.status_code == 200 and r.json()["row"]["id"] == 1
