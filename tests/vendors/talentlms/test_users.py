"""User actions, stateful across calls."""

import pytest

INVALID_ARGS = "Invalid arguments provided"


def test_signup_answer_types_and_readback(api):
    body = api.signup(1, branch_id="1", group_id="1", restrict_email="on")
    assert isinstance(body["id"], int) and isinstance(body["last_updated_timestamp"], int)
    assert body["status"] == "active" and body["restrict_email"] == "1"
    assert body["login_key"].startswith("https://demo.talentlms.com/index/autologin/key:")
    assert "deactivation_date" not in body and "courses" not in body
    read = api.ok(f"users/id:{body['id']}")
    assert read["id"] == str(body["id"]) and isinstance(read["last_updated_timestamp"], str)
    assert read["branches"][0]["id"] == "1" and read["groups"][0]["id"] == "1"
    # group membership enrols in the group's courses (seed 004 p.17)
    group_courses = {c["id"] for c in api.ok("groups/id:1")["courses"]}
    assert group_courses and group_courses <= {c["id"] for c in read["courses"]}
    assert api.ok(f"users/email:{body['email']}")["id"] == read["id"]
    assert api.ok(f"users/username:{body['login']}")["id"] == read["id"]


def test_signup_custom_fields_echoed(api):
    fields = api.ok("getcustomregistrationfields")
    assert fields[0]["key"] == "custom_field_1" and isinstance(fields[0]["order"], int)
    assert fields[1]["type"] == "text" and fields[1]["dropdown_values"] == ""  # ib1984 real sample
    body = api.signup(1, custom_field_2="E-42", custom_field_4="on")
    assert body["custom_field_2"] == "E-42" and body["custom_field_4"] == "on"
    api.error("usersignup", 400, INVALID_ARGS, data={**_signup(2), "custom_field_4": "maybe"})
    api.error("usersignup", 400, INVALID_ARGS, data={**_signup(3), "custom_field_1": "NotADepartment"})


def _signup(n):
    return {"first_name": "F", "last_name": "L", "email": f"s{n}@example.com", "login": f"s{n}", "password": "pw"}


def test_signup_refusals(api, monkeypatch):
    api.signup(1)
    api.error("usersignup", 400, "A user with the same email address already exists",
              data={**_signup(2), "email": "NEW1@example.com"})
    api.error("usersignup", 400, "A user with the same login already exists", data={**_signup(3), "login": "New1"})
    api.error("usersignup", 400, "InvalidEmail is not a valid email", data={**_signup(4), "email": "InvalidEmail"})
    for missing in ("first_name", "last_name", "email", "login", "password"):
        api.error("usersignup", 400, INVALID_ARGS, data={k: v for k, v in _signup(5).items() if k != missing})
    api.error("usersignup", 400, INVALID_ARGS, data={**_signup(6), "login": " "})
    api.error("usersignup", 400, INVALID_ARGS, data={**_signup(7), "user_type": "Wizard-Type"})
    api.switch(monkeypatch, "strong_passwords", True)
    api.error("usersignup", 400, "Password is not strong enough (should have at least (1) upper case letter, at "
              "least (1) lower case letter, at least (1) number, at least (8) characters in length)",
              data=_signup(8))
    assert api.signup(9, password="Abcdefg1")["login"] == "new9"


def test_signup_status_switch(api, monkeypatch):
    api.switch(monkeypatch, "signup_status", "inactive")
    assert api.signup(1)["status"] == "inactive"


def test_lookups_not_found(api):
    api.error("users/id:424242", 404, "The requested user does not exist")
    api.error("users/email:nobody@example.com", 404, "The requested user does not exist")
    api.error("users/username:nobody", 404, "The requested user does not exist")


def test_soft_delete_then_permanent(api):
    uid = api.signup(1)["id"]
    assert api.ok("deleteuser", {"user_id": uid}) == {"message": "Operation completed successfully"}
    for path in (f"users/id:{uid}", "users/email:new1@example.com", "users/username:new1"):
        api.error(path, 404, "The requested user is no longer available")
    assert str(uid) not in {u["id"] for u in api.ok("users")}
    api.error("deleteuser", 404, "The requested user is no longer available", data={"user_id": uid})
    assert api.ok("deleteuser", {"user_id": uid, "permanent": "yes"})["message"]
    api.error(f"users/id:{uid}", 404, "The requested user does not exist")


def test_permanent_delete_removes_enrollments(api):
    e = next(e for e in api.state.enrollments if e.user_id != 1)
    api.ok("deleteuser", {"user_id": e.user_id, "permanent": "yes"})
    assert not api.state.enrollments.where("user_id", e.user_id)
    assert str(e.user_id) not in {u["id"] for u in api.ok(f"courses/id:{e.course_id}")["users"]}


def test_delete_refusals(api):
    api.error("deleteuser", 400, INVALID_ARGS, data={"user_id": "abc"})
    api.error("deleteuser", 400, INVALID_ARGS, data={"user_id": "2", "permanent": "perhaps"})
    api.error("deleteuser", 404, "The requested user does not exist", data={"user_id": "999999"})
    api.error("deleteuser", 400, INVALID_ARGS, data={"user_id": "1"})  # the account owner
    assert api.state.users.get(2) is not None and api.state.users.get(1) is not None


def test_edituser_and_deactivation_date(api, talentlms):
    uid = api.signup(1)["id"]
    talentlms.freeze(1_800_000_000)  # 15/01/2027
    body = api.ok("edituser", {"user_id": uid, "first_name": "Renamed", "deactivation_date": "20/01/2027",
                               "bio": "Hello", "credits": "5"})
    assert body["first_name"] == "Renamed" and body["deactivation_date"] == "20/01/2027, 23:59:59"
    assert isinstance(body["last_updated_timestamp"], int) and body["credits"] == "5"
    assert body["status"] == "active"
    talentlms.advance(6 * 86400)
    assert api.ok(f"users/id:{uid}")["status"] == "inactive"
    statuses = {u["id"]: u["status"] for u in api.ok(f"users/page_size:1,page_number:{len(api.state.users)}")}
    assert statuses == {str(uid): "inactive"}


def test_deactivation_date_cleared_and_ignored_when_inactive(api, talentlms):
    uid = api.signup(1)["id"]
    api.ok("edituser", {"user_id": uid, "deactivation_date": "01/01/2099"})
    assert api.ok("edituser", {"user_id": uid, "deactivation_date": ""})["deactivation_date"] == ""
    api.ok(f"usersetstatus/user_id:{uid},status:inactive")
    assert api.ok("edituser", {"user_id": uid, "deactivation_date": "01/01/2099"})["deactivation_date"] == ""
    api.error("edituser", 400, INVALID_ARGS, data={"user_id": uid, "deactivation_date": "2099-01-01"})


def test_deactivation_date_follows_date_format(api, talentlms, monkeypatch):
    monkeypatch.setattr(talentlms.tenant.config, "date_format", "MMDDYYYY")
    uid = api.signup(1)["id"]
    body = api.ok("edituser", {"user_id": uid, "deactivation_date": "12/31/2099"})
    assert body["deactivation_date"] == "12/31/2099, 23:59:59"
    assert api.ok("siteinfo")["date_format"] == "MMDDYYYY"


def test_edituser_refusals_leave_user_untouched(api):
    a = api.signup(1)
    b = api.signup(2)
    api.error("edituser", 400, "A user with the same email address already exists",
              data={"user_id": b["id"], "email": a["email"], "first_name": "Changed"})
    api.error("edituser", 400, "A user with the same login already exists", data={"user_id": b["id"], "login": "NEW1"})
    api.error("edituser", 400, "bad is not a valid email", data={"user_id": b["id"], "email": "bad"})
    api.error("edituser", 400, INVALID_ARGS, data={"user_id": b["id"], "credits": "lots"})
    api.error("edituser", 400, INVALID_ARGS, data={"first_name": "nobody"})
    api.error("edituser", 404, "The requested user does not exist", data={"user_id": "999999"})
    assert api.ok(f"users/id:{b['id']}")["first_name"] == "First2"


def test_usersetstatus_reflected_in_users(api):
    uid = api.signup(1)["id"]
    assert api.ok(f"usersetstatus/user_id:{uid},status:inactive") == {"user_id": str(uid), "status": "inactive"}
    assert {u["id"]: u["status"] for u in api.ok("users")}[str(uid)] == "inactive"
    api.error(f"usersetstatus/user_id:{uid},status:paused", 400, INVALID_ARGS)
    api.error("usersetstatus/status:active", 400, INVALID_ARGS)


def test_login_key_single_use_online_and_logout(api, talentlms):
    api.signup(1)
    login = api.ok("userlogin", {"login": "new1", "password": "Secret123"})
    uid = login["user_id"]
    assert isinstance(uid, str)
    assert api.ok(f"users/id:{uid}")["login_key"] == login["login_key"]
    assert api.ok(f"isuseronline/user_id:{uid}") == {"online": False}
    api.error("userlogout", 400, "The requested user is not logged in", data={"user_id": uid})
    link = talentlms.url("/index/" + login["login_key"].split("/index/")[1])
    assert talentlms.http.get(link).status_code == 200
    assert talentlms.http.get(link).status_code == 404  # single use
    assert api.ok(f"isuseronline/user_id:{uid}") == {"online": True}
    assert api.ok(f"users/id:{uid}")["login_key"] != login["login_key"]
    assert api.ok("userlogout", {"user_id": uid}) == {"redirect_url": "https://demo.talentlms.com/index/logout/next:"}
    assert api.ok(f"isuseronline/user_id:{uid}") == {"online": False}
    timeline = api.ok(f"gettimeline/event_type:user_login_user,user_id:{uid}")
    assert len(timeline) == 1 and timeline[0]["user_username"] == "new1"


def test_each_userlogin_mints_a_fresh_key(api, talentlms):
    api.signup(1)
    first = api.ok("userlogin", {"login": "new1", "password": "Secret123"})["login_key"]
    second = api.ok("userlogin", {"login": "new1", "password": "Secret123"})["login_key"]
    assert first != second
    assert talentlms.http.get(talentlms.url("/index/" + first.split("/index/")[1])).status_code == 404


def test_login_refusals(api):
    api.signup(1)
    wrong = "Your login or password is incorrect. Please try again, making sure that CAPS LOCK key is off"
    api.error("userlogin", 400, wrong, data={"login": "new1", "password": "nope"})
    api.error("userlogin", 400, wrong, data={"login": "ghost", "password": "nope"})
    api.error("userlogin", 400, INVALID_ARGS, data={"login": "new1"})
    api.ok("usersetstatus/user_id:{},status:inactive".format(api.state.users.by("login", "new1").id))
    api.error("userlogin", 400, "Your account is inactive. Please activate the account using the instructions "
              "sent to you via e-mail. If you did not receive the e-mail, check your spam folder.",
              data={"login": "new1", "password": "Secret123"})


def test_logout_without_session_switch(api, monkeypatch):
    api.switch(monkeypatch, "logout_requires_session", False)
    uid = api.signup(1)["id"]
    assert api.ok("userlogout", {"user_id": uid, "next": "https://example.com"})["redirect_url"].endswith(
        "/index/logout/next:https://example.com")


def test_forgot_username_and_password(api):
    import base64
    b = api.signup(1)
    url = base64.b64encode(b"https://learn.example.com").decode()
    assert api.ok(f"forgotusername/email:new1@example.com,domain_url:{url}") == {"user_id": str(b["id"])}
    assert api.ok(f"forgotpassword/username:new1,domain_url:{url},redirect_url:{url}") == {"user_id": str(b["id"])}
    api.error("forgotusername/email:ghost@example.com", 404, "The requested user does not exist")
    api.error("forgotpassword", 400, INVALID_ARGS)


def test_getusersbycustomfield_keyed_by_id(api, monkeypatch):
    uid = api.signup(1, custom_field_2="unique-value-7")["id"]
    body = api.ok("getusersbycustomfield/custom_field_value:unique-value-7")
    assert list(body) == [str(uid)] and body[str(uid)]["id"] == str(uid)
    assert isinstance(body[str(uid)]["certifications"], list)
    assert api.ok("getusersbycustomfield/custom_field_value:nothing-matches") == []
    api.switch(monkeypatch, "empty_keyed_object", "object")
    assert api.ok("getusersbycustomfield/custom_field_value:nothing-matches") == {}
    api.error("getusersbycustomfield", 400, INVALID_ARGS)


def test_pagination(api):
    total = len(api.state.users)
    page = api.ok("users/page_size:10,page_number:2")
    assert [u["id"] for u in page] == [str(i) for i in range(11, 21)]
    assert api.ok("users/page_size:10") == api.ok("users/page_size:10,page_number:1")
    assert api.ok(f"users/page_size:10,page_number:{total}") == []
    assert len(api.ok("users/page_number:2")) == total  # page_number alone: unpaged
    for bad in ("page_size:0", "page_size:x", "page_size:10,page_number:0", "page_size:-1"):
        api.error(f"users/{bad}", 400, INVALID_ARGS)
    assert "courses" not in page[0] and "custom_field_1" in page[0]


@pytest.mark.parametrize("fmt,expected", [("DDMMYYYY", "15/01/2027, 08:00:00"), ("MMDDYYYY", "01/15/2027, 08:00:00"),
                                          ("YYYYMMDD", "2027/01/15, 08:00:00")])
def test_dates_follow_tenant_format(api, talentlms, monkeypatch, fmt, expected):
    monkeypatch.setattr(talentlms.tenant.config, "date_format", fmt)
    talentlms.freeze(1_800_000_000 - 1_800_000_000 % 86400 + 8 * 3600)
    assert api.ok(f"users/id:{api.signup(1)['id']}")["created_on"] == expected


def test_domain_time_zone_offset(api, talentlms, monkeypatch):
    # the doc's samples print 1519743871 as "27/02/2018, 17:04:31": a UTC+2 domain
    monkeypatch.setitem(talentlms.tenant.config.settings, "utc_offset_hours", 2)
    talentlms.freeze(1519743871)
    uid = api.signup(1)["id"]
    user = api.ok(f"users/id:{uid}")
    assert user["created_on"] == "27/02/2018, 17:04:31" and user["last_updated_timestamp"] == "1519743871"
    body = api.ok("edituser", {"user_id": uid, "deactivation_date": "28/02/2018"})
    assert body["deactivation_date"] == "28/02/2018, 23:59:59"
    talentlms.advance(86400 + 6 * 3600 + 55 * 60 + 27)  # 28/02/2018, 23:59:58 domain time
    assert api.ok(f"users/id:{uid}")["status"] == "active"
    talentlms.advance(2)
    assert api.ok(f"users/id:{uid}")["status"] == "inactive"


def test_custom_field_date_search_in_dash_format(api):
    uid = api.signup(1, custom_field_3="11-6-2019")["id"]
    assert list(api.ok("getusersbycustomfield/custom_field_value:11-06-2019")) == [str(uid)]
    assert list(api.ok("getusersbycustomfield/custom_field_value:11-6-2019")) == [str(uid)]
