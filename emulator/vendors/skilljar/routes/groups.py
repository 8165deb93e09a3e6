"""Groups, members, email-domain rules and group categories."""

from __future__ import annotations

from flask import Blueprint, request

from .. import serialize
from ..params.body import validated
from ..params.groups import MEMBER, RULES_PATCH, check_group, group_fields, member_to_add
from ..models import Group
from . import kept
from .common import found, no_content, ok, one_row, ops, paginate_list, route, state


def register(bp: Blueprint) -> None:
    @route(bp, "/v1/groups", ["GET", "POST"])
    def groups():
        st = state()
        if request.method == "POST":
            data = validated(group_fields(create=True))
            check_group(st, data, None)
            row = ops().create_group(**data)
            return ok(serialize.group(st, row), 201)
        name = request.args.get("name")  # an exact match (SPEC)
        if name is not None:
            return paginate_list(st.groups_named(name), kept.GROUP)
        return paginate_list(list(st.groups), kept.GROUP, which=("groups",))

    @route(bp, "/v1/groups/<b36:group_id>", ["GET", "PUT", "PATCH", "DELETE"])
    def group_detail(group_id: str):
        st = state()

        def update(row: Group, _patch: bool) -> None:
            data = validated(group_fields(create=False), partial=True)  # both verbs partial (SPEC)
            check_group(st, data, row.id)
            ops().update_group(row, **data)

        # DELETE: a hard delete of the group and its memberships; users stay
        return one_row(found(st.groups.get(group_id)), lambda row: _group(st, row), update,
                       delete=ops().delete_group)

    @route(bp, "/v1/groups/<b36:group_id>/users", ["GET", "POST"])
    def group_users(group_id: str):
        st = state()
        grp = found(st.groups.get(group_id))
        if request.method == "POST":
            user = member_to_add(st, grp, validated(MEMBER)["user"]["id"])
            row = ops().add_group_member(grp, user)
            return ok(serialize.group_user(st, row), 201)
        rows = st.group_members.where("group_id", grp.id)
        return paginate_list(rows, kept.GROUP_USER, which=("group_users", grp.id))

    @route(bp, "/v1/groups/<b36:group_id>/users/<b36:user_id>", ["GET", "DELETE"])
    def group_user(group_id: str, user_id: str):
        st = state()
        grp = found(st.groups.get(group_id))
        row = found(st.group_membership(grp.id, user_id))
        if request.method == "DELETE":
            ops().remove_group_member(row)
            return no_content()
        return ok(kept.GROUP_USER.one(st, row))

    @route(bp, "/v1/groups/<b36:group_id>/email-domain-rules", ["GET", "PATCH"])
    def email_domain_rules(group_id: str):
        st = state()
        grp = found(st.groups.get(group_id))
        if request.method == "PATCH":  # {add:[...], remove:[...]}, idempotent (dossier, SPEC JSON copy)
            data = validated(RULES_PATCH, partial=True)
            ops().change_email_domain_rules(grp, data.get("add", []), data.get("remove", []))
        return ok({"email_domains": list(grp.rule_email_domains)})

    @route(bp, "/v1/group-categories", ["GET"])
    def group_categories():
        return paginate_list(list(state().group_categories), kept.GROUP_CATEGORY, which=("group_categories",))

    @route(bp, "/v1/group-categories/<b36:group_category_id>", ["GET"])
    def group_category(group_category_id: str):
        st = state()
        return ok(kept.GROUP_CATEGORY.one(st, found(st.group_categories.get(group_category_id))))


def _group(st, row: Group):
    """A group's answer: kept on GET; a write's answer is rendered afresh (read once)."""
    return kept.GROUP.one(st, row) if request.method == "GET" else serialize.group(st, row)
