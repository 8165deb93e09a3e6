"""Catalog resources whose rows live in the hand-kept tables, with bodies and answers from the
document's table: labels, published-path writes, plans, a path's items across its publications and a
course series' published courses."""

from __future__ import annotations

from flask import Blueprint, request

from .. import serialize
from ..errors import FieldErrors, NotFound
from ..models import Label, Plan, PublishedPath
from ..ops.catalog import slugify
from ..params.body import validated
from ..params.table import body_fields
from ..serialize.records import render
from ..store import SkilljarState
from .common import found, no_content, ok, one_row, ops, paginate_list, route, state

PATH_ITEMS = "/v1/domains/{}/published-paths/{}/path-items"


def label(st: SkilljarState, row: Label, schema: str = "Label") -> dict:
    return render(st, schema, {"id": row.id, "name": row.name})


def plan(st: SkilljarState, row: Plan) -> dict:
    slug = slugify(row.title)
    return render(st, "Plan", {"id": row.id, "name": row.title, "slug": slug, "hidden": False,
                               "plan_url": f"https://{row.domain_name}/plan/{slug}", "short_description": None,
                               "offer": {"id": row.id, "registration_open": True,
                                         "registration_url": f"https://{row.domain_name}/plan/{slug}"}})


def _unique_label(st: SkilljarState, name: str, row: Label | None = None) -> None:
    other = st.labels.by("name", name)
    if other is not None and other is not row:
        raise FieldErrors({"name": ["label with this name already exists."]})


def register(bp: Blueprint) -> None:
    @route(bp, "/v1/labels", ["GET", "POST"])
    def labels():
        st = state()
        if request.method == "POST":
            name = validated(body_fields("LabelRequest"))["name"]
            _unique_label(st, name)
            return ok(label(st, ops().create_label(name)), 201)
        return paginate_list(list(st.labels), lambda row: label(st, row))

    @route(bp, "/v1/labels/<b36:label_id>", ["GET", "PUT", "PATCH", "DELETE"])
    def label_detail(label_id: str):
        st = state()

        def update(row: Label, patch: bool) -> None:
            data = validated(body_fields("PatchedLabelRequest" if patch else "LabelRequest"), partial=patch)
            if "name" in data:
                _unique_label(st, data["name"], row)
                ops().rename_label(row, data["name"])

        return one_row(found(st.labels.get(label_id)), lambda row: label(st, row), update=update,
                       delete=ops().delete_label)

    @route(bp, "/v1/domains/<dom:domain_name>/published-paths", ["POST"])
    def publish_path(domain_name: str):
        st = state()
        domain = found(st.domain(domain_name))
        data = validated(body_fields("PublishedPathRequest"))
        path = ops().create_record("/v1/paths", "/v1/paths|", data.pop("path"))
        row = ops().publish_path(domain, path, **data)
        return ok(serialize.published_path(row), 201)

    @route(bp, "/v1/domains/<dom:domain_name>/published-paths/<b36:published_path_id>", ["PUT", "PATCH", "DELETE"])
    def published_path_write(domain_name: str, published_path_id: str):
        st = state()
        row: PublishedPath = found(st.published_path_of(domain_name, published_path_id))
        if request.method == "DELETE":
            ops().unpublish_path(row)
            return no_content()
        patch = request.method == "PATCH"
        data = validated(body_fields("PatchedUpdatePublishedPathRequest" if patch else "UpdatePublishedPathRequest"),
                         partial=patch)
        ops().update_published_path(row, **data)
        answer = serialize.published_path(row)
        answer["path"] = render(st, "Path", {**answer["path"], **(st.linked(row.path_id) or {})})
        return ok(answer)

    @route(bp, "/v1/domains/<dom:domain_name>/plan", ["GET"])
    def plans(domain_name: str):
        st = state()
        domain = found(st.domain(domain_name))
        return paginate_list([p for p in st.plans if p.domain_name == domain.name], lambda row: plan(st, row))

    @route(bp, "/v1/domains/<dom:domain_name>/plan/<b36:plan_id>", ["GET"])
    def plan_detail(domain_name: str, plan_id: str):
        st = state()
        domain = found(st.domain(domain_name))
        row = found(st.plans.get(plan_id))
        if row.domain_name != domain.name:
            raise NotFound()
        return ok(plan(st, row))

    def path_items(path_id: str) -> list:
        st = state()
        found(st.row_of("/v1/paths", path_id))
        return [item for p in st.published_paths if p.path_id == path_id
                for item in st.records_in(f"{PATH_ITEMS}|{p.domain_name}/{p.id}")]

    def path_item(item) -> dict:
        st = state()
        linked = item.data.get("published_course") or {}
        published = st.published_courses.get(linked.get("id", "")) if isinstance(linked, dict) else None
        data = {"id": item.id, "slug": published.slug if published else "",
                "course": {"id": published.course_id} if published else {}}
        return render(st, "PathItem", data)

    @route(bp, "/v1/paths/<b36:path_id>/path-items", ["GET"])
    def path_items_list(path_id: str):
        return paginate_list(path_items(path_id), path_item)

    @route(bp, "/v1/paths/<b36:path_id>/path-items/<b36:path_item_id>", ["GET"])
    def path_item_detail(path_id: str, path_item_id: str):
        return ok(path_item(found(next((i for i in path_items(path_id) if i.id == path_item_id), None))))

    @route(bp, "/v1/domains/<dom:domain_name>/course-series/<b36:course_series_id>/published-courses", ["GET"])
    def series_courses(domain_name: str, course_series_id: str):
        st = state()
        domain = found(st.domain(domain_name))
        series = found(st.record_at(f"/v1/domains/{{}}/course-series|{domain.name}", course_series_id))
        rows = [st.published_courses.get(i) for i in series.data.get("published_course_ids", [])]
        return paginate_list([r for r in rows if r is not None], lambda row: serialize.published_course(st, row))
