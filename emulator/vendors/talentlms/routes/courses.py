"""Handlers of the course actions."""

from __future__ import annotations

from ..ops import Lms
from ..params import search_value
from ..serialize import Wire


def courses(lms: Lms, p: dict, w: Wire):
    fields = lms.state.fields_for("course")
    if p.get("id") is not None:
        course = lms.course(p["id"])
        st = lms.state
        users = []
        for e in st.enrollments.where("course_id", course.id):
            user = st.users.get(e.user_id)
            if user is not None:
                users.append((e, user))
        units = sorted(st.units.where("course_id", course.id), key=lambda u: u.position)
        prereqs = [c for c in (st.courses.get(i) for i in course.prerequisite_ids) if c is not None]
        return w.course_full(course, fields, users, units, prereqs)
    return [w.course(c, fields) for c in lms.state.courses]


def createcourse(lms: Lms, p: dict, w: Wire):
    return w.course(lms.create_course(p), lms.state.fields_for("course"), create=True)


def deletecourse(lms: Lms, p: dict, w: Wire):
    lms.delete_course(p)
    return w.ok()


def addusertocourse(lms: Lms, p: dict, w: Wire):
    user, course, row = lms.add_user_to_course(p)
    # an array, unlike every other write (doc p.26; Trifoia live test res[0]; C# "inconsistency")
    return [w.link(user_id=user.id, course_id=course.id, role=row.role)]


def removeuserfromcourse(lms: Lms, p: dict, w: Wire):
    user, course = lms.remove_user_from_course(p)
    return w.link(user_id=user.id, course_id=course.id, course_name=course.name)


def gotocourse(lms: Lms, p: dict, w: Wire):
    course, key = lms.goto_course(p)
    return w.goto(key, course.id)


def buycourse(lms: Lms, p: dict, w: Wire):
    user, course = lms.buy(p, "course")
    return w.paypal(lms.setting("paypal_email", ""), course.name, course.price, user.id, p.get("coupon"))


def buycategorycourses(lms: Lms, p: dict, w: Wire):
    user, category = lms.buy(p, "category")
    return w.paypal(lms.setting("paypal_email", ""), category.name, category.price, user.id,
                    p.get("coupon"))


def getcustomcoursefields(lms: Lms, p: dict, w: Wire):
    return [w.custom_field(f, with_order=False) for f in lms.state.fields_for("course")]


def getcoursesbycustomfield(lms: Lms, p: dict, w: Wire):
    value = search_value(p)
    fields = lms.state.fields_for("course")
    return [w.course(c, fields) for c in lms.courses_by_custom_value(value)]


def getuserstatusincourse(lms: Lms, p: dict, w: Wire):
    user, course, row = lms.enrolled(p)
    st = lms.state
    units = sorted(st.units.where("course_id", course.id), key=lambda u: u.position)
    pairs = [(u, st.unit_progress.by("key", f"{u.id}:{user.id}")) for u in units if u.type != "Section"]
    return w.user_status_in_course(row, pairs)


def resetuserprogress(lms: Lms, p: dict, w: Wire):
    lms.reset_progress(p)
    return w.ok()
