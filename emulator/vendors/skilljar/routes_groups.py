"""Groups, members, email-domain rules and group categories."""

from __future__ import annotations

from flask import Blueprint, request

from . import errors, serialize
from .fields import Bool, Char, Int, Invalid, ListOf, Nested
from .models import Group
from .web import found, no_content, ok, ops, paginate_list, route, state, validated


class DomainPart(Char):
    def check(self, text: str) -> str:
        if "@" in text or " " in text or "." not in text:
            raise Invalid(["Enter a valid domain name."])
        return text.lower()


def group_fields(create: bool) -> dict:
    fields = {
        "name": Char(required=True, max_length=100, allow_blank=False),
        "discount_percent": Int(min_value=0, max_value=100, allow_null=True),
        "group_category_id": Char(allow_null=True, allow_blank=False),
        "sign_up_field_rule": Nested({"enforce": Bool(), "require_match_all": Bool(),
                                      "options": ListOf(Nested({"id": Char(required=True)}), required=True)}),
    }
    if create:  # read-only on update (SPEC GroupUpdate, per the dossier)
        fields["rule_email_domains"] = ListOf(DomainPart(allow_blank=False))
    return fields


MEMBER = {"user": Nested({"id": Char(required=True, allow_blank=False)}, required=True)}
RULES_PATCH = {"add": ListOf(DomainPart(allow_blank=False)), "remove": ListOf(DomainPart(allow_blank=False))}


def register(bp: Blueprint) -> None:
    def check_group(data: dict, group_id: str | None) -> None:
        st = state()
        problems = {}
        if "name" in data:
            other = st.groups.by("name", data["name"])
            if other is not None and other.id != group_id:
                problems["name"] = ["group with this name already exists."]
        category = data.get("group_category_id")
        if category is not None and st.group_categories.get(category) is None:
            problems["group_category_id"] = [f'Invalid pk "{category}" - object does not exist.']
        rule = data.get("sign_up_field_rule")
        if rule and rule.get("options"):  # sign-up fields are not emulated: no option exists
            problems["sign_up_field_rule"] = {"options": [
                {"id": [f'Invalid pk "{o["id"]}" - object does not exist.']} for o in rule["options"]]}
        if problems:
            errors.fields(problems)

    @route(bp, "/v1/groups", ["GET", "POST"])
    def groups():
        st = state()
        if request.method == "POST":
            data = validated(group_fields(create=True))
            check_group(data, None)
            row = st.groups.insert(Group(id=st.new_id(), created_at=ops().now(), **data))
            return ok(serialize.group(st, row), 201)
        name = request.args.get("name")
        if name is not None:  # exact match (SPEC)
            hit = st.groups.by("name", name)
            rows = [hit] if hit else []
        else:
            rows = list(st.groups)
        return paginate_list(rows, lambda r: serialize.group(st, r))

    @route(bp, "/v1/groups/<b36:group_id>", ["GET", "PUT", "PATCH", "DELETE"])
    def group_detail(group_id: str):
        st = state()
        row = found(st.groups.get(group_id))
        if request.method == "DELETE":  # hard delete of the group and its memberships; users stay
            ops().delete_group(row)
            return no_content()
        if request.method in ("PUT", "PATCH"):
            data = validated(group_fields(create=False), partial=True)  # both verbs partial (SPEC)
            check_group(data, row.id)
            st.groups.update(row, **data)
        return ok(serialize.group(st, row))

    @route(bp, "/v1/groups/<b36:group_id>/users", ["GET", "POST"])
    def group_users(group_id: str):
        st = state()
        grp = found(st.groups.get(group_id))
        if request.method == "POST":
            user_id = validated(MEMBER)["user"]["id"]
            user = st.users.get(user_id)
            if user is None:
                errors.fields({"user": {"id": [f'Invalid pk "{user_id}" - object does not exist.']}})
            if st.group_membership(grp.id, user.id) is not None:
                errors.fields({"non_field_errors": ["The fields group, user must make a unique set."]})
            row = ops().add_group_member(grp, user)
            return ok(serialize.group_user(st, row), 201)
        rows = st.group_members.where("group_id", grp.id)
        return paginate_list(rows, lambda r: serialize.group_user(st, r))

    @route(bp, "/v1/groups/<b36:group_id>/users/<b36:user_id>", ["GET", "DELETE"])
    def group_user(group_id: str, user_id: str):
        st = state()
        grp = found(st.groups.get(group_id))
        row = found(st.group_membership(grp.id, user_id))
        if request.method == "DELETE":
            st.group_members.delete(row)
            return no_content()
        return ok(serialize.group_user(st, row))

    @route(bp, "/v1/groups/<b36:group_id>/email-domain-rules", ["GET", "PATCH"])
    def email_domain_rules(group_id: str):
        st = state()
        grp = found(st.groups.get(group_id))
        if request.method == "PATCH":  # {add:[...], remove:[...]}, idempotent (dossier, SPEC JSON copy)
            data = validated(RULES_PATCH, partial=True)
            domains = [d for d in grp.rule_email_domains if d not in set(data.get("remove", []))]
            for item in data.get("add", []):
                if item not in domains:
                    domains.append(item)
            st.groups.update(grp, rule_email_domains=domains)
        return ok({"email_domains": list(grp.rule_email_domains)})

    @route(bp, "/v1/group-categories", ["GET"])
    def group_categories():
        return paginate_list(list(state().group_categories), serialize.group_category)

    @route(bp, "/v1/group-categories/<b36:group_category_id>", ["GET"])
    def group_category(group_category_id: str):
        return ok(serialize.group_category(found(state().group_categories.get(group_category_id))))
