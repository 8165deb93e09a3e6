"""A SCIM client for the profile tests: requests against the in-process emulator, no auth by default."""

from __future__ import annotations

import base64
import json

import requests

SCIM = "application/scim+json"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class Scim:
    def __init__(self, base_url: str, authorization: str | None) -> None:
        self.base = base_url.rstrip("/")
        self.http = requests.Session()
        self.http.trust_env = False
        self.authorization = authorization

    def call(self, method: str, path: str, body=None, *, auth="default", headers=None, raw=None,
             content_type: str = SCIM, params=None) -> requests.Response:
        h = {"Accept": SCIM}
        if auth == "default":
            auth = self.authorization
        if auth is not None:
            h["Authorization"] = auth
        if body is not None or raw is not None:
            h["Content-Type"] = content_type
        h.update(headers or {})
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        return self.http.request(method, self.base + path, data=data, headers=h, params=params, timeout=30)

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.call("POST", path, body, **kw)

    def put(self, path, body=None, **kw):
        return self.call("PUT", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.call("PATCH", path, body, **kw)

    def delete(self, path, **kw):
        return self.call("DELETE", path, **kw)


def ops(*operations) -> dict:
    return {"schemas": [PATCH], "Operations": list(operations)}


def created_through_slashed_paths(scim: Scim, body: dict) -> str:
    """List and create through ``/Users/`` and read back through ``/Users/{id}/``, asserting each answers
    as its slash-less twin; returns the new id."""
    listed = scim.get("/Users/", params={"count": 2})
    assert listed.status_code == 200 and listed.json() == scim.get("/Users", params={"count": 2}).json()
    created = scim.post("/Users/", body)
    assert created.status_code == 201
    uid = created.json()["id"]
    assert scim.get(f"/Users/{uid}/").json() == scim.get(f"/Users/{uid}").json()
    return uid
