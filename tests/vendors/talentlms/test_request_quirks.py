"""Paths, methods, parameter locations, bodies and auth, as real TalentLMS clients send them."""

import base64
import json
from urllib.parse import quote_plus

import requests

INVALID_ARGS = "Invalid arguments provided"


def test_action_case_insensitive_and_trailing_slash(api):
    a = api.ok("users/id:1")
    assert api.ok("Users/id:1/") == a
    assert api.ok("USERS/ID:1") == a  # keys too
    assert isinstance(api.ok("users/"), list)
    assert api.ok("siteInfo/")["date_format"] == "DDMMYYYY"


def test_email_raw_percent_encoded_and_quote_plus(api):
    api.signup(1, email="ann+tag@example.com", login="ann")
    for form in ("ann+tag@example.com", "ann%2Btag@example.com", quote_plus("ann+tag@example.com", safe="@"),
                 "ann%2Btag%40example.com"):
        assert api.ok(f"users/email:{form}")["login"] == "ann", form


def test_value_split_on_first_colon(api, talentlms):
    target = base64.b64encode(b"https://example.com/after:logout").decode()
    body = api.ok(f"gotocourse/user_id:{_enrolled(api)[0]},course_id:{_enrolled(api)[1]},logout_redirect:{target}")
    key = body["goto_url"].split("key:")[1].split(",")[0]
    assert api.state.login_keys.get(key).logout_redirect == "https://example.com/after:logout"


def _enrolled(api):
    e = next(iter(api.state.enrollments))
    return e.user_id, e.course_id


def test_base64_redirect_in_path_with_slashes_and_raw_fallback(api):
    uid, cid = _enrolled(api)
    raw_b64 = base64.b64encode(b"https://example.com/a/b/c??>>").decode()
    assert "/" in raw_b64 or "+" in raw_b64
    body = api.ok(f"gotocourse/user_id:{uid},course_id:{cid},course_completed_redirect:{raw_b64}")
    key = body["goto_url"].split("key:")[1].split(",")[0]
    assert api.state.login_keys.get(key).course_completed_redirect == "https://example.com/a/b/c??>>"


def test_get_or_post_on_any_action_merging_path_query_and_form(api):
    user = api.signup(1)
    uid = user["id"]
    assert api.ok(f"usersetstatus/user_id:{uid}", data={"status": "inactive"})["status"] == "inactive"
    assert api.ok(f"usersetstatus?user_id={uid}&status=active")["status"] == "active"
    assert api.ok("users", data={"id": str(uid)})["id"] == str(uid)  # miniOrange POSTs every call
    r = api.http.get(api.url(f"isuseronline/user_id:{uid}"), data="&user_id=999",
                     headers={"Content-Type": "application/x-www-form-urlencoded"})  # Trifoia: form on GET
    assert r.status_code == 200 and r.json() == {"online": False}


def test_path_params_win_over_form_and_query(api):
    uid = api.signup(1)["id"]
    body = api.ok(f"usersetstatus/user_id:{uid},status:inactive?status=active", data={"status": "active"})
    assert body["status"] == "inactive"


def test_json_accepted_on_usersignup_only(api):
    data = {"first_name": "J", "last_name": "Son", "email": "json@example.com", "login": "json", "password": "x1"}
    r = api.http.post(api.url("usersignup"), json=data)
    assert r.status_code == 200 and isinstance(r.json()["id"], int)
    # clintmasden readme: deleteuser with a JSON body -> 400 with exactly this body
    r = api.http.post(api.url("deleteuser"), json={"user_id": r.json()["id"]})
    assert r.status_code == 400
    assert r.text == '{"error":{"type":"invalid_request_error","message":"Invalid arguments provided"}}'
    assert api.state.users.by("login", "json") is not None  # nothing deleted


def test_form_body_under_json_content_type_is_refused(api):
    # naomatheus/pytalentlmsapi commit 947346b: form body + application/json header -> invalid args
    api.error("edituser", 400, INVALID_ARGS, data="user_id=1&first_name=X",
              headers={"Content-Type": "application/json"})
    assert api.state.users.get(1).first_name == "Ada"


def test_json_switches(api, monkeypatch):
    api.switch(monkeypatch, "json_bodies", "accept")
    uid = api.signup(1)["id"]
    r = api.http.post(api.url("usersetstatus"), json={"user_id": uid, "status": "inactive"})
    assert r.json() == {"user_id": str(uid), "status": "inactive"}
    api.switch(monkeypatch, "json_bodies", "refuse")
    api.error("usersignup", 400, INVALID_ARGS, method="POST", json={"first_name": "a"})


def test_broken_json_on_usersignup_is_invalid_arguments(api):
    api.error("usersignup", 400, INVALID_ARGS, method="POST", data="{not json",
              headers={"Content-Type": "application/json"})
    api.error("usersignup", 400, INVALID_ARGS, method="POST", data="[1,2]",
              headers={"Content-Type": "application/json"})
    api.error("usersignup", 400, INVALID_ARGS, method="POST", json={"first_name": {"nested": 1}})


def test_multipart_and_odd_content_types(api):
    r = api.http.post(api.url("usersignup"), files={"x": ("a.txt", b"1")},
                      data={"first_name": "M", "last_name": "P", "email": "mp@example.com", "login": "mp",
                            "password": "pw"})
    assert r.status_code == 200
    # a text/xml body is not form data: the required arguments are missing
    api.error("usersignup", 400, INVALID_ARGS, method="POST", data="<user/>", headers={"Content-Type": "text/xml"})


def test_unknown_action_and_empty_action(api, monkeypatch):
    api.error("nosuchaction", 404, "The requested API action does not exist")
    api.error("", 404, "The requested API action does not exist")
    api.switch(monkeypatch, "unknown_action_status", 400)
    api.error("nosuchaction/id:1", 400, "The requested API action does not exist")


def test_malformed_colon_segments(api):
    for path in ("users/42", "users/id", "users/id:1,junk", "users/:1", "users/id:", "users/id:abc",
                 "users/id:-1", "users/id:1.5", "users/id:99999999999999999999", "courses/id:%00"):
        api.error(path, 400, INVALID_ARGS)


def test_oversized_values(api):
    before = len(api.state.users)
    api.error("usersignup", 400, INVALID_ARGS, data={"first_name": "x" * 300, "last_name": "y", "password": "p",
                                                     "email": "big@example.com", "login": "big"})
    api.error("users/email:" + "a" * 70000 + "@x.com", 400, INVALID_ARGS)
    r = api.http.post(api.url("usersignup"), data=b"first_name=" + b"x" * (11 * 1024 * 1024),
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400 and r.json()["error"]["message"] == INVALID_ARGS
    assert len(api.state.users) == before


def test_auth_key_as_username_empty_password(talentlms, key):
    url = talentlms.url("/api/v1/users/id:1")
    s = requests.Session()
    s.trust_env = False
    assert s.get(url, auth=(key, "")).status_code == 200
    expected = '{"error":{"type":"invalid_request_error","message":"Invalid API Key provided"}}'
    for auth in [None, ("wrong" * 6, ""), ("", ""), (key.lower(), "")]:
        r = s.get(url, auth=auth)
        assert r.status_code == 401 and r.text == expected
    for header in ["Bearer " + key, "Basic !!!notbase64", "Basic " + base64.b64encode(b"\xff\xfe").decode(), "Basic"]:
        r = s.get(url, headers={"Authorization": header})
        assert r.status_code == 401 and r.text == expected


def test_auth_password_and_host_switches(talentlms, api, key, monkeypatch):
    url = talentlms.url("/api/v1/siteinfo")
    s = requests.Session()
    s.trust_env = False
    bad_key = {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}}
    assert s.get(url, auth=(key, "anything")).status_code == 200
    api.switch(monkeypatch, "auth_password", "must_be_empty")
    r = s.get(url, auth=(key, "anything"))
    assert r.status_code == 401 and r.json() == bad_key
    api.switch(monkeypatch, "check_host", True)
    r = s.get(url, auth=(key, ""))  # right key, but the Host is not the tenant's domain
    assert r.status_code == 401 and r.json() == bad_key
    assert s.get(url, auth=(key, ""), headers={"Host": "demo.talentlms.com"}).status_code == 200


def test_api_disabled_is_403(talentlms, api, monkeypatch):
    monkeypatch.setitem(talentlms.tenant.config.settings, "api_enabled", False)
    r = api.get("siteinfo")
    assert r.status_code == 403 and r.headers["Content-Type"] == "application/json"
    assert r.json() == {"error": {"type": "invalid_request_error", "message": "API is not enabled for the "
                                  "specified domain or the domain is currently inactive"}}


def test_error_answers_are_json(api):
    r = api.get("users/id:999999")
    assert r.headers["Content-Type"] == "application/json"
    assert json.loads(r.text) == {"error": {"type": "invalid_request_error",
                                            "message": "The requested user does not exist"}}
    assert r.status_code == 404


def test_decoded_path_without_raw_uri_still_parses(talentlms, api, key):
    """Under Granian the path arrives decoded (no REQUEST_URI): %2C becomes ',' before we see it."""
    api.signup(1, custom_field_2="north,south")
    client = talentlms.emulator.app.test_client()
    auth = {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}
    r = client.get("/api/v1/getusersbycustomfield/custom_field_value:north%2Csouth", headers=auth,
                   environ_overrides={"REQUEST_URI": "", "RAW_URI": ""})
    assert r.status_code == 200 and [u["login"] for u in r.get_json().values()] == ["new1"]
    r = client.get("/api/v1/users/email:new1%40example.com", headers=auth,
                   environ_overrides={"REQUEST_URI": "", "RAW_URI": ""})
    assert r.get_json()["login"] == "new1"


def test_json_content_type_on_bodyless_get_is_fine(api):
    # talentlms-js sets Content-Type: application/json even on GET
    r = api.get("users/email:admin@demo.talentlms.com", headers={"Content-Type": "application/json"})
    assert r.status_code == 200 and r.json()["id"] == "1"


def test_trifoia_form_with_leading_ampersand(api):
    uid = api.signup(1)["id"]
    r = api.http.post(api.url("userSetStatus"), data=f"&user_id={uid}&status=inactive",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.json() == {"user_id": str(uid), "status": "inactive"}


def test_unknown_action_wins_over_bad_arguments(api):
    api.error("nosuch/42", 404, "The requested API action does not exist")
    api.error("nosuch", 404, "The requested API action does not exist", method="POST", json={"a": 1})


def test_other_verbs_are_read_like_a_bodyless_get_by_default(api):
    # docs/talentlms.md "Verbs": the v1 dispatcher takes GET and POST alike; PHP fills $_POST for POST only
    listed = api.ok("users")
    for method in ("DELETE", "PUT", "PATCH"):
        assert api.ok("users", method=method) == listed, method
    victim = api.signup(7)
    r = api.http.request("DELETE", api.url("deleteuser"), data={"user_id": victim["id"]})
    assert r.status_code == 400 and r.json()["error"]["message"] == INVALID_ARGS  # the body is not read
    assert api.ok(f"users/id:{victim['id']}")["login"] == "new7"


def test_other_verbs_switch_refuses_them_with_405_and_changes_nothing(api, monkeypatch):
    api.switch(monkeypatch, "other_methods", "405")
    victim = api.signup(8)
    for method in ("DELETE", "PUT", "PATCH"):
        r = api.http.request(method, api.url(f"deleteuser/user_id:{victim['id']}"))
        assert r.status_code == 405, method
        assert r.json() == {"error": {"type": "invalid_request_error",
                                      "message": "The requested API action does not exist"}}
        assert r.headers["Allow"] == "GET, HEAD, POST"
    assert api.ok(f"users/id:{victim['id']}")["login"] == "new8"
    assert api.http.head(api.url("users")).status_code == 200
    assert isinstance(api.ok("users"), list)
    assert api.ok("deleteuser", {"user_id": victim["id"]}) == {"message": "Operation completed successfully"}
