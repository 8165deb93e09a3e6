"""The colon-path parser on its own (params/colon.py)."""

import base64

import pytest

from emulator.vendors.talentlms.errors import TalentError
from emulator.vendors.talentlms.params import (BASE64_KEYS, Malformed, from_base64, merge, parse_colon_path,
                                               parse_segment, split_path)


def test_action_is_lower_cased_and_one_trailing_slash_dropped():
    assert split_path("/api/v1/userSignup/") == ("usersignup", "")
    assert split_path("/api/v1/Users/id:4/") == ("users", "id:4")


def test_pairs_split_on_the_first_colon_only():
    assert parse_segment("logout_redirect:https://x.example/a:b,id:3") == {
        "logout_redirect": "https://x.example/a:b", "id": "3"}


def test_percent_encoded_commas_and_colons_stay_inside_values():
    # quote_plus output of the PyPI client: ',' -> %2C, ':' -> %3A, ' ' -> '+'
    assert parse_segment("custom_field_value:a%2Cb%3Ac+d") == {"custom_field_value": "a,b:c d"}


def test_plus_is_kept_in_addresses():
    assert parse_segment("email:ann+tag@example.com") == {"email": "ann+tag@example.com"}
    assert parse_segment("email:ann%2Btag@example.com") == {"email": "ann+tag@example.com"}


def test_base64_keys_decoded_with_raw_fallback():
    encoded = base64.b64encode(b"https://example.com/done?x=1").decode()
    assert parse_segment(f"redirect_url:{encoded}")["redirect_url"] == "https://example.com/done?x=1"
    assert parse_segment("domain_url:https://raw.example.com")["domain_url"] == "https://raw.example.com"
    assert from_base64("not base64!") == "not base64!"


@pytest.mark.parametrize("segment", ["42", "id", ":5", "i d:1", "x" * 70 + ":1", "42,id:1"])
def test_malformed_segments_raise(segment):
    with pytest.raises(Malformed):
        parse_segment(segment)


def test_merge_prefers_path_then_body_then_query():
    merged = merge({"user_id": "1"}, {"user_id": "2", "status": "active"}, {"status": "inactive", "x": "y"})
    assert merged == {"user_id": "1", "status": "active", "x": "y"}


def test_merge_refuses_nested_json_values():
    with pytest.raises(Malformed):
        merge({}, {"user_id": [1, 2]})


def test_piece_without_colon_continues_the_previous_value():
    # a raw comma (PHP library) or a %2C the server decoded first (Granian)
    assert parse_segment("custom_field_value:a,b,id:3") == {"custom_field_value": "a,b", "id": "3"}
    assert parse_segment("id:1,bogus") == {"id": "1,bogus"}  # then refused as a non-integer id
    # Granian decodes quote_plus("tag, with: odd/chars") before us: " with" is not a key
    assert parse_segment("custom_field_value:tag, with: odd/chars,id:2") == {
        "custom_field_value": "tag, with: odd/chars", "id": "2"}


def test_parse_colon_path_reads_a_whole_raw_path():
    # the public entry point shared code (the cassettes' TalentLMS path style) can call
    encoded = base64.b64encode(b"https://example.com/bye").decode()
    assert parse_colon_path(f"/api/v1/goToCourse/user_id:1,course_id:2,logout_redirect:{encoded}/") == (
        "gotocourse", {"user_id": "1", "course_id": "2", "logout_redirect": "https://example.com/bye"})
    assert parse_colon_path("/api/v1/siteinfo") == ("siteinfo", {})
    assert BASE64_KEYS == {"logout_redirect", "course_completed_redirect", "redirect_url", "domain_url"}


def test_an_unreadable_segment_is_the_vendors_invalid_arguments_error():
    with pytest.raises(TalentError) as caught:
        parse_colon_path("/api/v1/users/42")
    assert (caught.value.message, caught.value.status) == ("Invalid arguments provided", 400)
