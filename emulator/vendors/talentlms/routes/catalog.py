"""Handlers of the category, group and branch actions."""

from __future__ import annotations

from ..ops import Lms
from ..params import need
from ..serialize import Wire, keyed


def categories(lms: Lms, p: dict, w: Wire):
    if p.get("id") is not None:
        category = lms.category(p["id"])
        out = w.category(category)
        out["courses"] = [w.category_course(c) for c in lms.category_courses(category)]
        return out
    return [w.category(c) for c in lms.state.categories]


def categoryleafsandcourses(lms: Lms, p: dict, w: Wire):
    # an object keyed by child-category id (doc p.34; Trifoia live test res[leafId].id)
    category = lms.category(need(p, "id"))
    out = {}
    for child in lms.children(category):
        entry = w.category(child)
        entry["courses"] = [
            w.leaf_course(c, sorted(lms.state.units.where("course_id", c.id), key=lambda u: u.position))
            for c in lms.category_courses(child)]
        out[str(child.id)] = entry
    return keyed(out, lms.switch("empty_keyed_object"))


def groups(lms: Lms, p: dict, w: Wire):
    if p.get("id") is not None:
        group = lms.group(p["id"])
        out = w.group(group)
        out["users"] = w.members(lms.state.users.where("group_ids", group.id))
        out["courses"] = w.members([c for c in (lms.state.courses.get(i) for i in group.course_ids) if c])
        return out
    return [w.group(g) for g in lms.state.groups]


def creategroup(lms: Lms, p: dict, w: Wire):
    return w.group(lms.create_group(p), create=True)


def deletegroup(lms: Lms, p: dict, w: Wire):
    lms.delete_group(p)
    return w.ok()


def addusertogroup(lms: Lms, p: dict, w: Wire):
    user, group = lms.add_user_to_group(p)
    return w.link(user_id=user.id, group_id=group.id, group_name=group.name)


def removeuserfromgroup(lms: Lms, p: dict, w: Wire):
    user, group = lms.remove_user_from_group(p)
    return w.link(user_id=user.id, group_id=group.id, group_name=group.name)


def addcoursetogroup(lms: Lms, p: dict, w: Wire):
    course, group = lms.add_course_to_group(p)
    return w.link(course_id=course.id, group_id=group.id, group_name=group.name)


def branches(lms: Lms, p: dict, w: Wire):
    if p.get("id") is not None:
        branch = lms.branch(p["id"])
        out = w.branch(branch)
        out["users"] = w.members(lms.state.users.where("branch_ids", branch.id))
        out["courses"] = w.members([c for c in (lms.state.courses.get(i) for i in branch.course_ids) if c])
        return out
    return [w.branch(b) for b in lms.state.branches]


def createbranch(lms: Lms, p: dict, w: Wire):
    return w.branch(lms.create_branch(p), create=True)


def deletebranch(lms: Lms, p: dict, w: Wire):
    lms.delete_branch(p)
    return w.ok()


def addusertobranch(lms: Lms, p: dict, w: Wire):
    user, branch = lms.add_user_to_branch(p)
    return w.link(user_id=user.id, branch_id=branch.id, branch_name=branch.name)


def removeuserfrombranch(lms: Lms, p: dict, w: Wire):
    user, branch = lms.remove_user_from_branch(p)
    return w.link(user_id=user.id, branch_id=branch.id, branch_name=branch.name)


def addcoursetobranch(lms: Lms, p: dict, w: Wire):
    course, branch = lms.add_course_to_branch(p)
    return w.link(course_id=course.id, branch_id=branch.id, branch_name=branch.name)


def branchsetstatus(lms: Lms, p: dict, w: Wire):
    branch = lms.branch_set_status(p)
    return w.link(branch_id=branch.id, status=branch.status)
