"""Categories, groups (joined by key) and branches."""

INVALID_ARGS = "Invalid arguments provided"


def test_categories_and_leafs_keyed_by_id(api, monkeypatch):
    cats = api.ok("categories")
    assert {"id", "name", "price", "parent_category_id"} == set(cats[0])
    parent = next(c for c in cats if c["parent_category_id"] is None and
                  any(x["parent_category_id"] == c["id"] for x in cats))
    leafs = api.ok(f"categoryleafsandcourses/id:{parent['id']}")
    children = {c["id"] for c in cats if c["parent_category_id"] == parent["id"]}
    assert set(leafs) == children
    for key, entry in leafs.items():
        assert entry["id"] == key and entry["parent_category_id"] == parent["id"]
        for course in entry["courses"]:
            assert isinstance(course["units"], list)
    one = api.ok(f"categories/id:{parent['id']}")
    assert isinstance(one["courses"], list)
    api.error("categories/id:999", 404, "The requested category does not exist")
    leaf = next(iter(children))
    assert api.ok(f"categoryleafsandcourses/id:{leaf}") == []


def test_creategroup_and_membership_by_key(api):
    g = api.ok("creategroup", {"name": "Cohort", "key": "COHORTKEY", "max_redemptions": "7"})
    assert isinstance(g["id"], int) and g["max_redemptions"] == "7" and g["key"] == "COHORTKEY"
    api.ok(f"addcoursetogroup/course_id:3,group_id:{g['id']}")
    uid = api.signup(1)["id"]
    assert api.ok(f"addusertogroup/user_id:{uid},group_key:COHORTKEY") == {
        "user_id": str(uid), "group_id": str(g["id"]), "group_name": "Cohort"}
    assert "3" in {c["id"] for c in api.ok(f"users/id:{uid}")["courses"]}  # enrolled in the group's courses
    assert api.ok(f"groups/id:{g['id']}")["redemptions_sofar"] == "1"
    api.error(f"addusertogroup/user_id:{uid},group_key:COHORTKEY", 400,
              "The requested user is already a member of this group")
    api.error(f"addusertogroup/user_id:{uid},group_key:{g['id']}", 404, "There is no group with such key")
    api.error(f"addcoursetogroup/course_id:3,group_id:{g['id']}", 400,
              "The requested course is already a member of this group")
    assert api.ok(f"removeuserfromgroup/user_id:{uid},group_id:{g['id']}")["group_name"] == "Cohort"
    api.error(f"removeuserfromgroup/user_id:{uid},group_id:{g['id']}", 400,
              "The requested user is not a member of this group")
    api.error("creategroup", 400, "A group with the same key already exists", data={"name": "x", "key": "COHORTKEY"})
    assert api.ok("deletegroup", {"group_id": g["id"]})["message"]
    api.error(f"groups/id:{g['id']}", 404, "The requested group does not exist")


def test_addcoursetogroup_members_switch(api, monkeypatch):
    g = api.ok("creategroup", {"name": "G"})
    uid = api.signup(1)["id"]
    api.ok(f"addusertogroup/user_id:{uid},group_key:{g['key']}")
    api.ok(f"addcoursetogroup/course_id:4,group_id:{g['id']}")
    assert "4" not in {c["id"] for c in api.ok(f"users/id:{uid}")["courses"]}
    api.switch(monkeypatch, "group_course_enrolls_members", True)
    api.ok(f"addcoursetogroup/course_id:5,group_id:{g['id']}")
    assert "5" in {c["id"] for c in api.ok(f"users/id:{uid}")["courses"]}


def test_group_list_types(api):
    groups = api.ok("groups")
    assert groups[0]["belongs_to_branch"] is None and groups[0]["price"].startswith("&#36;")
    g = api.ok("groups/id:1")
    assert {"users", "courses"} <= set(g)


def test_branches_lifecycle(api):
    b = api.ok("createbranch", {"name": "emea", "description": "Europe", "users_limit": "100",
                                "disallow_global_login": "on"})
    assert isinstance(b["id"], int) and b["users_limit"] == "100" and b["user_type_id"] == " 4"
    assert b["disallow_global_login"] == "1"
    api.error("createbranch", 400, "A branch with the same name already exists", data={"name": "EMEA"})
    uid = api.signup(1)["id"]
    assert api.ok(f"addusertobranch/user_id:{uid},branch_id:{b['id']}") == {
        "user_id": str(uid), "branch_id": str(b["id"]), "branch_name": "emea"}
    api.error(f"addusertobranch/user_id:{uid},branch_id:{b['id']}", 400,
              "The requested user is already a member of this branch")
    assert api.ok(f"addcoursetobranch/course_id:1,branch_id:{b['id']}")["branch_name"] == "emea"
    api.error(f"addcoursetobranch/course_id:1,branch_id:{b['id']}", 400,
              "The requested course is already a member of this branch")
    one = api.ok(f"branches/id:{b['id']}")
    assert one["users"] == [{"id": str(uid), "name": "F. Last1"}] and one["courses"][0]["id"] == "1"
    assert api.ok(f"branchsetstatus/branch_id:{b['id']},status:inactive") == {
        "branch_id": str(b["id"]), "status": "inactive"}
    api.error(f"branchsetstatus/branch_id:{b['id']},status:gone", 400, INVALID_ARGS)
    api.ok(f"removeuserfrombranch/user_id:{uid},branch_id:{b['id']}")
    api.error(f"removeuserfrombranch/user_id:{uid},branch_id:{b['id']}", 400,
              "The requested user is not a member of this branch")
    assert api.ok("deletebranch", {"branch_id": b["id"]})["message"]
    api.error(f"branches/id:{b['id']}", 404, "The requested branch does not exist")
    api.error("createbranch", 400, INVALID_ARGS, data={"description": "nameless"})
