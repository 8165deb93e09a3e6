"""Courses (CRUD, label filter) and course labels."""

from __future__ import annotations

from flask import Blueprint, request

from .. import serialize
from ..errors import NotFound
from ..params.body import validated
from ..params.courses import COURSE, LABEL_LINK, label_to_link
from . import kept
from .common import found, no_content, ok, one_row, ops, paginate_list, route, state


def register(bp: Blueprint) -> None:
    @route(bp, "/v1/courses", ["GET", "POST"])
    def courses():
        st = state()
        if request.method == "POST":
            row = ops().create_course(**validated(COURSE))
            return ok(serialize.course(st, row), 201)
        name = request.args.get("label__name")
        if name is not None:
            return paginate_list(st.courses_labelled(name), kept.COURSE)
        return paginate_list(list(st.courses), kept.COURSE, which=("courses",))

    @route(bp, "/v1/courses/<b36:course_id>", ["GET", "PUT", "PATCH", "DELETE"])
    def course_detail(course_id: str):
        st = state()
        return one_row(found(st.courses.get(course_id)),
                       lambda row: kept.COURSE.one(st, row) if request.method == "GET" else serialize.course(st, row),
                       update=lambda row, patch: ops().update_course(row, **validated(COURSE, partial=patch)),
                       delete=ops().delete_course)

    @route(bp, "/v1/courses/<b36:course_id>/labels", ["GET", "POST"])
    def course_labels(course_id: str):
        st = state()
        row = found(st.courses.get(course_id))
        if request.method == "POST":
            label = label_to_link(st, validated(LABEL_LINK)["label"]["id"])
            ops().add_course_label(row, label)
            return ok(serialize.label_association(label), 201)
        labels = [st.labels.get(i) for i in row.label_ids]
        return paginate_list([x for x in labels if x], kept.LABEL)

    @route(bp, "/v1/courses/<b36:course_id>/labels/<b36:label_id>", ["GET", "DELETE"])
    def course_label(course_id: str, label_id: str):
        st = state()
        row = found(st.courses.get(course_id))
        if label_id not in row.label_ids:
            raise NotFound()
        if request.method == "DELETE":
            ops().remove_course_label(row, label_id)
            return no_content()
        return ok(serialize.label_association(found(st.labels.get(label_id))))
