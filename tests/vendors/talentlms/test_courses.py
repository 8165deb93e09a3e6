"""Course actions: creation, enrolment, goto, purchase, progress."""

INVALID_ARGS = "Invalid arguments provided"


def test_createcourse_int_id_and_creator_auto_enrolled(api):
    body = api.ok("createcourse", {"name": "Onboarding & Safety", "price": "12.5", "creator_id": "1",
                                   "category_id": "1", "start_datetime": "1601510400"})
    assert isinstance(body["id"], int) and body["price"] == "&#36;12.50" and body["creator_id"] == "1"
    assert body["start_datetime"] == "1601510400" and body["expiration_datetime"] is None
    assert body["level"] is None and body["certification"] is None
    uid = api.signup(1)["id"]
    added = api.ok("addusertocourse", {"user_id": uid, "course_id": body["id"]})
    assert added == [{"user_id": str(uid), "course_id": str(body["id"]), "role": "learner"}]
    course = api.ok(f"courses/id:{body['id']}")
    assert [u["id"] for u in course["users"]] == ["1", str(uid)]  # Trifoia: users.length == 2
    assert course["users"][0]["role"] == "instructor"
    user = api.ok(f"users/id:{uid}")
    assert user["courses"][0]["name"] == "Onboarding &amp; Safety"  # entity-escaped inside users/id
    assert user["courses"][0]["completed_on_timestamp"] is None and user["courses"][0]["completed_on"] == ""
    assert user["courses"][0]["total_time"] is None and user["courses"][0]["total_time_seconds"] == 0


def test_price_format_switch(api, monkeypatch):
    api.switch(monkeypatch, "price_format", "doc")
    assert api.ok("createcourse", {"name": "Free"})["price"] == "$0"


def test_createcourse_refusals(api):
    before = len(api.state.courses)
    api.error("createcourse", 400, INVALID_ARGS, data={"description": "no name"})
    api.error("createcourse", 400, INVALID_ARGS, data={"name": "x", "price": "cheap"})
    api.error("createcourse", 400, INVALID_ARGS, data={"name": "x", "time_limit": "-3"})
    api.error("createcourse", 404, "The requested category does not exist", data={"name": "x", "category_id": "999"})
    api.error("createcourse", 404, "The requested user does not exist", data={"name": "x", "creator_id": "999999"})
    assert len(api.state.courses) == before


def test_addusertocourse_by_email_and_name_and_errors(api):
    uid = api.signup(1)["id"]
    course = api.ok("createcourse", {"name": "Unique Course Name"})
    added = api.ok("addusertocourse", {"user_email": "new1@example.com", "course_name": "unique course name",
                                       "role": "instructor"})
    assert added[0]["role"] == "instructor"
    api.error("addusertocourse", 400, "The requested user is already enrolled in this course",
              data={"user_id": uid, "course_id": course["id"]})
    api.error("addusertocourse", 404, "The requested user does not exist", data={"user_id": 999999, "course_id": 1})
    api.error("addusertocourse", 404, "The requested course does not exist", data={"user_id": uid, "course_id": 999})
    api.error("addusertocourse", 400, INVALID_ARGS, data={"user_id": uid, "course_id": 1, "role": "boss"})
    api.error("addusertocourse", 400, INVALID_ARGS, data={"course_id": 1})
    # Laravel GETs it with colon parameters
    assert api.ok(f"addusertocourse/role:learner,course_id:1,user_id:{uid}")[0]["course_id"] == "1"


def test_removeuserfromcourse(api):
    uid = api.signup(1)["id"]
    api.ok("addusertocourse", {"user_id": uid, "course_id": 2})
    name = api.ok("courses/id:2")["name"]
    assert api.ok(f"removeuserfromcourse/user_id:{uid},course_id:2") == {
        "user_id": str(uid), "course_id": "2", "course_name": name}
    api.error(f"removeuserfromcourse/user_id:{uid},course_id:2", 400,
              "The requested user is not enrolled in this course")


def test_deletecourse(api):
    cid = api.ok("createcourse", {"name": "Temp"})["id"]
    api.ok(f"addcoursetogroup/course_id:{cid},group_id:1")
    assert api.ok("deletecourse", {"course_id": cid}) == {"message": "Operation completed successfully"}
    api.error(f"courses/id:{cid}", 404, "The requested course does not exist")
    assert str(cid) not in {c["id"] for c in api.ok("groups/id:1")["courses"]}
    api.error("deletecourse", 404, "The requested course does not exist", data={"course_id": cid})


def test_gotocourse_requires_enrolment_and_key_is_single_use(api, talentlms):
    uid = api.signup(1)["id"]
    api.error(f"gotocourse/user_id:{uid},course_id:1", 400, "The requested user is not enrolled in this course")
    api.ok("addusertocourse", {"user_id": uid, "course_id": 1})
    url = api.ok(f"gotocourse/user_id:{uid},course_id:1,header_hidden_options:units;moreOptions,2fa:true")["goto_url"]
    assert url.startswith("https://demo.talentlms.com/index/gotocourse/key:") and url.endswith(",course_id:1")
    local = talentlms.url("/index/" + url.split("/index/")[1])
    assert talentlms.http.get(local).status_code == 200
    assert talentlms.http.get(local).status_code == 404
    assert api.ok(f"isuseronline/user_id:{uid}") == {"online": True}


def test_buycourse_and_buycategorycourses(api):
    uid = api.signup(1)["id"]
    assert api.ok("buycourse", {"user_id": uid, "course_id": 1, "coupon": "SAVE"})["redirect_url"].startswith(
        "https://www.paypal.com/cgi-bin/webscr?")
    assert api.ok("buycategorycourses", {"user_id": uid, "category_id": 1})["redirect_url"].startswith(
        "https://www.paypal.com/cgi-bin/webscr?")
    api.error("buycourse", 404, "The requested course does not exist", data={"user_id": uid, "course_id": 999})
    api.error("buycategorycourses", 404, "The requested category does not exist",
              data={"user_id": uid, "category_id": 999})


def test_custom_course_fields(api):
    fields = api.ok("getcustomcoursefields")
    assert fields and "order" not in fields[0]
    course = api.ok("createcourse", {"name": "Tagged", "custom_field_2": "team-zeta"})
    assert course["custom_field_2"] == "team-zeta"
    found = api.ok("getcoursesbycustomfield/custom_field_value:team-zeta")
    assert [c["id"] for c in found] == [str(course["id"])]
    assert api.ok("getcoursesbycustomfield/custom_field_value:nobody") == []


def test_user_status_in_course_and_reset(api):
    e = next(e for e in api.state.enrollments if e.status == "completed" and e.user_id != 1)
    path = f"course_id:{e.course_id},user_id:{e.user_id}"
    status = api.ok(f"getuserstatusincourse/{path}")
    assert status["completion_status"] == "Completed" and status["completion_percentage"] == "100"
    assert isinstance(status["total_time_seconds"], int) and status["units"]
    assert all(u["completion_status"] == "Completed" for u in status["units"])
    had_cert = api.state.certifications.by("key", e.key) is not None
    assert api.ok(f"resetuserprogress/{path},remove_certification:yes")["message"]
    status = api.ok(f"getuserstatusincourse/{path}")
    assert status["completion_status"] == "not_attempted" and status["completion_percentage"] == "0"
    assert status["completed_on"] == "" and status["completed_on_timestamp"] is None
    assert all(u["completion_status"] == "Not attempted" for u in status["units"])
    assert api.state.certifications.by("key", e.key) is None
    assert api.ok(f"gettimeline/event_type:course_reset_user_progress,course_id:{e.course_id}")
    if had_cert:
        assert api.ok(f"gettimeline/event_type:certification_remove_certification,user_id:{e.user_id}")
    uid = api.signup(1)["id"]
    api.error(f"getuserstatusincourse/course_id:1,user_id:{uid}", 400,
              "The requested user is not enrolled in this course")
    api.error(f"resetuserprogress/course_id:1,user_id:{uid}", 400, "The requested user is not enrolled in this course")


def test_courses_list_shape(api):
    courses = api.ok("courses/")
    assert len(courses) == len(api.state.courses)
    assert all(isinstance(c["id"], str) and "users" not in c for c in courses)
    assert "custom_field_1" in courses[0]
