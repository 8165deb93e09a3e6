"""Units, siteinfo, rate limits (on the emulator clock) and the event-fed timeline."""

import pytest

INVALID_ARGS = "Invalid arguments provided"


def _progress(api, **match):
    return next(p for p in api.state.unit_progress if all(getattr(p, k) == v for k, v in match.items())
                and p.user_id in api.state.users)


def test_unit_progress_object_for_one_user_array_for_all(api, monkeypatch):
    p = _progress(api, status="Completed")
    one = api.ok(f"getusersprogressinunits/unit_id:{p.unit_id},user_id:{p.user_id}")
    assert one == {"user_id": str(p.user_id), "status": "Completed", "score": int(p.score or 0)}
    many = api.ok(f"getusersprogressinunits/unit_id:{p.unit_id}")
    assert isinstance(many, list) and one in many
    api.switch(monkeypatch, "unit_progress_single", "array")
    assert api.ok(f"getusersprogressinunits/unit_id:{p.unit_id},user_id:{p.user_id}") == [one]
    uid = api.signup(1)["id"]
    api.switch(monkeypatch, "unit_progress_single", "object")
    assert api.ok(f"getusersprogressinunits/unit_id:{p.unit_id},user_id:{uid}") == {
        "user_id": str(uid), "status": "Not attempted", "score": 0}
    api.error("getusersprogressinunits/unit_id:999999", 404, "The requested unit does not exist")


def test_test_and_survey_answers(api):
    tests = {u.id for u in api.state.units if u.type == "Test"}
    p = next(p for p in api.state.unit_progress if p.unit_id in tests and p.completed_on and
             p.user_id in api.state.users)
    body = api.ok(f"gettestanswers/test_id:{p.unit_id},user_id:{p.user_id}")
    assert body["test_id"] == str(p.unit_id) and body["score"].endswith("%")
    assert body["questions"][0]["answers"] == {"1": "yes", "2": "no"}
    free = body["questions"][1]
    assert free["type"] == "Free text" and free["answers"] == [] and free["correct_answers"] == []  # PHP's []
    assert isinstance(free["user_answers"], list)
    assert isinstance(body["total_time_seconds"], int)
    uid = api.signup(1)["id"]
    api.error(f"gettestanswers/test_id:{p.unit_id},user_id:{uid}", 404,
              "User does not have a progress registered for the test")
    api.error(f"getsurveyanswers/survey_id:{p.unit_id},user_id:{uid}", 404, "The requested unit does not exist")
    surveys = {u.id for u in api.state.units if u.type == "Survey"}
    sp = next((p for p in api.state.unit_progress if p.unit_id in surveys and p.completed_on
               and p.user_id in api.state.users), None)
    if sp is not None:
        assert api.ok(f"getsurveyanswers/survey_id:{sp.unit_id},user_id:{sp.user_id}")["survey_id"] == str(sp.unit_id)
    some_survey = next(iter(surveys))
    api.error(f"getsurveyanswers/survey_id:{some_survey},user_id:{uid}", 404,
              "User does not have a progress registered for the survey")


def test_ilt_sessions(api):
    ilt = next(u for u in api.state.units if u.type == "Instructor-led training")
    sessions = api.ok(f"getiltsessions/ilt_id:{ilt.id}")
    assert len(sessions) == 2 and {"start_timestamp", "start_date", "capacity", "duration_minutes"} <= set(sessions[0])
    other = next(u for u in api.state.units if u.type == "Content")
    api.error(f"getiltsessions/ilt_id:{other.id}", 404, "The requested unit does not exist")
    api.error("getiltsessions", 400, INVALID_ARGS)


def test_siteinfo_counts_follow_state(api):
    info = api.ok("siteinfo")
    assert info["total_users"] == str(len(api.state.users)) and isinstance(info["monthly_active_users"], int)
    assert info["limits"] == {"maximum_brances": -1}
    api.signup(1)
    api.ok("createbranch", {"name": "newbranch"})
    after = api.ok("siteinfo")
    assert int(after["total_users"]) == int(info["total_users"]) + 1
    assert int(after["total_branches"]) == int(info["total_branches"]) + 1


def test_ratelimit_consistent_and_not_counted(api, talentlms):
    talentlms.freeze(1_800_000_000 - 1_800_000_000 % 3600 + 60)
    first = api.ok("ratelimit")
    assert first["limit"] == "2000" and isinstance(first["remaining"], int)
    assert first["reset"] == str(1_800_000_000 - 1_800_000_000 % 3600 + 3600)
    assert api.ok("ratelimit/")["remaining"] == first["remaining"]  # not counted
    api.ok("siteinfo")
    api.ok("users/id:1")
    assert api.ok("rateLimit")["remaining"] == first["remaining"] - 2
    talentlms.advance(3600)
    assert api.ok("ratelimit")["remaining"] == 2000


def test_burst_window_200_per_5_seconds(api, talentlms):
    talentlms.freeze(1_800_000_000)
    for _ in range(200):
        assert api.get("siteinfo").status_code == 200
    r = api.get("siteinfo")
    assert r.status_code == 429
    assert r.json() == {"error": {"type": "api_error", "message": "The API request rate limit has been exceeded"}}
    assert "X-RateLimit-Limit" not in r.headers and "Retry-After" not in r.headers
    assert api.get("ratelimit").status_code == 200  # still answers, never counted
    talentlms.advance(5)
    assert api.get("siteinfo").status_code == 200


def test_hourly_plan_limit_and_switches(talentlms, api, monkeypatch):
    monkeypatch.setitem(talentlms.tenant.switches, "over_limit_status", 403)
    monkeypatch.setitem(talentlms.tenant.switches, "over_limit_headers", True)
    talentlms.freeze(1_800_000_000 - 1_800_000_000 % 3600)
    for i in range(2000):
        if i and i % 200 == 0:
            talentlms.advance(5)
        assert api.get("users/id:1").status_code == 200
    assert api.ok("ratelimit")["remaining"] == 0
    r = api.get("users/id:1")
    assert r.status_code == 403 and r.headers["X-RateLimit-Limit"] == "2000"
    assert r.json() == {"error": {"type": "api_error", "message": "The API request rate limit has been exceeded"}}
    assert int(r.headers["Retry-After"]) > 0
    talentlms.advance(3600)
    assert api.get("users/id:1").status_code == 200


def test_timeline_fed_by_actions(api):
    uid = api.signup(1)["id"]
    cid = api.ok("createcourse", {"name": "Timeline Course"})["id"]
    api.ok("addusertocourse", {"user_id": uid, "course_id": cid})
    api.ok("edituser", {"user_id": uid, "bio": "x"})
    entries = api.ok(f"gettimeline/event_type:course_add_user,course_id:{cid}")
    assert [e["user_id"] for e in entries] == [str(uid), "1"]  # latest first; the creator was enrolled too
    e = entries[0]
    assert e["object_id"] == str(cid) and e["object_name"] == "Timeline Course"
    assert e["user_fullname"] == "First1 Last1" and isinstance(e["unix_timestamp"], str)
    assert e["secondary_object_id"] == "-"
    assert api.ok(f"gettimeline/event_type:user_register_user,user_id:{uid}")[0]["user_email"] == "new1@example.com"
    assert api.ok(f"gettimeline/event_type:user_property_change,user_id:{uid}")
    assert api.ok(f"gettimeline/event_type:course_create_course,course_id:{cid}")
    api.error("gettimeline", 400, INVALID_ARGS)
    api.error("gettimeline/event_type:not_an_event", 400, INVALID_ARGS)
    api.error("gettimeline/event_type:user_login_user,user_id:abc", 400, INVALID_ARGS)


def test_timeline_latest_200(api, talentlms):
    talentlms.freeze(1_800_000_000)
    for i in range(205):
        if i % 100 == 0:
            talentlms.advance(5)
        api.ok("edituser", {"user_id": 2, "bio": str(i)})
    entries = api.ok("gettimeline/event_type:user_property_change")
    assert len(entries) == 200


@pytest.mark.parametrize("plan,limit", [("grow", "10000"), ("free", "50")])
def test_plans_from_config(plan, limit):
    from emulator.config import Config, TenantConfig
    from emulator.core.emulator import Emulator
    from emulator.vendors.talentlms import VENDOR
    em = Emulator(VENDOR, Config(tenants=[TenantConfig(vendor="talentlms", name="t", api_key="k" * 30, plan=plan,
                                                       domain="t.talentlms.com", sizes={"users": 3})]))
    r = em.app.test_client().get("/api/v1/ratelimit", headers={"Authorization": "Basic " + __import__(
        "base64").b64encode(b"k" * 30 + b":").decode()})
    assert r.get_json()["limit"] == limit


def test_control_progress_completes_course_with_certificate_and_timeline(api, talentlms):
    cid = api.ok("createcourse", {"name": "Certified"})["id"]
    course = api.state.courses.get(cid)
    from emulator.vendors.talentlms.models import Unit
    api.state.units.insert(Unit(id=api.state.next_id("units"), course_id=cid, type="Test", name="Quiz",
                                questions=[{"id": 1, "text": "Q?", "type": "Multiple choice", "weight": 1,
                                            "answers": ["yes", "no"], "correct": ["yes"]}]))
    api.state.units.insert(Unit(id=api.state.next_id("units"), course_id=cid, type="Content", name="Read", position=1))
    api.state.courses.update(course, certification="Classic", certification_duration="Forever")
    uid = api.signup(1)["id"]
    api.ok("addusertocourse", {"user_id": uid, "course_id": cid})
    ctl = talentlms.url("/_emulator/talentlms/progress")
    quiz = next(u.id for u in api.state.units.where("course_id", cid) if u.type == "Test")
    r = talentlms.http.post(ctl, json={"user_id": uid, "course_id": cid, "unit_id": quiz, "score": 80})
    assert r.status_code == 200 and r.json()["completion_percentage"] == "50"
    assert api.ok(f"getusersprogressinunits/unit_id:{quiz},user_id:{uid}") == {
        "user_id": str(uid), "status": "Completed", "score": 80}
    assert api.ok(f"gettestanswers/test_id:{quiz},user_id:{uid}")["score"] == "80.00%"
    r = talentlms.http.post(ctl, json={"user_id": uid, "course_id": cid})
    assert r.json()["completion_status"] == "Completed"
    user = api.ok(f"users/id:{uid}")
    assert [c["course_id"] for c in user["certifications"]] == [str(cid)]
    assert user["certifications"][0]["expiration_date"] == "Never"
    cert = api.ok(f"gettimeline/event_type:certification_issue_certification,user_id:{uid}")
    assert cert[0]["message"] == "F. Last1 was awarded a certification for the course Certified"
    assert api.ok(f"gettimeline/event_type:course_completion,course_id:{cid}")[0]["user_id"] == str(uid)
    assert api.ok(f"gettimeline/event_type:unitprogress_test_completion,unit_id:{quiz}")
    r = talentlms.http.post(ctl, json={"user_id": 999999, "course_id": cid})
    assert r.status_code == 404 and r.json()["error"]["message"] == "The requested user does not exist"
    assert talentlms.http.post(ctl, data="nope", headers={"Content-Type": "application/json"}).status_code == 400
