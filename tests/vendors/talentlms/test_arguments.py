"""The argument declaration the parser reads (params/arguments.py): an action sees only what it declares."""

from __future__ import annotations

from emulator.vendors.talentlms.params import ARGUMENTS, BASE64_KEYS, declared


def test_an_action_is_handed_only_its_declared_arguments():
    sent = {"user_id": "1", "status": "active", "first_name": "X", "custom_field_1": "a"}
    assert declared("usersetstatus", sent) == {"user_id": "1", "status": "active"}


def test_custom_fields_reach_only_the_actions_that_set_them():
    sent = {"user_id": "3", "custom_field_2": "b", "bio": "hi", "nosuch": "z"}
    assert declared("edituser", sent) == {"user_id": "3", "custom_field_2": "b", "bio": "hi"}
    assert declared("deleteuser", sent) == {"user_id": "3"}


def test_base64_keys_are_the_arguments_declared_as_urls():
    urls = {a.name for action in ARGUMENTS.values() for a in action.args if a.type == "url"}
    assert BASE64_KEYS == urls == {"logout_redirect", "course_completed_redirect", "redirect_url", "domain_url"}


def test_every_path_argument_is_declared_and_post_actions_have_no_colon_forms():
    for name, action in ARGUMENTS.items():
        for form in action.forms:
            assert set(form) <= action.names, name
        assert (action.method == "POST") == (action.forms == ()), name

