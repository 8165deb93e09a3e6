"""One writer per vendor and surface (REST, SCIM): each creates users until stopped and records every
user the emulator answered 2xx for, and every one it sent without seeing an answer."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field

import requests

from .procs import session

SCIM_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
SCIM_TYPE = "application/scim+json"


@dataclass
class Writer:
    vendor: str
    surface: str
    base: str
    creds: dict
    tag: str
    acked: dict[str, str] = field(default_factory=dict)  # email -> id, for every 2xx answer
    unanswered: list[str] = field(default_factory=list)  # sent; the connection died before an answer

    def run(self, stop: threading.Event) -> None:
        http = session()
        n = 0
        while not stop.is_set():
            n += 1
            email = f"{self.tag}-{self.surface}-{n}@kill.example.com"
            try:
                r = self.send(http, email, n)
            except requests.RequestException:
                self.unanswered.append(email)
                return  # the server is gone
            if 200 <= r.status_code < 300:
                self.acked[email] = str(created_id(self.vendor, self.surface, r.json()))

    def send(self, http: requests.Session, email: str, n: int) -> requests.Response:
        c = self.creds
        if self.surface == "scim":
            body = {"schemas": [SCIM_USER], "userName": email, "externalId": f"ext-{email}",
                    "name": {"givenName": "Kill", "familyName": f"Test{n}"},
                    "emails": [{"value": email, "type": "work", "primary": True}], "active": True}
            if self.vendor == "talentlms":
                body["userName"] = email.split("@")[0]
            return http.post(scim_root(self.vendor, self.base, c) + "/Users", data=json.dumps(body), timeout=10,
                             headers={"Authorization": f"Bearer {c['scim_token']}", "Content-Type": SCIM_TYPE})
        auth = tuple(c["basic_auth"])
        if self.vendor == "talentlms":
            return http.post(self.base + "/api/v1/usersignup", auth=auth, timeout=10,
                             data={"first_name": "Kill", "last_name": f"Test{n}", "email": email,
                                   "login": email.split("@")[0], "password": "Secret123"})
        if self.vendor == "skilljar":
            return http.post(f"{self.base}/v1/domains/{c['domain']}/users", auth=auth, timeout=10,
                             json={"user": {"email": email, "first_name": "Kill", "last_name": f"Test{n}"}})
        return http.post(self.base + "/api/v1/users", auth=auth, timeout=10,
                         json={"name": f"Kill Test{n}", "email": email, "role": "learner"})


def scim_root(vendor: str, base: str, creds: dict) -> str:
    return creds.get("scim_base_url") or base + "/scim/v2"


def created_id(vendor: str, surface: str, body: dict):
    if surface == "rest" and vendor == "skilljar":
        return body["user"]["id"]
    return body["id"]
