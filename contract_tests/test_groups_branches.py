"""Groups and branches."""

import pytest

from .scenario import Scenario, echoes, ids, run
from .world import World


def group_with_members(w: World) -> dict:
    group, user, course = w.group(), w.user(), w.course()
    w.get("addusertogroup", user_id=user["id"], group_key=group["key"])
    w.get("addcoursetogroup", course_id=course["id"], group_id=group["id"])
    return {"id": group["id"]}


def group_member(w: World) -> tuple[dict, dict]:
    group, user = w.group(), w.user()
    w.get("addusertogroup", user_id=user["id"], group_key=group["key"])
    return group, user


def group_course(w: World) -> dict:
    group, course = w.group(), w.course()
    w.get("addcoursetogroup", course_id=course["id"], group_id=group["id"])
    return {"course_id": course["id"], "group_id": group["id"]}


def branch_with_members(w: World) -> dict:
    branch, user, course = w.branch(), w.user(), w.course()
    w.get("addusertobranch", user_id=user["id"], branch_id=branch["id"])
    w.get("addcoursetobranch", course_id=course["id"], branch_id=branch["id"])
    return {"id": branch["id"]}


def branch_member(w: World) -> dict:
    branch, user = w.branch(), w.user()
    w.get("addusertobranch", user_id=user["id"], branch_id=branch["id"])
    return {"user_id": user["id"], "branch_id": branch["id"]}


def branch_course(w: World) -> dict:
    branch, course = w.branch(), w.course()
    w.get("addcoursetobranch", course_id=course["id"], branch_id=branch["id"])
    return {"course_id": course["id"], "branch_id": branch["id"]}


SCENARIOS = [
    Scenario("groups-list", client=lambda api, a: api.groups()),
    Scenario("groups-by-id", client=lambda api, a: api.groups(a["id"]), live=group_with_members),
    Scenario("groups-not-found", client=lambda api, a: api.groups(a["id"])),
    Scenario("creategroup", live=lambda w: {"name": w.unique("Contract group "), "description": "Group created via API",
                                            "key": w.unique("ctkey"), "max_redemptions": "7"}),
    Scenario("deletegroup", live=lambda w: {"group_id": w.group()["id"]}),
    Scenario("addusertogroup", live=lambda w: {"user_id": w.user()["id"], "group_key": w.group()["key"]},
             facts=(echoes("user_id"),)),
    Scenario("addusertogroup-bad-key", live=lambda w: {"user_id": w.user()["id"], "group_key": "nosuchkey"}),
    Scenario("addusertogroup-already-member",
             live=lambda w: (lambda g, u: {"user_id": u["id"], "group_key": g["key"]})(*group_member(w))),
    Scenario("removeuserfromgroup",
             live=lambda w: (lambda g, u: {"user_id": u["id"], "group_id": g["id"]})(*group_member(w))),
    Scenario("removeuserfromgroup-not-member", live=lambda w: {"user_id": w.user()["id"], "group_id": w.group()["id"]}),
    Scenario("addcoursetogroup", live=lambda w: {"course_id": w.course()["id"], "group_id": w.group()["id"]},
             facts=(echoes("course_id", "group_id"),)),
    Scenario("addcoursetogroup-already-member", live=group_course),
    # branches
    Scenario("branches-list", client=lambda api, a: api.branches()),
    Scenario("branches-by-id", client=lambda api, a: api.branches(a["id"]), live=branch_with_members),
    Scenario("branches-not-found", client=lambda api, a: api.branches(a["id"])),
    Scenario("createbranch", live=lambda w: {"name": w.unique("contractbranch"), "description": "A new branch"}),
    Scenario("deletebranch", live=lambda w: {"branch_id": w.branch()["id"]}),
    Scenario("addusertobranch", live=lambda w: {"user_id": w.user()["id"], "branch_id": w.branch()["id"]}),
    Scenario("addusertobranch-already-member", live=branch_member),
    Scenario("removeuserfrombranch", live=branch_member, facts=(echoes("user_id", "branch_id"),)),
    Scenario("removeuserfrombranch-not-member",
             live=lambda w: {"user_id": w.user()["id"], "branch_id": w.branch()["id"]}),
    Scenario("addcoursetobranch", client=lambda api, a: api.add_course_to_branch(a["course_id"], a["branch_id"]),
             live=lambda w: {"course_id": w.course()["id"], "branch_id": w.branch()["id"]}),
    Scenario("addcoursetobranch-already-member",
             client=lambda api, a: api.add_course_to_branch(a["course_id"], a["branch_id"]), live=branch_course),
    Scenario("branchsetstatus", live=lambda w: {"branch_id": w.branch()["id"], "status": "inactive"},
             facts=(echoes("branch_id", "status"),)),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=ids(SCENARIOS))
def test_groups_branches_contract(target, monkeypatch, scenario):
    run(target, monkeypatch, scenario)
