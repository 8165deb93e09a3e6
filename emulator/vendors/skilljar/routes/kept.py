"""Skilljar's REST answers kept as rendered bytes per row version (decision 005): for each serializer a
list page or a detail GET renders through, the key naming everything that rendering reads.

A row's key is its own stamp, the stamps of the rows it prints by id (a membership's user), and the
versions of the tables it scans (a user's enrollments, counted). ``tables`` names every table a page of
these rows reads: a whole page's joined rows are kept under those tables' versions (``page``), so any
write to one of them leaves the page behind. No Skilljar rendering reads a tenant setting, a switch, the
clock or the request; the table-driven rows read ``meta["domain"]`` (a URI field's neutral value), which
is in their scope. Write answers (create, update, the ``login_token`` shape) are never kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ....core.rendered import JsonBody, json_array
from .. import serialize
from ..store import SkilljarState


@dataclass(frozen=True)
class Kept:
    name: str
    key: Callable[[SkilljarState, Any], Any]  # (state, row) -> the row's key
    render: Callable[[SkilljarState, Any], dict]  # (state, row) -> the row's JSON value
    tables: tuple[str, ...]  # every table a rendering of these rows reads

    def texts(self, st: SkilljarState, rows: list, scope: tuple = ()) -> list[bytes]:
        key, render = self.key, self.render
        return st.rendered.rows((self.name, *scope), rows, lambda row: key(st, row), lambda row: render(st, row))

    def one(self, st: SkilljarState, row: Any, scope: tuple = ()) -> JsonBody:
        return self.texts(st, [row], scope)[0]  # the kept JsonBody itself

    def page(self, st: SkilljarState, which: tuple, fetch: Callable[[], list], scope: tuple = ()) -> JsonBody:
        """The JSON array of the rows ``fetch()`` gives, kept whole under ``which`` (what names the rows
        of the page among those tables' rows: the list, offset and size) and the tables' versions."""
        tables = [st.table(name) for name in self.tables]
        return st.rendered.text(("page", self.name, *scope),
                                lambda: (*which, *[table.version() for table in tables]),
                                lambda: json_array(self.texts(st, fetch(), scope)))

    def bound(self, st: SkilljarState, scope: tuple = ()) -> Callable[[list], list[bytes]]:
        return lambda rows: self.texts(st, rows, scope)


def _user(st: SkilljarState, row: Any) -> int:
    return st.users.stamp(row.user_id)


OVERVIEW = Kept("user_overview", lambda st, u: (st.users.stamp(u.id), st.enrollments.version()),
                serialize.user_overview, ("users", "enrollments"))


def _domain_user_key(st: SkilljarState, row: Any, signup_fields: bool) -> tuple:
    # the access code and sign-up values are table-driven rows; read only when there is a code, or when
    # the sign-up fields are printed
    records = st.records.version() if signup_fields or row.access_code_id else None
    return (st.domain_users.stamp(row.id), _user(st, row), records)


DOMAIN_USER = Kept("domain_user", lambda st, r: _domain_user_key(st, r, False),
                   lambda st, r: serialize.domain_user(st, r), ("domain_users", "users", "records"))
DOMAIN_USER_FIELDS = Kept("domain_user_fields", lambda st, r: _domain_user_key(st, r, True),
                          lambda st, r: serialize.domain_user(st, r, signup_fields=True),
                          ("domain_users", "users", "records"))
DOMAIN_USER_DETAIL = Kept("domain_user_detail", lambda st, r: _domain_user_key(st, r, True),
                          lambda st, r: serialize.domain_user(st, r, detail=True),
                          ("domain_users", "users", "records"))
DOMAIN = Kept("domain", lambda st, r: st.domains.stamp(r.id), lambda st, r: serialize.domain(r), ("domains",))
GROUP = Kept("group", lambda st, r: (st.groups.stamp(r.id), st.group_members.version()), serialize.group,
             ("groups", "group_members"))
GROUP_USER = Kept("group_user", lambda st, r: (st.group_members.stamp(r.id), _user(st, r)), serialize.group_user,
                  ("group_members", "users"))
GROUP_MEMBERSHIP = Kept("group_membership", lambda st, r: (st.group_members.stamp(r.id), st.groups.stamp(r.group_id)),
                        serialize.group_membership, ("group_members", "groups"))
GROUP_CATEGORY = Kept("group_category", lambda st, r: st.group_categories.stamp(r.id),
                      lambda st, r: serialize.group_category(r), ("group_categories",))
COURSE = Kept("course", lambda st, r: (st.courses.stamp(r.id), st.labels.version()), serialize.course,
              ("courses", "labels"))
LABEL = Kept("label_association", lambda st, r: st.labels.stamp(r.id), lambda st, r: serialize.label_association(r),
             ("labels",))


def _published_key(st: SkilljarState, row: Any) -> tuple:
    return (st.published_courses.stamp(row.id), st.courses.stamp(row.course_id))


PUBLISHED_COURSE = Kept("published_course", _published_key, serialize.published_course,
                        ("published_courses", "courses"))
PUBLISHED_COURSE_DETAIL = Kept("published_course_detail", _published_key,
                               lambda st, r: serialize.published_course(st, r, detail=True),
                               ("published_courses", "courses"))
ENROLLMENT = Kept("enrollment", lambda st, r: (st.enrollments.stamp(r.id), _user(st, r)), serialize.enrollment,
                  ("enrollments", "users"))
PATH_ENROLLMENT = Kept("path_enrollment", lambda st, r: (st.path_enrollments.stamp(r.id), _user(st, r)),
                       serialize.path_enrollment, ("path_enrollments", "users"))
PLAN_ENROLLMENT = Kept("plan_enrollment", lambda st, r: (st.plan_enrollments.stamp(r.id), _user(st, r)),
                       serialize.plan_enrollment, ("plan_enrollments", "users"))


def _progress_key(st: SkilljarState, row: Any) -> tuple:
    # the sibling enrollments of the same publication are scanned: the enrollments' version
    published = st.published_courses.get(row.published_course_id)
    return (row.id, st.enrollments.version(), st.published_courses.stamp(row.published_course_id),
            st.courses.stamp(published.course_id) if published is not None else None)


USER_PUBLISHED_COURSE = Kept("user_published_course", _progress_key, serialize.user_published_course,
                             ("enrollments", "published_courses", "courses"))
USER_PATH_ENROLLMENT = Kept("user_path_enrollment",
                            lambda st, r: (st.path_enrollments.stamp(r.id),
                                           st.published_paths.stamp(r.published_path_id)),
                            serialize.user_path_enrollment, ("path_enrollments", "published_paths"))
USER_PLAN_ENROLLMENT = Kept("user_plan_enrollment",
                            lambda st, r: (st.plan_enrollments.stamp(r.id), st.plans.stamp(r.plan_id)),
                            serialize.user_plan_enrollment, ("plan_enrollments", "plans"))

#: what a table-driven row's rendering reads besides its own record: the rows a link or a nested object
#: names (``SkilljarState.linked``: records and the hand-kept tables), the rows a computed field counts
#: (records; published paths, one of the hand-kept tables)
RECORD_TABLES = ("records", *SkilljarState.NAMED_TABLES)


def record_scope(st: SkilljarState, schema: str) -> tuple:
    """A table-driven answer's scope: the schema, the domain a URI's neutral value names, and the versions
    of every table the rendering may read (so a row's key is its id alone)."""
    return (schema, st.meta.get("domain"), *[st.table(name).version() for name in RECORD_TABLES])
