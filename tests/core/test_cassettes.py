"""The shared cassette loader, schema registry and replay app (emulator/cassettes.py, emulator/replay.py)."""

import base64
import json
import textwrap
from urllib.parse import quote_plus

import pytest
import requests
import vcr.serialize
import vcr.serializers.yamlserializer as vcr_yaml
from werkzeug.test import Client

from emulator.cassettes import (
    FIXTURES, CassetteError, ParamPathStyle, Schemas, SchemaError, load_cassette, load_cassettes,
    style_for_host, vendor_cassettes,
)
from emulator.replay import make_replay_app, replay_server

ONE = """\
version: 1
interactions:
- source: "test"
  confidence: high
  request: {method: GET, uri: "https://demo.talentlms.com/api/v1/users/id:1", body: null,
            headers: {Authorization: ["Basic <redacted>"]}}
  response:
    status: {code: 200, message: OK}
    headers: {Content-Type: [application/json]}
    body: {string: '{"id":"1"}'}
"""


def write(tmp_path, text, name="c.yaml", vendor="talentlms"):
    folder = tmp_path / vendor
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text))
    return path


def cassette(tmp_path, *interactions, vendor="talentlms", name="c.yaml"):
    doc = {"version": 1, "interactions": list(interactions)}
    return write(tmp_path, json.dumps(doc), name=name, vendor=vendor)  # JSON is YAML


def interaction(method, uri, body_json, status=200, req_body=None, headers=None, name=None, source="test"):
    out = {"source": source, "confidence": "high",
           "request": {"method": method, "uri": uri, "body": req_body,
                       "headers": headers if headers is not None else {"Authorization": ["Basic <redacted>"]}},
           "response": {"status": {"code": status, "message": "X"}, "headers": {"Content-Type": ["application/json"]},
                        "body": {"string": json.dumps(body_json)}}}
    if name:
        out["name"] = name
    return out


# --- loading -------------------------------------------------------------------------------

def test_loads_interaction_with_source_confidence_and_request(tmp_path):
    c = load_cassette(write(tmp_path, ONE))
    (i,) = c.interactions
    assert (i.source, i.confidence, i.request.method, i.response.status) == ("test", "high", "GET", 200)
    assert i.response.json() == {"id": "1"}
    assert i.vendor == "talentlms" and i.label.endswith("GET /api/v1/users/id:1")


@pytest.mark.parametrize("change, message", [
    (lambda i: i.pop("source"), "must name its source"),
    (lambda i: i.update(source="  "), "must name its source"),
    (lambda i: i.update(confidence="certain"), "confidence must be one of"),
    (lambda i: i["request"].update(uri="/api/v1/users"), "must be absolute"),
    (lambda i: i["request"].pop("method"), "needs a method"),
    (lambda i: i["response"]["body"].pop("string"), "body.string"),
    (lambda i: i.update(schema=""), "schema must be a name"),
])
def test_refuses_malformed_interactions(tmp_path, change, message):
    item = interaction("GET", "https://demo.talentlms.com/api/v1/users", [])
    change(item)
    with pytest.raises(CassetteError, match=message):
        load_cassette(cassette(tmp_path, item))


def test_refuses_non_cassettes(tmp_path):
    with pytest.raises(CassetteError, match="version: 1"):
        load_cassette(write(tmp_path, "interactions: []\n"))
    with pytest.raises(CassetteError, match="non-empty"):
        load_cassette(write(tmp_path, "version: 1\ninteractions: []\n"))
    with pytest.raises(CassetteError, match="not valid YAML"):
        load_cassette(write(tmp_path, "version: 1\ninteractions: [\n"))
    with pytest.raises(CassetteError, match="no such cassette"):
        load_cassettes(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CassetteError, match="no cassettes"):
        load_cassettes(tmp_path / "empty")


def test_names_are_unique_per_vendor(tmp_path):
    cassette(tmp_path, interaction("GET", "https://demo.talentlms.com/api/v1/users", [], name="x"), name="a.yaml")
    cassette(tmp_path, interaction("GET", "https://demo.talentlms.com/api/v1/courses", [], name="x"), name="b.yaml")
    with pytest.raises(CassetteError, match="used twice"):
        load_cassettes(tmp_path / "talentlms")


def test_vcrpy_reads_our_cassettes_unchanged():
    """The extra keys are invisible to VCR.py: every fixture file loads with its own deserializer."""
    for c in vendor_cassettes("talentlms"):
        requests_, responses = vcr.serialize.deserialize(c.path.read_text(), vcr_yaml)[:2]
        assert len(requests_) == len(c.interactions) == len(responses)
        assert requests_[0].uri == c.interactions[0].request.uri
        assert responses[0]["status"]["code"] == c.interactions[0].response.status


# --- schemas -------------------------------------------------------------------------------

def schema_dir(tmp_path, files):
    root = tmp_path / "schemas"
    for name, doc in files.items():
        path = root / f"{name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(doc))
    return root


def test_schemas_ref_each_other_across_files_and_vendors(tmp_path):
    root = schema_dir(tmp_path, {
        "acme/common": {"$defs": {"id": {"type": "string", "pattern": "^[0-9]+$"}}},
        "acme/thing": {"type": "object", "required": ["id"], "properties": {"id": {"$ref": "common.json#/$defs/id"},
                                                                             "other": {"$ref": "../zeta/x.json"}}},
        "zeta/x": {"type": "integer"},
    })
    schemas = Schemas(root)
    assert schemas.names() == ["acme/common", "acme/thing", "zeta/x"]
    assert schemas.errors("acme/thing", {"id": "12", "other": 3}) == []
    errors = schemas.errors("acme/thing", {"id": 12, "other": "3"})
    assert errors == ["$.id: 12 is not of type 'string'", "$.other: '3' is not of type 'integer'"]
    with pytest.raises(SchemaError, match=r"does not satisfy schema acme/thing:\n  \$.id"):
        schemas.check("acme/thing", {"id": 1})


def test_schema_id_must_match_its_path(tmp_path):
    root = schema_dir(tmp_path, {"acme/a": {"$id": "https://elsewhere/a.json", "type": "string"}})
    with pytest.raises(CassetteError, match=r"\$id must be"):
        Schemas(root)
    named = schema_dir(tmp_path / "named", {"acme/a": {"$id": "acme/a", "$ref": "b.json"},
                                            "acme/b": {"$id": "acme/b.json", "type": "string"}})
    schemas = Schemas(named)
    assert schemas.errors("acme/a", "x") == [] and schemas.errors("acme/a", 1) == ["$: 1 is not of type 'string'"]


def test_unknown_schema_name_is_a_clear_error(tmp_path):
    schemas = Schemas(schema_dir(tmp_path, {"acme/a": {"type": "string"}}))
    with pytest.raises(KeyError, match="no schema 'acme/b'"):
        schemas.errors("acme/b", "x")


def test_check_interaction_names_the_interaction(tmp_path):
    root = schema_dir(tmp_path, {"talentlms/user": {"type": "object", "properties": {"id": {"type": "integer"}}}})
    item = interaction("GET", "https://demo.talentlms.com/api/v1/users/id:1", {"id": "1"})
    item["schema"] = "talentlms/user"
    (i,) = load_cassette(cassette(tmp_path, item)).interactions
    with pytest.raises(SchemaError, match=r"talentlms/c.yaml#0 GET /api/v1/users/id:1 does not satisfy"):
        Schemas(root).check_interaction(i)


# --- request normalisation -----------------------------------------------------------------

def talentlms_style() -> ParamPathStyle:
    """TalentLMS's path style, as its descriptor's replay_paths declare it."""
    style = style_for_host("demo.talentlms.com")
    assert isinstance(style, ParamPathStyle)
    return style


def test_colon_params_normalise_the_forms_real_clients_send():
    style = talentlms_style()
    recorded = style.key("GET", "/api/v1/usersetstatus/user_id:2,status:inactive", b"", "")
    assert recorded.path == "/api/v1/usersetstatus"
    assert dict(recorded.params) == {"user_id": "2", "status": "inactive"}
    for sent in ("/api/v1/usersetstatus/status:inactive,user_id:2",     # PyPI client sorts keys
                 "/api/v1/UserSetStatus/user_id:2,status:inactive/",    # camelCase SDK, trailing slash
                 "/api/v1/usersetstatus?user_id=2&status=inactive",     # query string
                 "/api/v1/usersetstatus/user_id:2?status=inactive"):    # mixed
        assert style.key("GET", sent, b"", "") == recorded, sent
    form = style.key("GET", "/api/v1/usersetstatus", b"user_id=2&status=inactive", "application/x-www-form-urlencoded")
    assert form == recorded
    assert style.key("POST", "/api/v1/usersetstatus/user_id:2,status:inactive", b"", "") != recorded


def test_colon_values_split_before_decoding_and_base64_keys_compare_decoded():
    style = talentlms_style()
    value = "a,b:c d"
    key = style.key("GET", f"/api/v1/getusersbycustomfield/custom_field_value:{quote_plus(value)}", b"", "")
    assert dict(key.params) == {"custom_field_value": value}
    url = "https://learn.example.com/?x=1"
    raw = base64.b64encode(url.encode()).decode()
    a = style.key("GET", f"/api/v1/forgotusername/email:a@b.c,domain_url:{raw}", b"", "")
    b = style.key("GET", f"/api/v1/forgotusername/domain_url:{quote_plus(raw)},email:a%40b.c", b"", "")
    assert a == b and dict(a.params)["domain_url"] == url


def test_json_body_is_a_different_request_from_a_form_body():
    style = talentlms_style()
    form = style.key("POST", "/api/v1/deleteuser", b"user_id=3", "application/x-www-form-urlencoded")
    as_json = style.key("POST", "/api/v1/deleteuser", b'{"user_id": "3"}', "application/json")
    assert dict(form.params) == dict(as_json.params) == {"user_id": "3"}
    assert (form.body_kind, as_json.body_kind) == ("form", "json") and form != as_json


def test_hosts_pick_their_path_style():
    assert isinstance(style_for_host("demo.talentlms.com"), ParamPathStyle)
    assert isinstance(style_for_host("talentlms.com:443"), ParamPathStyle)
    generic = style_for_host("api.skilljar.com")
    assert not isinstance(generic, ParamPathStyle)
    # plain REST: colons are ordinary characters and the trailing slash matters
    urn = generic.key("GET", "/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", b"", "")
    assert urn.path.endswith("core:2.0:User") and urn.params == ()
    assert generic.key("GET", "/v1/users/", b"", "") != generic.key("GET", "/v1/users", b"", "")
    assert generic.key("GET", "/v1/users?b=2&a=1", b"", "") == generic.key("GET", "/v1/users?a=1&b=2", b"", "")


# --- replay --------------------------------------------------------------------------------

@pytest.fixture
def mixed(tmp_path):
    wrong = "Basic " + base64.b64encode(b"wrong:").decode()
    cassette(tmp_path,
             interaction("GET", "https://demo.talentlms.com/api/v1/users/id:1", {"id": "1"}, name="ok"),
             interaction("GET", "https://demo.talentlms.com/api/v1/users/id:1", {"error": "bad key"}, status=401,
                         headers={"Authorization": [wrong]}),
             interaction("GET", "https://demo.talentlms.com/api/v1/users/id:1", {"error": "no key"}, status=401,
                         headers={}),
             interaction("POST", "https://demo.talentlms.com/api/v1/deleteuser", {"message": "ok"},
                         req_body="user_id=3", headers={"Authorization": ["Basic <redacted>"],
                                                        "Content-Type": ["application/x-www-form-urlencoded"]}),
             interaction("POST", "https://demo.talentlms.com/api/v1/deleteuser", {"error": "json"}, status=400,
                         req_body='{"user_id": "3"}', headers={"Authorization": ["Basic <redacted>"],
                                                               "Content-Type": ["application/json"]}))
    cassette(tmp_path,
             interaction("GET", "https://api.skilljar.com/v1/domains/acme.com/users?page=2", {"results": []}),
             interaction("POST", "https://api.skilljar.com/v1/users", {"id": "a"}, status=201,
                         req_body='{"email": "a@x.io"}'),
             interaction("POST", "https://api.skilljar.com/v1/users", {"id": "b"}, status=201,
                         req_body='{"email": "b@x.io"}'),
             vendor="skilljar")
    return load_cassettes(tmp_path / "talentlms") + load_cassettes(tmp_path / "skilljar")


def test_replay_answers_the_recorded_response(mixed):
    client = Client(make_replay_app(mixed))
    r = client.get("/api/v1/users/id:1/", headers={"Authorization": "Basic anything"})
    assert r.status_code == 200 and r.get_json() == {"id": "1"}
    assert r.headers["Content-Type"] == "application/json"
    assert r.headers["X-Replay-Interaction"] == "talentlms/c.yaml#0"


def test_replay_tells_credentials_apart(mixed):
    client = Client(make_replay_app(mixed))
    wrong = "Basic " + base64.b64encode(b"wrong:").decode()
    assert client.get("/api/v1/users/id:1", headers={"Authorization": wrong}).get_json() == {"error": "bad key"}
    assert client.get("/api/v1/users/id:1").get_json() == {"error": "no key"}


def test_replay_tells_form_from_json_bodies(mixed):
    client = Client(make_replay_app(mixed))
    auth = {"Authorization": "Basic k"}
    assert client.post("/api/v1/deleteuser", data={"user_id": "3"}, headers=auth).status_code == 200
    r = client.post("/api/v1/deleteuser", json={"user_id": "3"}, headers=auth)
    assert (r.status_code, r.get_json()) == (400, {"error": "json"})


def test_replay_serves_any_vendor_and_breaks_ties_on_the_body(mixed):
    client = Client(make_replay_app(mixed))
    auth = {"Authorization": "Basic k"}
    assert client.get("/v1/domains/acme.com/users?page=2", headers=auth).get_json() == {"results": []}
    assert client.post("/v1/users", json={"email": "b@x.io"}, headers=auth).get_json() == {"id": "b"}
    assert client.post("/v1/users", json={"email": "a@x.io"}, headers=auth).get_json() == {"id": "a"}
    nested = talentlms_style().key("POST", "/x", b'{"a": {"y": 1, "x": 2}}', "application/json")
    assert nested == talentlms_style().key("POST", "/x", b'{"a": {"x": 2, "y": 1}}', "application/json")


def test_unmatched_request_gets_404_naming_the_closest(mixed):
    client = Client(make_replay_app(mixed))
    r = client.get("/api/v1/users/id:2", headers={"Authorization": "Basic k"})
    assert r.status_code == 404 and r.headers["X-Replay"] == "miss"
    body = r.get_json()
    assert body["error"] == "no recorded interaction matches GET /api/v1/users/id:2"
    assert body["closest"].startswith("talentlms/c.yaml#0 (ok) GET /api/v1/users/id:1")
    assert body["differences"] == ["param id: sent '2', recorded '1'"]
    r = client.get("/v1/domains/acme.com/users?page=3", headers={"Authorization": "Basic k"})
    assert r.get_json()["differences"] == ["param page: sent '3', recorded '2'"]


def test_closest_prefers_the_recording_with_the_same_parameters(mixed):
    """Among the real TalentLMS fixtures, /users/id:N is nearest to users-by-id, not to the bare list."""
    client = Client(make_replay_app(vendor_cassettes("talentlms")))
    credentials = {"Authorization": "Basic " + base64.b64encode(b"anything:").decode()}
    body = client.get("/api/v1/users/id:2", headers=credentials).get_json()
    assert " (users-by-id) GET /api/v1/users/id:" in body["closest"]
    assert body["differences"][0].startswith("param id: sent '2', recorded ")


def test_health_and_listing(mixed):
    client = Client(make_replay_app(mixed))
    assert client.get("/_emulator/health").get_json() == {"status": "ok", "mode": "replay", "interactions": 8,
                                                          "cassettes": 2}
    listing = client.get("/_emulator/interactions").get_json()
    assert listing[0]["name"] == "ok" and listing[0]["status"] == 200 and len(listing) == 8


def test_replay_server_serves_over_http_on_an_ephemeral_port():
    with replay_server(vendor_cassettes("talentlms")) as server:
        assert server.port > 0
        session = requests.Session()
        session.trust_env = False
        r = session.get(server.base_url + "/api/v1/siteinfo/", auth=("k" * 30, ""))
        assert r.status_code == 200 and r.json()["date_format"] == "DDMMYYYY"
        assert session.get(server.base_url + "/api/v1/nosuchthing", auth=("k" * 30, "")).status_code == 404


def test_talentlms_fixtures_have_no_unreachable_interactions():
    app = make_replay_app(vendor_cassettes("talentlms"))
    assert [(a.label, b.label) for a, b in app.shadowed()] == []
    assert (FIXTURES / "talentlms").is_dir()


def test_cli_replay_serves_a_fixture_folder_until_terminated():
    from ..replay_cli import replay_process

    with replay_process(str(FIXTURES / "talentlms")) as (base_url, interactions, session):
        health = session.get(base_url + "/_emulator/health", timeout=5).json()
        assert health["interactions"] == interactions and health["mode"] == "replay"
        r = session.get(base_url + "/api/v1/ratelimit/", auth=("k" * 30, ""), timeout=5)
        assert r.json()["remaining"] == 1999


def test_cli_replay_refuses_a_broken_cassette(tmp_path):
    from click.testing import CliRunner

    from emulator.cli import main

    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\ninteractions:\n- request: {method: GET, uri: 'https://x.io/a'}\n")
    result = CliRunner().invoke(main, ["replay", str(bad)])
    assert result.exit_code != 0 and "must name its source" in result.output


def test_vcrpy_plays_our_cassettes_back_to_requests():
    """Not only parseable: VCR.py itself serves a recorded answer from our files, offline."""
    import vcr

    recorder = vcr.VCR(record_mode="none", match_on=["method", "scheme", "host", "port", "path", "query"])
    with recorder.use_cassette(str(FIXTURES / "talentlms" / "users.yaml")):
        r = requests.get("https://demo.talentlms.com/api/v1/users/id:1", auth=("k" * 30, ""))
    assert r.status_code == 200 and r.json()["login"] == "dummy"
