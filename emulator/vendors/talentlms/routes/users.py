"""Handlers of the user actions: parse arguments, call the domain, serialize."""

from __future__ import annotations

from ....core.rendered import JsonBody, json_array
from ..models import CustomField, User
from ..ops import Lms
from ..params import as_int, need, search_value
from ..serialize import Wire, keyed


def full_user(lms: Lms, w: Wire, user: User) -> JsonBody:
    """The user with courses, branches, groups, certifications and badges, rendered once per version:
    the user's stamp (its login key included, see ops.keys) and the versions of the tables it reads."""
    st = lms.state
    fields = st.fields_for("user")

    def key(u: User) -> tuple:
        return (st.users.stamp(u.id), st.enrollments.version(), st.courses.version(), st.branches.version(),
                st.groups.version(), st.certifications.version(), st.badges.version())

    def render(u: User) -> dict:
        courses = []
        for e in st.enrollments.where("user_id", u.id):
            course = st.courses.get(e.course_id)
            if course is not None:
                courses.append((e, course))
        branches = [b for b in (st.branches.get(i) for i in u.branch_ids) if b is not None]
        groups = [g for g in (st.groups.get(i) for i in u.group_ids) if g is not None]
        certs = [(c, st.courses.get(c.course_id)) for c in st.certifications.where("user_id", u.id)]
        badges = st.badges.where("user_id", u.id)
        return w.user_full(u, lms.current_key(u), fields, courses, branches, groups, certs, badges)

    return st.rendered.one(("user_full", w.key(), _field_keys(fields)), user, key, render)


def _field_keys(fields: list[CustomField]) -> tuple[str, ...]:
    """What a user's rendering reads from the custom-field definitions: their keys, in order."""
    return tuple(f.key for f in fields)


def users(lms: Lms, p: dict, w: Wire):
    if p.get("id") is not None:
        return full_user(lms, w, lms.user(p["id"]))
    if p.get("email") is not None:
        return full_user(lms, w, lms.user_by("email", need(p, "email").strip()))
    if p.get("username") is not None:
        return full_user(lms, w, lms.user_by("login", need(p, "username").strip()))
    fields = lms.state.fields_for("user")
    table = lms.state.users
    if p.get("page_size") is not None:  # seed 004 p.14: /users/page_size:N,page_number:M (default page 1)
        size = as_int(p["page_size"], minimum=1)
        number = as_int(p["page_number"], minimum=1) if p.get("page_number") is not None else 1
        rows = table.page((number - 1) * size, size) if (number - 1) * size < len(table) else []
    elif p.get("page_number") is not None:
        as_int(p["page_number"], minimum=1)
        rows = list(table)
    else:
        rows = list(table)
    stamp, refresh = table.stamp, lms.refresh  # a due deactivation is a write: before the stamp
    texts = lms.state.rendered.rows(("user_base", w.key(), _field_keys(fields)), rows,
                                    lambda u: stamp(refresh(u).id),
                                    lambda u: w.user_base(u, lms.current_key(u), fields))
    return json_array(texts)


def usersignup(lms: Lms, p: dict, w: Wire):
    user, custom = lms.signup(p)
    return w.user_created(user, lms.current_key(user), custom)


def edituser(lms: Lms, p: dict, w: Wire):
    user = lms.edit(p)
    return w.user_edited(user, lms.current_key(user), lms.state.fields_for("user"))


def deleteuser(lms: Lms, p: dict, w: Wire):
    lms.delete(p)
    return w.ok()


def usersetstatus(lms: Lms, p: dict, w: Wire):
    user = lms.set_status(p)
    return w.link(user_id=user.id, status=user.status)


def userlogin(lms: Lms, p: dict, w: Wire):
    user, key = lms.login(p)
    return w.login(user.id, key)


def userlogout(lms: Lms, p: dict, w: Wire):
    nxt = lms.logout(p)
    return w.logout(nxt)


def isuseronline(lms: Lms, p: dict, w: Wire):
    user = lms.user(need(p, "user_id"))
    return w.online(lms.online(user))


def forgotusername(lms: Lms, p: dict, w: Wire):
    return w.link(user_id=lms.forgot_username(p, w.domain).id)


def forgotpassword(lms: Lms, p: dict, w: Wire):
    return w.link(user_id=lms.forgot_password(p, w.domain).id)


def getcustomregistrationfields(lms: Lms, p: dict, w: Wire):
    return [w.custom_field(f, with_order=True) for f in lms.state.fields_for("user")]


def getusersbycustomfield(lms: Lms, p: dict, w: Wire):
    value = search_value(p)
    st = lms.state
    out = {}
    for user in lms.by_custom_value(value):
        certs = [(c, st.courses.get(c.course_id)) for c in st.certifications.where("user_id", user.id)]
        out[str(user.id)] = w.user_by_custom_field(user, certs)
    return keyed(out, lms.switch("empty_keyed_object"))
