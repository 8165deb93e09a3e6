"""The relations of Skilljar's table-driven resources: what one write does to the rows it belongs to or
names, and the webhook events it publishes."""

from __future__ import annotations

import pytest

from .conftest import DOMAIN, add_tenant

D = f"/v1/domains/{DOMAIN}"


@pytest.fixture
def events(sj):
    seen: list = []
    sj.emulator.tenants.get("demo").bus.subscribe("*", lambda event: seen.append((event.type, event.data)))
    return seen


def _course(sj):
    return sj.post("/v1/courses", json={"title": "Relations", "short_description": "S",
                                        "enforce_sequential_navigation": False}).get_json()


def test_a_lesson_belongs_to_its_course_and_shows_in_its_lesson_list(sj):
    course = _course(sj)
    first = sj.post("/v1/lessons", json={"course_id": course["id"], "order": 1, "title": "One", "type": "HTML"})
    optional = sj.post("/v1/lessons", json={"course_id": course["id"], "order": 2, "title": "Two", "type": "ASSET",
                                            "optional": True})
    assert first.status_code == optional.status_code == 201
    listed = sj.get(f"/v1/lessons?course_id={course['id']}").get_json()
    assert [r["id"] for r in listed["results"]] == [first.get_json()["id"], optional.get_json()["id"]]
    published = sj.post(f"{D}/published-courses", json={"course": {"id": course["id"]}}).get_json()
    shown = sj.get(f"{D}/published-courses/{published['id']}").get_json()["course"]  # the course summary
    assert (shown["lesson_count"], shown["required_lesson_count"]) == (2, 1)
    unknown = sj.post("/v1/lessons", json={"course_id": "zz0nocourse0", "order": 1, "title": "X", "type": "HTML"})
    assert unknown.status_code == 400 and unknown.get_json() == {
        "course_id": ['Invalid pk "zz0nocourse0" - object does not exist.']}
    # deleting the course deletes its lessons and their content items (Django's CASCADE)
    item = sj.post(f"/v1/lessons/{first.get_json()['id']}/content-items",
                   json={"header": "H", "order": 1, "type": "HTML"})
    assert item.status_code == 201
    assert sj.delete(f"/v1/courses/{course['id']}").status_code == 204
    assert sj.get(f"/v1/lessons/{first.get_json()['id']}").status_code == 404
    assert sj.get(f"/v1/lessons/{first.get_json()['id']}/content-items/{item.get_json()['id']}").status_code == 404


def test_questions_hang_off_a_quiz_or_a_question_bank(sj):
    quiz = sj.post("/v1/quizzes", json={"name": "Q"}).get_json()
    bank = sj.post("/v1/question-banks", json={"name": "B"}).get_json()
    in_quiz = sj.post("/v1/quiz-questions", json={"quiz": quiz["id"], "html": "<p>1</p>",
                                                  "type": "MULTIPLE_CHOICE"}).get_json()
    in_bank = sj.post("/v1/quiz-questions", json={"quiz_question_bank": bank["id"], "html": "<p>2</p>",
                                                  "type": "MULTIPLE_CHOICE"}).get_json()
    assert [q["id"] for q in sj.get(f"/v1/quizzes/{quiz['id']}/questions").get_json()["results"]] == [in_quiz["id"]]
    assert [q["id"] for q in sj.get(f"/v1/question-banks/{bank['id']}/questions").get_json()["results"]] == [
        in_bank["id"]]
    assert sj.get(f"/v1/question-banks/{bank['id']}").get_json()["question_count"] == 1
    assert sj.get(f"/v1/quizzes/{quiz['id']}/questions/{in_bank['id']}").status_code == 404
    # a question leaves with its quiz
    assert sj.delete(f"/v1/quizzes/{quiz['id']}").status_code == 204
    assert sj.get(f"/v1/quiz-questions/{in_quiz['id']}").status_code == 404
    assert sj.get(f"/v1/quiz-questions/{in_bank['id']}").status_code == 200


def test_fulfilling_a_purchase_enrolls_its_user_and_fires_the_event(sj, events):
    state = sj.state
    purchase = next(p for p in state.records_of("/v1/purchases") if p.data["state"] == "PENDING")
    offer = state.records.get(purchase.data["offer_id"])
    user_id = purchase.data["user"]["id"]
    before = [e for e in state.enrollments.where("user_id", user_id)
              if e.published_course_id == offer.data["published_course_id"]]
    r = sj.post(f"/v1/purchases/{purchase.id}/fulfill", json={"state": "SUCCESS"})
    assert r.status_code == 200 and r.get_json()["purchase"]["state"] == "SUCCESS"
    after = [e for e in sj.state.enrollments.where("user_id", user_id)
             if e.published_course_id == offer.data["published_course_id"]]
    assert len(after) == len(before) + 1
    assert [t for t, _ in events] == ["COURSE_ENROLLMENT", "PURCHASE_FULFILLMENT"]
    again = sj.post(f"/v1/purchases/{purchase.id}/fulfill", json={"state": "SUCCESS"})
    assert again.status_code == 200 and len(events) == 2  # no second enrollment
    assert sj.post(f"/v1/purchases/{purchase.id}/fulfill", json={"state": "DONE"}).status_code == 400


def test_a_promo_code_redeemed_enrolls_and_is_used_up(sj, events):
    pool = sj.post("/v1/promo-code-pools", json={"name": "Launch", "starts_at": "2026-01-01T00:00:00Z",
                                                 "discount_type": "PERCENT_OFF", "percent_off": 100}).get_json()
    offer = next(o for o in sj.state.records_of("/v1/offers") if o.data["offer_type"] == "published_course")
    assert sj.post(f"/v1/promo-code-pools/{pool['id']}/offers", json={"id": offer.id}).status_code == 201
    code = sj.post("/v1/promo-codes", json={"code": "FREE1", "max_uses": 1, "promo_code_pool_id": pool["id"]})
    assert code.status_code == 201
    user = next(iter(sj.state.users))
    r = sj.raw.post("/_emulator/skilljar/redeem", json={"code": "FREE1", "user_id": user.id})
    assert r.status_code == 201 and len(r.get_json()["purchase_ids"]) == 1
    assert sj.get(f"/v1/promo-codes/{code.get_json()['id']}").get_json()["use_count"] == 1
    assert any(e.published_course_id == offer.data["published_course_id"]
               for e in sj.state.enrollments.where("user_id", user.id))
    assert "PURCHASE_FULFILLMENT" in [t for t, _ in events]
    used_up = sj.raw.post("/_emulator/skilljar/redeem", json={"code": "FREE1", "user_id": user.id})
    assert used_up.status_code == 409


def test_a_training_credit_code_spends_its_credits(sj):
    offer = next(o for o in sj.state.records_of("/v1/offers") if o.data["offer_type"] == "published_course")
    code = sj.post("/v1/training-credit-codes", json={"training_credit_code": "CREDIT1", "credits_total": 1,
                                                      "offers": [offer.id]}).get_json()
    user = list(sj.state.users)[3]
    assert sj.raw.post("/_emulator/skilljar/redeem", json={"code": "CREDIT1", "user_id": user.id}).status_code == 201
    assert sj.get(f"/v1/training-credit-codes/{code['id']}").get_json()["credits_used"] == 1
    assert sj.raw.post("/_emulator/skilljar/redeem", json={"code": "CREDIT1", "user_id": user.id}).status_code == 409


def test_an_access_code_grants_domain_access_and_is_used_up(sj, events):
    pool = sj.post(f"{D}/access-code-pools", json={"name": "Partners", "active": True}).get_json()
    code = sj.post(f"{D}/access-code-pools/{pool['id']}/access-codes",
                   json={"code": "JOIN-1", "max_uses": 1, "active": True}).get_json()
    r = sj.raw.post("/_emulator/skilljar/redeem", json={"code": "JOIN-1", "email": "new.partner@example.org"})
    assert r.status_code == 201
    user_id = r.get_json()["user_id"]
    member = sj.get(f"{D}/users/{user_id}").get_json()
    assert member["access_code"] == {"id": code["id"], "code": "JOIN-1", "pool": {"id": pool["id"],
                                                                                   "name": "Partners"}}
    assert ("DOMAIN_ENROLLMENT", {"user_id": user_id, "domain_name": DOMAIN}) in events
    shown = sj.get(f"{D}/access-code-pools/{pool['id']}/access-codes/{code['id']}").get_json()
    assert shown["use_count"] == 1 and shown["users"][0]["id"] == user_id
    assert sj.get(f"{D}/access-code-pools/{pool['id']}").get_json()["code_count"] == 1
    listed = sj.get(f"{D}/users?access_code__code=JOIN-1").get_json()
    assert [m["user"]["id"] for m in listed["results"]] == [user_id]
    # used up: another learner is refused, over REST as over the control API
    other = next(m.user_id for m in sj.state.domain_users.where("domain_name", DOMAIN) if m.user_id != user_id)
    refused = sj.patch(f"{D}/users/{other}", json={"access_code": {"id": code["id"]}})
    assert refused.status_code == 400
    assert refused.get_json() == {"access_code": ["This access code is no longer valid."]}
    assert sj.get(f"{D}/users/{other}").get_json()["access_code"] is None


def test_an_ilt_session_has_its_event_and_registrations(sj, events):
    state = sj.state
    lesson = state.records_of("/v1/lessons")[-1]
    session = sj.post("/v1/ilt-sessions", json={
        "instructor_email": "coach@example.com", "lesson": lesson.id, "display_name": "Live Q&A",
        "starts_at": "2026-03-01T15:00:00Z", "ends_at": "2026-03-01T16:00:00Z", "timezone": "UTC",
        "seats_total": 1}).get_json()
    found = sj.get(f"/v1/vilt-session-events?session__lesson__id={lesson.id}").get_json()["results"]
    assert [e["vilt_session"]["id"] for e in found] == [session["id"]]
    enrollment = next(iter(state.enrollments))
    r = sj.post("/v1/vilt-session-registrations", json={"vilt_session": {"id": session["id"]},
                                                        "enrollment_id": enrollment.id})
    assert r.status_code == 201
    listed = sj.get(f"/v1/vilt-session-registrations?session__id={session['id']}").get_json()["results"]
    assert [x["user"]["id"] for x in listed] == [enrollment.user_id]
    assert ("VILT_EVENT_REGISTRATION", {"user_id": enrollment.user_id, "enrollment_id": enrollment.id,
                                        "vilt_session_id": session["id"]}) in events
    full = sj.post("/v1/vilt-session-registrations", json={"vilt_session": {"id": session["id"]}})
    assert full.status_code == 400 and full.get_json() == {"vilt_session": ["This session is full."]}


def test_a_progress_token_unlocks_progress(sj, events):
    token = sj.state.records_of("/v1/progresstokens")[0]
    enrollment = sj.state.enrollments.get(token.data["enrollment_id"])
    was_complete = enrollment.completed_at is not None
    r = sj.patch(f"/v1/progresstokens/{token.id}", json={"completed_at": "2026-05-01T12:00:00Z", "score": 9,
                                                         "max_score": 10, "success_status": "PASSED"})
    assert r.status_code == 200 and r.get_json()["score"] == 9
    progress = sj.get(f"/v1/users/{enrollment.user_id}/published-courses/{enrollment.published_course_id}")
    assert progress.get_json()["course_progress"]["score"] == 9
    assert ("COURSE_COMPLETION" in [t for t, _ in events]) is not was_complete


def test_lesson_progress_completes_a_lesson(sj, events):
    state = sj.state
    enrollment = next(e for e in state.enrollments if e.completed_at is None and e.domain_name == DOMAIN)
    uid, pcid = enrollment.user_id, enrollment.published_course_id
    course_id = state.published_courses.get(pcid).course_id
    lesson = next(r for r in state.records_of("/v1/lessons") if r.data["course_id"] == course_id)
    done = enrollment.completed_lesson_count
    unseen = sj.get(f"/v1/users/{uid}/published-courses/{pcid}/lessons/{lesson.id}")
    assert unseen.status_code == 200 and unseen.get_json()["lesson_progress"]["completed_at"] is None
    r = sj.patch(f"/v1/users/{uid}/published-courses/{pcid}/lessons/{lesson.id}",
                 json={"lesson_progress": {"completed_at": "2026-05-01T12:00:00Z"}})
    assert r.status_code == 200 and r.get_json()["lesson_progress"]["completed_at"] == "2026-05-01T12:00:00Z"
    assert sj.state.enrollments.get(enrollment.id).completed_lesson_count == done + 1
    assert "LESSON_COMPLETION" in [t for t, _ in events]
    other_course_lesson = next(r for r in state.records_of("/v1/lessons")
                               if r.data["course_id"] != state.published_courses.get(pcid).course_id)
    assert sj.get(f"/v1/users/{uid}/published-courses/{pcid}/lessons/{other_course_lesson.id}").status_code == 404


def test_a_link_goes_with_either_end(sj):
    tag = sj.post("/v1/tags", json={"name": "Hands On"}).get_json()
    assert tag["slug"] == "hands-on"
    pc = next(p for p in sj.state.published_courses if p.domain_name == DOMAIN)
    link = sj.post(f"{D}/published-courses/{pc.id}/tags", json={"tag": {"id": tag["id"]}})
    assert link.status_code == 201 and link.get_json()["tag"]["name"] == "Hands On"
    twice = sj.post(f"{D}/published-courses/{pc.id}/tags", json={"tag": {"id": tag["id"]}})
    assert twice.status_code == 400
    assert sj.get(f"{D}/published-courses/{pc.id}/tags/{tag['id']}").status_code == 200
    assert sj.delete(f"/v1/tags/{tag['id']}").status_code == 204
    assert sj.get(f"{D}/published-courses/{pc.id}/tags/{tag['id']}").status_code == 404
    # deleting a published course deletes what hangs off it
    rule = sj.post(f"{D}/published-courses/{pc.id}/reenrollment_rule",
                   json={"starts_at": "2026-01-01T00:00:00Z", "cycle_duration": 12, "cycle_duration_unit": "MONTHS"})
    assert rule.status_code == 200
    assert sj.delete(f"{D}/published-courses/{pc.id}").status_code == 204
    assert not [r for r in sj.state.records if pc.id in r.ancestors]


def test_the_lesson_list_without_a_course_follows_the_switch(sj, emulator):
    course_id = sj.state.records_of("/v1/lessons")[0].data["course_id"]
    everything = sj.get("/v1/lessons?page_size=1000").get_json()
    assert everything["count"] == len(sj.state.records_of("/v1/lessons"))
    strict = add_tenant(emulator, "strictlessons", switches={"lessons_require_course_id": True})
    r = strict.get("/v1/lessons")
    assert r.status_code == 400 and r.get_json() == {"course_id": ["This field is required."]}
    own = strict.state.records_of("/v1/lessons")[0].data["course_id"]
    assert strict.get(f"/v1/lessons?course_id={own}").status_code == 200
    mine = sj.get(f"/v1/lessons?course_id={course_id}").get_json()["results"]
    assert {r["course_id"] for r in mine} == {course_id}


def test_the_redeem_control_route_refuses_bad_input_plainly(sj):
    someone = next(iter(sj.state.users)).id
    for body, status in (({}, 400), ({"code": 5}, 400), ({"code": "NOPE", "user_id": someone}, 404),
                         ({"code": "NOPE"}, 404)):
        r = sj.raw.post("/_emulator/skilljar/redeem", json=body)
        assert r.status_code == status, (body, r.get_data(as_text=True))


def test_the_event_bodies_name_the_purchase_and_the_session(sj):
    from emulator.vendors.skilljar.effects.bodies import build

    state = sj.state
    purchase = state.records_of("/v1/purchases")[0]
    body = build(state, "PURCHASE_FULFILLMENT", {"user_id": purchase.data["user"]["id"], "purchase_id": purchase.id},
                 1767225600.0)
    assert body["purchase"]["id"] == purchase.id and body["purchase"]["order_id"] == purchase.data["order_id"]
    session = state.records_of("/v1/ilt-sessions")[0]
    body = build(state, "VILT_EVENT_REGISTRATION", {"vilt_session_id": session.id}, 1767225600.0)
    assert body["vilt_event"]["id"] == session.id and body["vilt_event"]["title"] == session.data["display_name"]


def test_sign_up_field_values_show_on_the_member_and_filter_the_members(sj):
    field = sj.state.records_of("/v1/domains/{}/signup-fields")[0]
    member = list(sj.state.domain_users.where("domain_name", DOMAIN))[5].user_id
    r = sj.post(f"{D}/users/{member}/signup-fields-bulk", json={"signup_fields": [{"id": field.id, "value": "Acme"}]})
    assert r.status_code == 201
    assert r.get_json() == {"results": [{"signup_field": {"id": field.id, "label": field.data["label"]},
                                         "value": "Acme"}]}
    shown = sj.get(f"{D}/users/{member}").get_json()["signup_fields"]
    assert shown == [{"signup_field": {"id": field.id, "label": field.data["label"]}, "value": "Acme"}]
    found = sj.get(f"{D}/users?signup_field_id={field.id}&signup_field_value=Acme").get_json()["results"]
    assert [m["user"]["id"] for m in found] == [member]
    assert sj.get(f"{D}/users?signup_field_value=Nobody").get_json()["count"] == 0
    bad = sj.post(f"{D}/users/{member}/signup-fields-bulk",
                  json={"signup_fields": [{"id": "zz0nofield0", "value": "x"}]})
    assert bad.status_code == 400 and bad.get_json() == {
        "signup_fields": [{"id": ['Invalid pk "zz0nofield0" - object does not exist.']}]}
