"""Handlers of the course actions."""

from __future__ import annotations

from urllib.parse import urlencode

from ..domain import Lms
from ..errors import INVALID_ARGUMENTS, TalentError
from ..serialize import Wire, s
from .users import MESSAGE_OK


def courses(lms: Lms, p: dict, w: Wire):
    fields = lms.custom_fields("course")
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
    return w.course(lms.create_course(p), lms.custom_fields("course"), create=True)


def deletecourse(lms: Lms, p: dict, w: Wire):
    lms.delete_course(p)
    return dict(MESSAGE_OK)


def addusertocourse(lms: Lms, p: dict, w: Wire):
    user, course, row = lms.add_user_to_course(p)
    # an array, unlike every other write (doc p.26; Trifoia live test res[0]; C# "inconsistency")
    return [{"user_id": s(user.id), "course_id": s(course.id), "role": row.role}]


def removeuserfromcourse(lms: Lms, p: dict, w: Wire):
    user, course = lms.remove_user_from_course(p)
    return {"user_id": s(user.id), "course_id": s(course.id), "course_name": course.name}


def gotocourse(lms: Lms, p: dict, w: Wire):
    course, key = lms.goto_course(p)
    return {"goto_url": w.url(f"/index/gotocourse/key:{key},course_id:{course.id}")}


def _paypal(w: Wire, lms: Lms, item_name: str, amount: float, user_id: int, coupon: str | None) -> dict:
    query = {"cmd": "_xclick", "business": lms.setting("paypal_email", "") or f"payments@{w.domain}",
             "item_name": item_name, "amount": f"{amount:.2f}", "currency_code": "USD",
             "custom": f"user_id:{user_id}", "return": w.url("/dashboard")}
    if coupon:
        query["coupon"] = coupon
    return {"redirect_url": "https://www.paypal.com/cgi-bin/webscr?" + urlencode(query)}


def buycourse(lms: Lms, p: dict, w: Wire):
    user, course = lms.buy(p, "course")
    return _paypal(w, lms, course.name, course.price, user.id, p.get("coupon"))


def buycategorycourses(lms: Lms, p: dict, w: Wire):
    user, category = lms.buy(p, "category")
    return _paypal(w, lms, category.name, category.price, user.id, p.get("coupon"))


def getcustomcoursefields(lms: Lms, p: dict, w: Wire):
    return [w.custom_field(f, with_order=False) for f in lms.custom_fields("course")]


def getcoursesbycustomfield(lms: Lms, p: dict, w: Wire):
    value = lms.need(p, "custom_field_value")
    if len(value) > 255:
        raise TalentError(INVALID_ARGUMENTS)
    fields = lms.custom_fields("course")
    return [w.course(c, fields) for c in lms.courses_by_custom_value(value)]


def getuserstatusincourse(lms: Lms, p: dict, w: Wire):
    user, course, row = lms.enrolled(p)
    st = lms.state
    units = sorted(st.units.where("course_id", course.id), key=lambda u: u.position)
    pairs = [(u, st.unit_progress.by("key", f"{u.id}:{user.id}")) for u in units if u.type != "Section"]
    return w.user_status_in_course(row, pairs)


def resetuserprogress(lms: Lms, p: dict, w: Wire):
    lms.reset_progress(p)
    return dict(MESSAGE_OK)
