"""Builds, through the public API only, the live-emulator state a scenario needs.

Every step is an ordinary TalentLMS call; a step that fails stops the test with the call and the
answer, because a setup the emulator refuses is itself a disagreement worth reading.
"""

from __future__ import annotations

import itertools
from functools import cached_property
from typing import Any
from urllib.parse import quote_plus

from .support import Target


class SetupFailed(AssertionError):
    pass


class World:
    def __init__(self, target: Target) -> None:
        self.target = target
        self.http = target.http
        # per world, not per process: the tenant is reset before each test, so names only need to be
        # unique within one, and a test then sends the same requests whichever worker runs it
        self._counter = itertools.count(1)

    # raw calls
    def _check(self, what: str, response) -> Any:
        try:
            body = response.json()
        except ValueError:
            body = response.text[:300]
        if response.status_code != 200 or (isinstance(body, dict) and "error" in body):
            raise SetupFailed(f"live setup step {what} failed: HTTP {response.status_code} {body}")
        return body

    def get(self, action: str, **params: Any) -> Any:
        segment = ",".join(f"{k}:{quote_plus(str(v), safe='@')}" for k, v in params.items())
        url = f"{self.target.base_url}/api/v1/{action}" + (f"/{segment}" if segment else "")
        return self._check(f"GET {action} {params}", self.http.get(url, timeout=30))

    def post(self, action: str, **form: Any) -> Any:
        url = f"{self.target.base_url}/api/v1/{action}"
        return self._check(f"POST {action} {form}", self.http.post(url, data=form, timeout=30))

    def browse(self, url: str) -> None:
        """Open a URL the API handed out (login_key, goto_url) on this target, as a browser would."""
        path = "/" + url.split("://", 1)[-1].partition("/")[2]
        response = self.http.get(self.target.base_url + path, auth=None, timeout=30, allow_redirects=False)
        if response.status_code >= 400:
            raise SetupFailed(f"following {url} failed: HTTP {response.status_code} {response.text[:200]}")

    def unique(self, prefix: str) -> str:
        return f"{prefix}{next(self._counter)}"

    # users
    def user(self, **extra: Any) -> dict:
        """A fresh active learner; returns the signup answer plus the password used."""
        login = self.unique("contract")
        password = "Contract1pass"
        body = self.post("usersignup", first_name="Con", last_name="Tract", email=f"{login}@example.com",
                         login=login, password=password, **extra)
        return {**body, "id": str(body["id"]), "password": password}

    def deleted_user(self) -> dict:
        user = self.user()
        self.post("deleteuser", user_id=user["id"])
        return user

    # courses, categories
    @cached_property
    def courses(self) -> list[dict]:
        return self.get("courses")

    def course_with_units(self, unit_type: str | None = None) -> dict:
        """The first seeded course (full form) with units, or with a unit whose type contains ``unit_type``."""
        for summary in self.courses[:40]:
            course = self.get("courses", id=summary["id"])
            units = [u for u in course.get("units", []) if u.get("type") != "Section"]
            if unit_type:
                units = [u for u in units if unit_type.lower() in u.get("type", "").lower()]
            if units:
                return {**course, "matching_units": units}
        wanted = f"a {unit_type!r} unit" if unit_type else "units"
        raise SetupFailed(f"no seeded course among the first 40 has {wanted}")

    def course(self) -> dict:
        return self.course_with_units()

    def new_course(self, **extra: Any) -> dict:
        body = self.post("createcourse", name=self.unique("Contract course "), **extra)
        return {**body, "id": str(body["id"])}

    def enrolled(self, role: str = "learner") -> tuple[dict, dict]:
        user, course = self.user(), self.course()
        self.post("addusertocourse", user_id=user["id"], course_id=course["id"], role=role)
        return user, course

    @cached_property
    def categories(self) -> list[dict]:
        return self.get("categories")

    def parent_category_id(self) -> str:
        parents = {c["parent_category_id"] for c in self.categories if c.get("parent_category_id")}
        if not parents:
            raise SetupFailed("the seeded categories have no parent/child pair (categoryleafsandcourses "
                              "needs one)")
        return sorted(parents, key=int)[0]

    # groups, branches
    def group(self) -> dict:
        key = self.unique("ctkey")
        body = self.post("creategroup", name=self.unique("Contract group "), key=key)
        return {**body, "id": str(body["id"]), "key": body.get("key", key)}

    def branch(self) -> dict:
        body = self.post("createbranch", name=self.unique("contractbranch"))
        return {**body, "id": str(body["id"])}

    # custom fields
    def text_field(self, action: str) -> str:
        fields = self.get(action)
        for field in fields:
            if field.get("type") == "text":
                return field["key"]
        raise SetupFailed(f"{action} lists no text custom field to search by: {fields}")

    # unit progress
    def answered(self, unit_type: str, answers_action: str, id_key: str) -> tuple[str, str]:
        """(unit id, user id) of a seeded learner with recorded answers in a unit of ``unit_type``."""
        for summary in self.courses[:40]:
            course = self.get("courses", id=summary["id"])
            units = [u for u in course.get("units", []) if unit_type.lower() in u.get("type", "").lower()]
            for unit in units:
                for user in course.get("users", [])[:20]:
                    response = self.http.get(f"{self.target.base_url}/api/v1/{answers_action}/"
                                             f"{id_key}:{unit['id']},user_id:{user['id']}", timeout=30)
                    if response.status_code == 200:
                        return unit["id"], user["id"]
        raise SetupFailed(f"no seeded learner has {answers_action} answers in a {unit_type!r} unit "
                          "(first 40 courses, 20 users each)")
