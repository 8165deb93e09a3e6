"""The contract machinery can fail, and says why: shape diffs, and a drifted replay caught end to end."""

import json

import pytest
import yaml

from emulator.cassettes import FIXTURES, load_cassettes
from emulator.replay import replay_server

from . import test_courses, test_units_site, test_users
from .conftest import REPLAY_KEY
from .scenario import run
from .support import ReplayTarget, shape, shape_diff


def test_shape_keeps_containers_keys_and_types_not_values():
    assert shape({"id": "1", "n": 2, "ok": True, "bio": None, "custom_field_3": "x"}) == {
        "id": "string", "n": "integer", "ok": "boolean", "bio": "null"}
    assert shape({"40": {"id": "40"}, "41": {"id": "41"}}) == {"<id>": {"id": "string"}}
    assert shape([{"a": "1"}, {"a": "2", "b": 3}]) == ["<item>", {"a": "string", "b?": "integer"}]


def test_shape_diff_lines_name_the_path_and_both_sides():
    got = shape({"id": 1, "extra": "x", "list": [{"k": "v"}], "map": {}})
    want = shape({"id": "1", "gone": "y", "list": [], "map": {"1": "a"}})
    assert shape_diff(got, want) == [
        "$.extra: only in the answer (string)",
        "$.gone: missing from the answer (recorded string)",
        "$.id: got integer, recorded string",
        "$.map[*]: missing from the answer (recorded string)",
    ]
    assert shape_diff(shape([1]), shape({"a": 1})) == ["$: got array, recorded object"]
    assert shape_diff(shape({"bio": None}), shape({"bio": "text"})) == []  # nullability is the schema's call


def scenario(module, name):
    return next(s for s in module.SCENARIOS if s.name == name)


@pytest.fixture
def drifted(tmp_path):
    """The TalentLMS fixtures with three answers drifted the way an emulator could drift."""
    folder = tmp_path / "talentlms"
    folder.mkdir()
    for path in sorted((FIXTURES / "talentlms").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text())
        for item in doc["interactions"]:
            body = json.loads(item["response"]["body"]["string"])
            if item["name"] == "ratelimit":
                body["remaining"] = str(body["remaining"])  # the doc's typed sample
            elif item["name"] == "addusertocourse":
                body = body[0]  # an object instead of the one-element array
            elif item["name"] == "users-not-found":
                body["error"]["message"] = "User not found"
                item["response"]["status"]["code"] = 400
            item["response"]["body"]["string"] = json.dumps(body)
        (folder / path.name).write_text(yaml.safe_dump(doc, sort_keys=False))
    server = replay_server(load_cassettes(folder)).start()
    yield ReplayTarget(server.base_url, REPLAY_KEY)
    server.stop()


def test_a_drifted_type_fails_with_schema_and_shape_lines(drifted, monkeypatch):
    with pytest.raises(AssertionError) as caught:
        run(drifted, monkeypatch, scenario(test_units_site, "ratelimit"))
    text = str(caught.value)
    assert "replay disagrees with fixture 'ratelimit'" in text
    assert "schema talentlms/ratelimit: $.remaining: '1999' is not of type 'integer'" in text
    assert "client result $.remaining: got string, recorded integer" in text


def test_a_drifted_container_fails(drifted, monkeypatch):
    with pytest.raises(AssertionError, match=r"client result \$: got object, recorded array"):
        run(drifted, monkeypatch, scenario(test_courses, "addusertocourse"))


def test_a_drifted_error_fails_on_status_message_and_exception(drifted, monkeypatch):
    with pytest.raises(AssertionError) as caught:
        run(drifted, monkeypatch, scenario(test_users, "users-not-found"))
    text = str(caught.value)
    assert "HTTP status: got 400, recorded 404" in text
    assert ("client raised ('TalentLMSError', 'User not found'), on the recording it raises "
            "('UserDoesNotExistError', 'The requested user does not exist')") in text
