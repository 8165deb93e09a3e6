"""Bodies of groups, group members and email-domain rules."""

from __future__ import annotations

from typing import Any

from ..errors import FieldErrors, invalid_pk
from ..models import Group, User
from ..store import SkilljarState
from .fields import ref, Bool, Char, DomainPart, Field, Int, ListOf, Nested


def group_fields(create: bool) -> dict[str, Field]:
    fields: dict[str, Field] = {
        "name": Char(required=True, max_length=100, allow_blank=False),
        "discount_percent": Int(min_value=0, max_value=100, allow_null=True),
        "group_category_id": Char(allow_null=True, allow_blank=False),
        "sign_up_field_rule": Nested({"enforce": Bool(), "require_match_all": Bool(),
                                      "options": ListOf(Nested({"id": Char(required=True)}), required=True)}),
    }
    if create:  # read-only on update (SPEC GroupUpdate, per the dossier)
        fields["rule_email_domains"] = ListOf(DomainPart(allow_blank=False))
    return fields


MEMBER = {"user": ref(required=True)}
RULES_PATCH = {"add": ListOf(DomainPart(allow_blank=False)), "remove": ListOf(DomainPart(allow_blank=False))}


def check_group(st: SkilljarState, data: dict[str, Any], group_id: str | None) -> None:
    """A unique name, an existing category; sign-up fields are not emulated, so no option exists."""
    problems: dict[str, Any] = {}
    if "name" in data:
        other = st.groups.by("name", data["name"])
        if other is not None and other.id != group_id:
            problems["name"] = ["group with this name already exists."]
    category = data.get("group_category_id")
    if category is not None and st.group_categories.get(category) is None:
        problems["group_category_id"] = invalid_pk(category)
    rule = data.get("sign_up_field_rule")
    if rule and rule.get("options"):
        problems["sign_up_field_rule"] = {"options": [{"id": invalid_pk(o["id"])} for o in rule["options"]]}
    if problems:
        raise FieldErrors(problems)


def member_to_add(st: SkilljarState, group: Group, user_id: str) -> User:
    """The user named by the body, who must exist and not be a member yet."""
    user = st.users.get(user_id)
    if user is None:
        raise FieldErrors({"user": {"id": invalid_pk(user_id)}})
    if st.group_membership(group.id, user.id) is not None:
        raise FieldErrors({"non_field_errors": ["The fields group, user must make a unique set."]})
    return user
