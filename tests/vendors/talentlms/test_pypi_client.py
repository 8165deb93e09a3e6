"""The PyPI ``talentlms`` 1.0.1 client over its whole implemented surface, against a live emulator.

``tlms.api(domain, key, ssl=False)`` builds ``http://{domain}/api/v1``; GETs use quote_plus'd,
sorted colon parameters (a trailing ``/`` when there are none), POSTs send form bodies, and errors
are matched on ``error.message`` into exception classes.
"""

import pytest
import talentlms as tlms

from emulator.vendors.talentlms import DEMO_API_KEY


@pytest.fixture
def client(talentlms, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "*")
    host = talentlms.base_url.split("://", 1)[1]
    return talentlms_api(host)


def talentlms_api(host):
    return tlms.api(host, DEMO_API_KEY, ssl=False)


def test_users_lookup_forms(client):
    assert len(client.users()) == 50
    assert client.users(1)["login"] == "admin"
    assert client.users("1")["login"] == "admin"
    assert client.users("admin@demo.talentlms.com")["id"] == "1"
    assert client.users("admin")["id"] == "1"
    with pytest.raises(tlms.UserDoesNotExistError):
        client.users(999999)


def test_signup_edit_status_delete(client):
    info = {"first_name": "Py", "last_name": "Client", "email": "py+client@example.com", "login": "pyclient",
            "password": "Secret123"}
    user = client.user_signup(dict(info))
    assert isinstance(user["id"], int)
    with pytest.raises(tlms.UserAlreadyExistsError):
        client.user_signup(dict(info))
    assert client.users("py+client@example.com")["id"] == str(user["id"])
    edited = client.edit_user(user["id"], {"first_name": "Python"})
    assert edited["first_name"] == "Python"
    assert client.user_set_status(user["id"], "inactive") == {"user_id": str(user["id"]), "status": "inactive"}
    assert client.delete_user(user["id"])["message"] == "Operation completed successfully"
    with pytest.raises(tlms.TalentLMSError, match="no longer available"):
        client.users(user["id"])
    assert client.delete_user(user["id"], permanent=True)["message"]
    with pytest.raises(tlms.UserDoesNotExistError):
        client.users(user["id"])


def test_invalid_arguments_error_class(client):
    with pytest.raises(tlms.InvalidArgumentsError):
        client.user_signup({"first_name": "only"})
    with pytest.raises(tlms.InvalidRequestError):
        client.get("nosuchaction")


def test_courses_enrolment_and_progress(client):
    courses = client.courses()
    assert courses and client.courses(courses[0]["id"])["id"] == courses[0]["id"]
    user = client.user_signup({"first_name": "A", "last_name": "B", "email": "ab@example.com", "login": "ab",
                               "password": "x"})
    enrolled = client.add_user_to_course(user["id"], 1)
    assert enrolled == [{"user_id": str(user["id"]), "course_id": "1", "role": "learner"}]
    with pytest.raises(tlms.UserAlreadyEnrolledError):
        client.add_user_to_course(user["id"], 1)
    status = client.get_user_status_in_course(user["id"], 1)
    assert status["completion_status"] == "not_attempted"
    assert client.reset_user_progress(user["id"], 1)["message"]
    assert client.remove_user_from_course(user["id"], 1)["course_id"] == "1"
    with pytest.raises(tlms.UserNotEnrolledError):
        client.remove_user_from_course(user["id"], 1)
    with pytest.raises(TypeError):
        client.courses("abc")


def test_categories_groups_branches(client):
    cats = client.categories()
    assert client.categories(cats[0]["id"])["id"] == cats[0]["id"]
    leafs = client.category_leafs_and_courses(cats[0]["id"])
    assert isinstance(leafs, (dict, list))
    groups = client.groups()
    assert client.groups(groups[0]["id"])["key"] == groups[0]["key"]
    branches = client.branches()
    branch_id = branches[0]["id"]
    assert client.branches(branch_id)["id"] == branch_id
    course = next(c for c in client.courses() if c["id"] not in
                  {x["id"] for x in client.branches(branch_id)["courses"]})
    assert client.add_course_to_branch(course["id"], branch_id)["branch_id"] == branch_id
    with pytest.raises(tlms.CourseExistsError):
        client.add_course_to_branch(course["id"], branch_id)


def test_custom_fields_through_quote_plus(client):
    fields = client.get_user_custom_registration_fields()
    assert "Department" in fields and fields["Department"]["key"] == "custom_field_1"
    user = client.user_signup({"first_name": "C", "last_name": "F", "email": "cf@example.com", "login": "cf",
                               "password": "x", "custom_field_2": "tag, with: odd/chars"})
    found = client.get_users_by_custom_field("tag, with: odd/chars")
    assert list(found) == [str(user["id"])]
    assert isinstance(client.get_custom_course_fields(), list)
    assert isinstance(client.get_courses_by_custom_field("no such value"), list)


def test_site_ratelimit_timeline(client):
    info = client.siteinfo()
    assert info["date_format"] == "DDMMYYYY" and isinstance(info["monthly_active_users"], int)
    rl = client.ratelimit()
    assert rl["limit"] == "2000" and isinstance(rl["remaining"], int)
    assert client.ratelimit()["remaining"] == rl["remaining"]
    client.user_signup({"first_name": "T", "last_name": "L", "email": "tl@example.com", "login": "tl",
                        "password": "x"})
    entries = client.get_timeline("user_register_user")
    assert entries[0]["user_username"] == "tl"


def test_weak_password_error_class(client, talentlms, monkeypatch):
    monkeypatch.setitem(talentlms.tenant.switches, "strong_passwords", True)
    with pytest.raises(tlms.WeakPasswordError):
        client.user_signup({"first_name": "W", "last_name": "P", "email": "wp@example.com", "login": "wp",
                            "password": "weak"})
