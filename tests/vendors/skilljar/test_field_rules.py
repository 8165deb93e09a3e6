"""The field-rule vocabulary fed from a declarative table (the shape a table generated from Skilljar's
OpenAPI document takes) validates exactly as the hand-written fields do."""

from __future__ import annotations

import pytest

from emulator.vendors.skilljar.params.domains import BULK, DOMAIN_USER_CREATE
from emulator.vendors.skilljar.params.fields import Invalid, rule_field, rule_fields, validate
from emulator.vendors.skilljar.params.groups import RULES_PATCH
from emulator.vendors.skilljar.params.users import PROGRESS

DOMAIN_USER_RULES = {
    "user": {"type": "object", "required": True, "properties": {
        "email": {"type": "string", "format": "email", "required": True},
        "first_name": {"type": "string", "max_length": 50},
        "last_name": {"type": "string", "max_length": 50}}},
    "active": {"type": "boolean"},
    "marketing_optin": {"type": "boolean", "nullable": True},
    "expires_at": {"type": "string", "format": "date-time", "nullable": True},
}
BULK_RULES = {"users": {"type": "array", "required": True, "min_items": 1, "max_items": 1000, "items": {
    "type": "object", "properties": {
        "email": {"type": "string", "format": "email", "required": True},
        "first_name": {"type": "string", "max_length": 150}, "last_name": {"type": "string", "max_length": 150},
        "active": {"type": "boolean", "default": True}, "marketing_optin": {"type": "boolean", "nullable": True},
        "expires_at": {"type": "string", "format": "date-time", "nullable": True}}}}}
PROGRESS_RULES = {
    "completed_at": {"type": "string", "format": "date-time", "nullable": True},
    "score": {"type": "integer", "minimum": 0, "maximum": 2147483647, "nullable": True},
    "max_score": {"type": "integer", "minimum": 0, "maximum": 2147483647, "nullable": True},
    "credits_earned": {"type": "string", "max_length": 20},
    "credit_unit_plural": {"type": "string", "max_length": 40},
    "success_status": {"type": "string", "enum": ["PASSED", "FAILED"], "nullable": True},
}
RULES_PATCH_RULES = {side: {"type": "array", "items": {"type": "string", "format": "domain", "blank": False}}
                     for side in ("add", "remove")}

BODIES = [
    {}, [], "text", {"user": None}, {"user": {}}, {"user": {"email": "a@example.com"}},
    {"user": {"email": "not-an-email", "first_name": "x" * 51}, "active": "maybe", "expires_at": "2024-13-01"},
    {"user": {"email": " b@example.com ", "first_name": 5}, "active": "true", "marketing_optin": None,
     "expires_at": "2026-01-02T03:04:05Z"},
    {"users": []}, {"users": "a@example.com"}, {"users": [{"email": "c@example.com"}, {"email": ""}]},
    {"users": [{"email": "d@example.com", "active": 0, "expires_at": None}, {"email": "e@example.com"}]},
    {"score": "7", "max_score": -1, "success_status": "MAYBE", "completed_at": None, "credits_earned": "2"},
    {"score": True, "success_status": "PASSED", "credit_unit_plural": "y" * 41},
    {"add": ["Example.COM", "bad domain"], "remove": "x"}, {"add": ["a@b.com", ""], "remove": ["old.org"]},
]


def outcome(fields, body, partial=False):
    try:
        return "ok", validate(fields, body, partial=partial)
    except Invalid as exc:
        return "invalid", exc.detail


@pytest.mark.parametrize(("hand", "rules"), [(DOMAIN_USER_CREATE, DOMAIN_USER_RULES), (BULK, BULK_RULES),
                                             (PROGRESS, PROGRESS_RULES), (RULES_PATCH, RULES_PATCH_RULES)],
                         ids=["domain-user", "bulk", "progress", "email-domain-rules"])
@pytest.mark.parametrize("partial", [False, True])
def test_a_rule_table_validates_as_the_hand_written_fields(hand, rules, partial):
    generated = rule_fields(rules)
    assert list(generated) == list(hand)
    for body in BODIES:
        assert outcome(generated, body, partial) == outcome(hand, body, partial), body


def test_an_unknown_rule_type_is_refused_when_the_table_is_built():
    # "number" (DRF's FloatField) became a known type with the document's table (issue #12)
    with pytest.raises(ValueError, match="'tuple'"):
        rule_field({"type": "tuple"})
