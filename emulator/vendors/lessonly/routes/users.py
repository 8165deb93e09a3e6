"""Users: /api/v1/users... and /api/v1.1/users (DOCS ``_users.md.erb``; VCR user.*)."""

from __future__ import annotations

import re

from flask import Blueprint, g, request

from ....core.rendered import JsonBody, json_object
from .. import ops
from .. import params as P
from .. import serialize as S
from ..errors import LessonlyError
from ..models import User
from ..params import paging, params
from ..store import user_by_email
from .respond import found, ok, view

V1 = "/api/v1"
V11 = "/api/v1.1"
CUSTOM_FILTER = re.compile(r"^filter\[custom_user_field\]\[([0-9]+)\]$")
GROUP_IDS_HINT = ("Lessonly has no group_ids (only the Stitchflow guide names it); it was ignored. Membership "
                  "changes through PUT /api/v1/users/{id}/groups (memberships/managing, additive, "
                  "\"remove\":\"true\" drops one) or PUT /api/v1/groups/{id} (members/managers).")
GROUP_IDS_ON_HINT = ("group_ids replaced this user's memberships because the guide_group_ids switch is on; "
                     "real Lessonly ignores group_ids and changes membership through PUT /api/v1/users/{id}/groups.")


def _filtered(v11: bool) -> list | None:
    """Users matching the list filters, newest first; None when no filter applies (fast path)."""
    state = g.tenant.state
    args = request.args
    candidates = None  # None: every user

    def narrow(rows):
        nonlocal candidates
        ids = {r.id for r in rows}
        candidates = ids if candidates is None else candidates & ids

    if "filter[email]" in args:
        user = state.users.by("email", args["filter[email]"])
        narrow([user] if user else [])
    if "filter[ext_uid]" in args:
        narrow(state.users.where("ext_uid", args["filter[ext_uid]"]))
    if "filter[sso_id]" in args:
        narrow(state.users.where("sso_id", args["filter[sso_id]"]))
    for key, value in args.items():
        match = CUSTOM_FILTER.match(key)
        if match:
            fid = P.ruby_int(match.group(1))
            narrow([state.users.get(v.user_id) for v in state.custom_values.where("custom_user_field_id", fid)
                    if v.value == value])
    predicates = []
    if v11 and args.get("filter[created_since]"):
        since = P.timestamp(args["filter[created_since]"])
        if since is None or P.iso_date(args["filter[created_since]"]) is None:
            raise LessonlyError(400)
        predicates.append(lambda u: u.created_at >= since)
    if v11 and args.get("filter[active_only]") == "true":  # any other value returns every user (DOCS)
        predicates.append(lambda u: u.archived_at is None)
    if candidates is None and not predicates:
        return None
    if candidates is None:
        rows = [u for u in state.users if all(p(u) for p in predicates)]
    else:
        rows = [u for u in map(state.users.get, candidates) if u is not None and all(p(u) for p in predicates)]
    rows.sort(key=lambda u: u.id, reverse=True)
    return rows


def list_users(v11: bool):
    """Newest first (VCR user.all listed 544550 down to 544547); totals after the array."""
    v = view()
    page, per_page = paging()
    rows = _filtered(v11)
    offset = (page - 1) * per_page
    if rows is None:
        return ok(_whole_page(v, v11, page, per_page))
    total = len(rows)
    chunk = rows[offset: offset + per_page]
    return ok(json_object(S.paginated("users", "users", [], total, page, per_page), users=_items(chunk, v, v11)))


def _whole_page(v: S.View, v11: bool, page: int, per_page: int) -> JsonBody:
    """An unfiltered page, kept whole: its rows and totals are the users table's (newest first), so the
    page is named by the page, its size and the versions of every table its rows read (``_versions``)."""
    users = v.state.users

    def build() -> JsonBody:
        total = len(users)
        offset = (page - 1) * per_page
        start = max(0, total - offset - per_page)
        count = max(0, total - offset - start)
        chunk = list(reversed(users.page(start, count))) if offset < total else []
        return json_object(S.paginated("users", "users", [], total, page, per_page), users=_items(chunk, v, v11))

    return v.state.rendered.text(("users_page", v11, v.zone), lambda: (page, per_page, *_versions(v.state, v11)),
                                 build)


def _versions(state, v11: bool) -> tuple:
    """The versions of the tables a page's rows read (as ``_items`` keys them)."""
    if not v11:
        return (state.users.version(),)
    return (state.users.version(), state.custom_values.version(), state.custom_user_fields.version(),
            state.groups.version())


def _items(chunk: list[User], v: S.View, v11: bool) -> list[bytes]:
    """List items rendered once per version: the user's stamp, and for v1.1 the versions of the custom
    values, custom fields and groups it prints; the company's time zone is in the scope."""
    state = v.state
    stamp = state.users.stamp
    if not v11:
        return state.rendered.rows(("users_v1", v.zone), chunk, lambda u: stamp(u.id),
                                   lambda u: S.user_summary(u, v))

    def key(u: User) -> tuple:
        return (stamp(u.id), state.custom_values.version(), state.custom_user_fields.version(),
                state.groups.version())

    return state.rendered.rows(("users_v11", v.zone), chunk, key, lambda u: S.user_v11(u, v))


def _detail(user: User) -> JsonBody:
    """GET /users/{id}, rendered once per version (as ``_items``); group ids are printed only under the
    switch, so only then is the groups' version in the key (and the key differs when the switch does)."""
    v, ids = view(), _group_ids_on()
    state = v.state

    def key(u: User) -> tuple:
        return (state.users.stamp(u.id), state.custom_values.version(), state.custom_user_fields.version(),
                state.groups.version() if ids else None)

    return state.rendered.one(("user_detail", v.zone), user, key, lambda u: S.user_detail(u, v, "user", ids))


def register(bp: Blueprint) -> None:
    @bp.get(f"{V1}/users")
    def users_v1():
        return list_users(False)

    @bp.get(f"{V11}/users")
    def users_v11():
        return list_users(True)

    @bp.get(f"{V1}/users/<int:user_id>")
    def show_user(user_id: int):
        return ok(_detail(found("users", user_id)))

    @bp.post(f"{V1}/users")
    def create_user():
        tenant = g.tenant
        p = params()
        fields, custom = P.user_fields(p, tenant.state, creating=True, require_role=tenant.switch("require_role"))
        gids = _guide_group_ids(p)
        if user_by_email(tenant.state, fields["email"]) is not None:
            raise LessonlyError(tenant.switch("duplicate_email_status"), "Email has already been taken")
        user = ops.create_user(tenant, fields, custom)
        if gids is not None:
            ops.set_group_ids(tenant, user, gids)
        return ok(S.user_detail(user, view(), "create_user", _group_ids_on()), 201)

    @bp.put(f"{V1}/users/<int:user_id>")
    def update_user(user_id: int):
        tenant = g.tenant
        user = found("users", user_id)
        p = params()
        fields, custom = P.user_fields(p, tenant.state, creating=False, require_role=False)
        gids = _guide_group_ids(p)
        if "email" in fields:
            other = user_by_email(tenant.state, fields["email"])
            if other is not None and other.id != user.id:
                raise LessonlyError(tenant.switch("duplicate_email_status"), "Email has already been taken")
        ops.update_user(tenant, user, fields, custom)
        if gids is not None:
            ops.set_group_ids(tenant, user, gids)
        return ok(S.user_detail(user, view(), "update_user", _group_ids_on()))

    @bp.put(f"{V1}/users/<int:user_id>/archive")
    def archive_user(user_id: int):
        user = ops.archive_user(g.tenant, found("users", user_id))
        return ok(S.user_detail(user, view(), "user"))

    @bp.put(f"{V1}/users/<int:user_id>/restore")
    def restore_user(user_id: int):
        user = ops.restore_user(g.tenant, found("users", user_id))
        return ok(S.user_detail(user, view(), "user"))

    @bp.delete(f"{V1}/users/<int:user_id>")
    def delete_user(user_id: int):
        ops.delete_user(g.tenant, found("users", user_id))
        return ok({"type": "delete_user", "id": user_id})  # integer id, as recorded (VCR user.delete)

    @bp.get(f"{V1}/users/<int:user_id>/groups")
    def user_groups(user_id: int):
        return ok(S.user_groups_body(found("users", user_id), view(), "user_groups"))

    @bp.put(f"{V1}/users/<int:user_id>/groups")
    def update_user_groups(user_id: int):
        tenant = g.tenant
        user = found("users", user_id)
        p = params()
        memberships = P.associations(p.get("memberships"), "Memberships", tenant.state.groups)
        managing = P.associations(p.get("managing"), "Managing", tenant.state.groups)
        ops.change_memberships(tenant, user, memberships, managing)
        return ok(S.user_groups_body(user, view(), "update_user_groups"))

    @bp.get(f"{V1}/users/<int:user_id>/assignments")
    def user_assignments(user_id: int):
        found("users", user_id)
        v = view()
        typed = g.tenant.switch("user_assignment_item_type")
        items = g.tenant.state.assignments.where("assignee_id", user_id)
        # never paginated: pagination was added and reverted in 2017 (DOCS 516a0b3, 0e166f7)
        return ok({"type": "user_assignments", "assignments": [S.assignment(a, v, typed) for a in items]})

    @bp.post(f"{V1}/users/<int:user_id>/assignments")
    def create_user_assignments(user_id: int):
        tenant = g.tenant
        found("users", user_id)
        wanted = P.user_assignables(params(), tenant.state)
        made = [ops.assign(tenant, user_id, kind, aid, due) for kind, aid, due in wanted]
        v = view()
        typed = tenant.switch("user_assignment_item_type")
        return ok({"type": "create_user_assignments", "assignments": [S.assignment(a, v, typed) for a in made]},
                  201)

    @bp.get(f"{V1}/users/<int:user_id>/learning_library_statistics")
    def learning_library(user_id: int):
        user = found("users", user_id)
        if not g.tenant.config.settings.get("learning_library", True):
            raise LessonlyError(403)  # "available only to customers whose plan includes the Learning Library"
        return ok({"type": "user_learning_library_statistics",
                   "learning_library_statistics": {"total_completed": user.library_completed,
                                                   "total_views": user.library_views,
                                                   "unique_lesson_and_course_views": user.library_unique_views}})


def _group_ids_on() -> bool:
    return bool(g.tenant.switch("guide_group_ids"))


def _guide_group_ids(p: dict) -> list[int] | None:
    """The guide's ``group_ids``: ignored like any unknown key (with a hint), or applied by the switch."""
    if "group_ids" not in p:
        return None
    if not _group_ids_on():
        g.hint = GROUP_IDS_HINT
        return None
    g.hint = GROUP_IDS_ON_HINT
    return P.group_ids(p["group_ids"], g.tenant.state)
