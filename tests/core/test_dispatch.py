"""The routed dispatch (core/dispatch.py) answers and journals exactly what Flask's own ``wsgi_app`` does:
the same requests (found, missing, unrouted, wrong method, HEAD, no credentials, refused Accept, fault
rules, bad and good writes) go through both, on each vendor, and every answer and journal entry is equal."""

from __future__ import annotations

import base64
import re

import pytest
from werkzeug.test import EnvironBuilder

from emulator import vendors
from emulator.config import Config, TenantConfig
from emulator.server import build_emulator

#: per-request values: Rails' request id and runtime (Lessonly), fault rule numbers
VOLATILE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+\.\d{6}|rule \d+")
PATHS = {
    "talentlms": ["/api/v1/users/id:{id}", "/api/v1/users/id:999999", "/api/v1/nosuch", "/api/v1/users?page=2",
                  "/api/v1/users/id:{id}/", "/api/v1//users", "/api/v1/ratelimit", "/index"],
    "lessonly": ["/api/v1/users/{id}", "/api/v1/users/999999", "/api/v1/nosuch", "/api/v1.1/users",
                 "/api/v1/users/{id}/", "/scim/v2/Users"],
    "skilljar": ["/v1/users/{id}", "/v1/users/{id}/", "/v1/users/zzzz", "/v1/nosuch", "/v1/ping", "/v1//users"],
}


@pytest.mark.parametrize("name", sorted(PATHS))
def test_routed_dispatch_answers_as_flask_does(name):
    vendor = vendors.get(name)
    demo = vendor.demo_tenants()[0]
    config = TenantConfig(**{**demo.to_dict(), "sizes": {**demo.sizes, "users": 30}})
    emulator = build_emulator(name, Config(tenants=[config]))
    tenant = emulator.tenants.first()
    key, password = vendor.credentials(tenant, "http://127.0.0.1")["basic_auth"]
    auth = {"Authorization": "Basic " + base64.b64encode(f"{key}:{password}".encode()).decode()}
    some_id = str(list(tenant.state.users)[7].id)
    requests = []
    for path in PATHS[name]:
        for method in ("GET", "HEAD", "DELETE", "OPTIONS"):
            requests.append((method, path, auth, b"", None))
        requests += [("GET", path, {}, b"", None), ("GET", path, {**auth, "Accept": "text/html"}, b"", None)]
    requests += [("POST", PATHS[name][0], auth, b'{"a":', "application/json"),
                 ("PUT", PATHS[name][0], auth, b'{"first_name":"X"}', "application/json")]

    app = emulator.app
    journaled = app.wsgi_app
    routed = journaled.app
    assert routed.usable  # the vendor apps take the routed path

    def seen(dispatch) -> tuple[list, list]:
        emulator.reset()
        journaled.app = dispatch
        emulator.faults.add({"method": "GET", "path": "*/users/*", "status": 503, "body": {"x": 1}, "times": 2,
                             "headers": {"Retry-After": "3"}})
        emulator.faults.add({"method": "DELETE", "path": "re:.*", "status": 418, "body": "teapot", "times": 1})
        answers = []
        for method, path, headers, body, content_type in requests:
            environ = EnvironBuilder(path=path.replace("{id}", some_id), method=method, headers=headers, data=body,
                                     content_type=content_type, base_url="http://127.0.0.1:8080").get_environ()
            started: list = []
            data = b"".join(app(environ, lambda status, headers, _x=None, to=started: to.append((status, headers))))
            status, headers = started[0]
            answers.append((status, [(k, VOLATILE.sub("~", v)) for k, v in headers], VOLATILE.sub("~", data.decode())))
        kept = [{k: v for k, v in e.__dict__.items() if k not in ("id", "time", "duration_ms")}
                for e in emulator.journal.query()]
        entries = [VOLATILE.sub("~", repr(entry)) for entry in kept]
        return answers, entries

    try:
        flask_answers, flask_entries = seen(routed.flask_wsgi_app)
        routed_answers, routed_entries = seen(routed)
    finally:
        journaled.app = routed
        emulator.close()
    assert routed_answers == flask_answers
    assert routed_entries == flask_entries
    assert len(routed_entries) == len(requests)
    assert {a[0] for a in routed_answers} >= {"200 OK", "503 SERVICE UNAVAILABLE"}  # both paths were exercised
