"""Courses and categories."""

import pytest

from .scenario import Scenario, echoes, fact, ids, run
from .world import World


def enrolled(w: World) -> dict:
    user, course = w.enrolled()
    return {"user_id": user["id"], "course_id": course["id"]}


def not_enrolled(w: World) -> dict:
    return {"user_id": w.user()["id"], "course_id": w.course()["id"]}


def twice_enrolled(w: World) -> dict:
    args = enrolled(w)
    return {**args, "role": "learner"}


def course_with_users(w: World) -> dict:
    user, course = w.enrolled()
    return {"id": course["id"]}


def new_course(w: World) -> dict:
    creator = w.user()
    return {"name": w.unique("Contract course "), "description": "A new course …",
            "category_id": w.categories[0]["id"], "creator_id": creator["id"]}


def cf_course(w: World) -> dict:
    key = w.text_field("getcustomcoursefields")
    value = w.unique("ccfvalue")
    w.new_course(**{key: value})
    return {"custom_field_value": value}


SCENARIOS = [
    Scenario("courses-list", client=lambda api, a: api.courses()),
    Scenario("courses-by-id", client=lambda api, a: api.courses(a["id"]), live=course_with_users),
    Scenario("courses-not-found", client=lambda api, a: api.courses(a["id"])),
    Scenario("createcourse", live=new_course, facts=(echoes("name", "category_id", "creator_id"),)),
    Scenario("deletecourse", live=lambda w: {"course_id": w.new_course()["id"]}),
    Scenario("addusertocourse", client=lambda api, a: api.add_user_to_course(a["user_id"], a["course_id"], a["role"]),
             live=lambda w: {**not_enrolled(w), "role": "learner"},
             facts=(echoes("user_id", "course_id", "role", at=lambda p: p[0]),)),
    Scenario("addusertocourse-already-enrolled",
             client=lambda api, a: api.add_user_to_course(a["user_id"], a["course_id"], a["role"]),
             live=twice_enrolled),
    Scenario("removeuserfromcourse", client=lambda api, a: api.remove_user_from_course(a["user_id"], a["course_id"]),
             live=enrolled, facts=(echoes("user_id", "course_id"),)),
    Scenario("removeuserfromcourse-not-enrolled",
             client=lambda api, a: api.remove_user_from_course(a["user_id"], a["course_id"]), live=not_enrolled),
    Scenario("gotocourse", live=enrolled,
             facts=(fact("goto_url is .../index/gotocourse/key:<key>,course_id:<id> (doc p.27; Trifoia test)",
                         lambda p, a: "/index/gotocourse/key:" in p["goto_url"]
                         and p["goto_url"].endswith(f"course_id:{a['course_id']}")),)),
    Scenario("buycourse", live=not_enrolled),
    Scenario("getcustomcoursefields", client=lambda api, a: api.get_custom_course_fields()),
    Scenario("getcoursesbycustomfield", client=lambda api, a: api.get_courses_by_custom_field(a["custom_field_value"]),
             live=cf_course),
    Scenario("getuserstatusincourse", client=lambda api, a: api.get_user_status_in_course(a["user_id"], a["course_id"]),
             live=enrolled),
    Scenario("getuserstatusincourse-not-enrolled",
             client=lambda api, a: api.get_user_status_in_course(a["user_id"], a["course_id"]), live=not_enrolled),
    Scenario("resetuserprogress", client=lambda api, a: api.reset_user_progress(a["user_id"], a["course_id"]),
             live=enrolled),
    # categories
    Scenario("categories-list", client=lambda api, a: api.categories()),
    Scenario("categories-by-id", client=lambda api, a: api.categories(a["id"]),
             live=lambda w: {"id": w.categories[0]["id"]}),
    Scenario("categories-not-found", client=lambda api, a: api.categories(a["id"])),
    Scenario("categoryleafsandcourses", client=lambda api, a: api.category_leafs_and_courses(a["id"]),
             live=lambda w: {"id": w.parent_category_id()},
             facts=(fact("keyed by child-category id, each a child of the category asked for (doc p.34)",
                         lambda p, a: all(k == v["id"] and v["parent_category_id"] == a["id"]
                                          for k, v in p.items())),)),
    Scenario("buycategorycourses", live=lambda w: {"user_id": w.user()["id"], "category_id": w.categories[0]["id"]}),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=ids(SCENARIOS))
def test_courses_contract(target, monkeypatch, scenario):
    run(target, monkeypatch, scenario)
