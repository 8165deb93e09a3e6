"""Courses (CRUD, label filter) and course labels."""

from __future__ import annotations

from flask import Blueprint, request

from . import errors, serialize
from .fields import Bool, Char, Choice, ListOf, Nested
from .models import Course, Label
from .web import found, no_content, ok, ops, paginate_list, route, state, validated

TIME_FORMATS = ("HOURS_MINUTES_SECONDS", "HOURS_MINUTES", "HOURS_MINUTES_VERBOSE", "MINUTES_VERBOSE")


def course_fields() -> dict:
    return {
        "enforce_sequential_navigation": Bool(required=True),
        "long_description_html": Char(),
        "short_description": Char(required=True, allow_blank=False),
        "title": Char(required=True, allow_blank=False),
        "labels": ListOf(Char(allow_blank=False)),
        "display_course_and_lesson_time": Bool(),
        "manual_course_time": Char(max_length=15),
        "display_manual_course_time": Bool(),
        "course_and_lesson_time_format": Choice(TIME_FORMATS),
    }


LABEL_LINK = {"label": Nested({"id": Char(required=True, allow_blank=False)}, required=True)}


def register(bp: Blueprint) -> None:
    def label_ids(names: list[str]) -> list[str]:
        """Course ``labels`` are label names; an unknown name makes a new label (assumption)."""
        st = state()
        out = []
        for name in names:
            label = st.labels.by("name", name) or st.labels.insert(Label(id=st.new_id(), name=name))
            if label.id not in out:
                out.append(label.id)
        return out

    @route(bp, "/v1/courses", ["GET", "POST"])
    def courses():
        st = state()
        if request.method == "POST":
            data = validated(course_fields())
            now = ops().now()
            ids = label_ids(data.pop("labels", []))
            row = st.courses.insert(Course(id=st.new_id(), created_at=now, modified_at=now, label_ids=ids, **data))
            return ok(serialize.course(st, row), 201)
        name = request.args.get("label__name")
        if name is not None:
            label = st.labels.by("name", name)
            rows = st.courses.where("label_ids", label.id) if label else []
        else:
            rows = list(st.courses)
        return paginate_list(rows, lambda r: serialize.course(st, r))

    @route(bp, "/v1/courses/<b36:course_id>", ["GET", "PUT", "PATCH", "DELETE"])
    def course_detail(course_id: str):
        st = state()
        row = found(st.courses.get(course_id))
        if request.method == "DELETE":
            ops().delete_course(row)
            return no_content()
        if request.method in ("PUT", "PATCH"):
            data = validated(course_fields(), partial=request.method == "PATCH")
            if "labels" in data:
                data["label_ids"] = label_ids(data.pop("labels"))
            st.courses.update(row, modified_at=ops().now(), **data)
        return ok(serialize.course(st, row))

    @route(bp, "/v1/courses/<b36:course_id>/labels", ["GET", "POST"])
    def course_labels(course_id: str):
        st = state()
        row = found(st.courses.get(course_id))
        if request.method == "POST":
            label_id = validated(LABEL_LINK)["label"]["id"]
            label = st.labels.get(label_id)
            if label is None:
                errors.fields({"label": {"id": [f'Invalid pk "{label_id}" - object does not exist.']}})
            if label.id not in row.label_ids:
                st.courses.update(row, label_ids=[*row.label_ids, label.id])
            return ok(serialize.label_association(label), 201)
        labels = [st.labels.get(i) for i in row.label_ids]
        return paginate_list([x for x in labels if x], serialize.label_association)

    @route(bp, "/v1/courses/<b36:course_id>/labels/<b36:label_id>", ["GET", "DELETE"])
    def course_label(course_id: str, label_id: str):
        st = state()
        row = found(st.courses.get(course_id))
        if label_id not in row.label_ids:
            errors.not_found()
        if request.method == "DELETE":
            st.courses.update(row, label_ids=[i for i in row.label_ids if i != label_id])
            return no_content()
        return ok(serialize.label_association(found(st.labels.get(label_id))))
