"""A Skilljar tenant's tables, their indexes and look-ups by key. Nothing here changes a row: every
state change is an operation in :mod:`.ops`."""

from __future__ import annotations

import contextlib
import dataclasses
from hashlib import sha256
from typing import Any, Iterator

from ...core.store import State, TableSpec
from .models import (
    Course,
    Domain,
    DomainUser,
    Enrollment,
    Group,
    GroupCategory,
    GroupMember,
    Label,
    PathEnrollment,
    Plan,
    PlanEnrollment,
    PublishedCourse,
    PublishedPath,
    Record,
    User,
    Webhook,
)

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
#: every number below 36**3 as its three base-36 digits, least significant first (new_id: a few million ids
#: a million-user seed makes, three digits per division instead of one)
_DIGITS3 = [x + y + z for z in ALPHABET for y in ALPHABET for x in ALPHABET]


def _lower(value: str) -> str:
    return value.lower()


class SkilljarState(State):
    meta_defaults = {"id_salt": "skilljar", "last_events": {}}  # noqa: RUF012  (filled in lazily)
    tables = {  # noqa: RUF012
        "users": TableSpec(User, unique={"email": _lower, "external_id": str}),
        "domains": TableSpec(Domain, unique={"name": _lower}),
        "domain_users": TableSpec(DomainUser, multi={"user_id": str, "domain_name": str}),
        "labels": TableSpec(Label, unique={"name": str}),
        "courses": TableSpec(Course, multi={"label_ids": str}),
        "published_courses": TableSpec(PublishedCourse, multi={"domain_name": str, "course_id": str}),
        "enrollments": TableSpec(Enrollment, multi={"user_id": str, "published_course_id": str}),
        "groups": TableSpec(Group, unique={"name": str, "external_id": str}),
        "group_members": TableSpec(GroupMember, multi={"group_id": str, "user_id": str}),
        "group_categories": TableSpec(GroupCategory),
        "published_paths": TableSpec(PublishedPath, multi={"domain_name": str}),
        "path_enrollments": TableSpec(PathEnrollment, multi={"user_id": str}),
        "plans": TableSpec(Plan),
        "plan_enrollments": TableSpec(PlanEnrollment, multi={"user_id": str}),
        "webhooks": TableSpec(Webhook),
        "records": TableSpec(Record, multi={"kind": str, "scope": str, "ancestors": str}),
    }

    def new_id(self, stream: str = "object") -> str:
        """A fresh lowercase base-36 id of 12 or 13 characters, like Skilljar's (``2v22kvbvb4c4o``).
        ``stream`` names a counter of its own (the seeded table-driven rows use one, so adding them
        leaves every other id as it was)."""
        meta = self.meta
        salt = meta.get("id_salt", "skilljar")
        prefix = f"{salt}|" if stream == "object" else f"{salt}|{stream}|"
        counter = "next_" + stream  # State.next_id's counter, inlined (a million-user seed makes 3.5M ids)
        tables = self.__dict__.get("_id_tables")
        if tables is None:
            tables = self._id_tables()
        digits = _DIGITS3
        while True:
            n = meta.get(counter, 1)
            meta[counter] = n + 1
            digest = int.from_bytes(sha256(f"{prefix}{n}".encode()).digest()[:9], "big")
            # the digest's base-36 digits, least significant first, three at a time
            digest, a = divmod(digest, 46656)
            digest, b = divmod(digest, 46656)
            digest, c = divmod(digest, 46656)
            rest, d = divmod(digest, 46656)
            candidate = digits[a] + digits[b] + digits[c] + digits[d]
            if a & 1:  # the digest is odd (a has its parity): a 13th digit
                candidate += ALPHABET[rest % 36]
            if candidate[0] == "0":
                candidate = "1" + candidate[1:]
            for table in tables:  # a row's key already: the next number
                if candidate in table:
                    break
            else:
                return candidate

    def _id_tables(self) -> tuple:
        # the tables once per state, not looked up by name for every id
        tables = self.__dict__["_id_tables"] = tuple(self.table(name) for name in self.tables)
        return tables

    @contextlib.contextmanager
    def reserving(self) -> Iterator[set[str]]:
        """A set of keys for rows not inserted yet (a seed loads them in bulk afterwards): while it is open,
        :meth:`new_id` skips them as it skips the keys of rows in the tables."""
        tables = self.__dict__.get("_id_tables") or self._id_tables()
        reserved: set[str] = set()
        self.__dict__["_id_tables"] = (*tables, reserved)
        try:
            yield reserved
        finally:
            self.__dict__["_id_tables"] = tables

    # look-ups shared by routes, ops, effects and SCIM
    def domain(self, name: str) -> Domain | None:
        return self.domains.by("name", name)

    def courses_labelled(self, label_name: str) -> list[Course]:
        label = self.labels.by("name", label_name)
        return self.courses.where("label_ids", label.id) if label else []

    def groups_named(self, name: str) -> list[Group]:
        """The group of exactly that name, if any, as a list."""
        hit = self.groups.by("name", name)
        return [hit] if hit else []

    def published_course_of(self, domain_name: str, published_course_id: str) -> PublishedCourse | None:
        """A published course, only when it is published to the domain of that name."""
        return self._on_domain(self.published_courses, domain_name, published_course_id)

    def published_path_of(self, domain_name: str, published_path_id: str) -> PublishedPath | None:
        """A published path, only when it is published to the domain of that name."""
        return self._on_domain(self.published_paths, domain_name, published_path_id)

    def plan_of(self, domain_name: str, plan_id: str) -> Plan | None:
        """A plan, only when it belongs to the domain of that name."""
        return self._on_domain(self.plans, domain_name, plan_id)

    def _on_domain(self, table: Any, domain_name: str, row_id: str) -> Any:
        domain = self.domain(domain_name)
        row = table.get(row_id) if domain is not None else None
        return row if row is not None and row.domain_name == domain.name else None

    def records_in(self, scope: str) -> list[Record]:
        """The table-driven rows under one parent (``Record.scope``), in creation order."""
        return self.records.where("scope", scope)

    def record_at(self, scope: str, key: str) -> Record | None:
        """The row a detail route names: by its own id, or by the linked row's id for a link row."""
        row = self.records.get(key)
        if row is not None and row.scope == scope and row.key == key:
            return row
        for row in self.records.where("scope", scope):
            if row.key == key:
                return row
        return None

    def signup_values(self, domain_name: str, user_id: str) -> list[Record]:
        """A member's sign-up field values (rows of ``/v1/domains/{}/users/{}/signup-fields``)."""
        return self.records_in(f"/v1/domains/{{}}/users/{{}}/signup-fields|{domain_name}/{user_id}")

    def records_of(self, kind: str) -> list[Record]:
        return self.records.where("kind", kind)

    #: the hand-kept tables a body or a link may name a row of, as ``row_of`` takes them
    NAMED_TABLES = ("users", "courses", "groups", "labels", "published_courses", "published_paths", "plans",
                    "enrollments", "webhooks", "group_categories")

    def row_of(self, where: str, key: str) -> Any:
        """A row by id from a hand-kept table (``"courses"``) or a table-driven kind (``"/v1/lessons"``)."""
        if where.startswith("/"):
            row = self.records.get(key)
            return row if row is not None and row.kind == where else None
        if where == "domains":
            return next((d for d in self.domains if d.id == key), None)
        return self.table(where).get(key)

    def linked(self, key: str) -> dict[str, Any] | None:
        """The fields of whatever row has id ``key``, to fill a nested object that names it."""
        record = self.records.get(key)
        if record is not None:
            return {"id": record.id, **record.data}
        for name in self.NAMED_TABLES:
            row = self.table(name).get(key)
            if row is not None:
                data = dataclasses.asdict(row)
                if name == "users":
                    data["full_name"] = f"{row.first_name} {row.last_name}".strip()
                if name == "published_courses":
                    course = self.courses.get(row.course_id)
                    data.update(title=course.title if course else "", course={"id": row.course_id})
                return data
        return None

    def membership(self, domain_name: str, user_id: str) -> DomainUser | None:
        return self.domain_users.get(f"{domain_name}|{user_id}")

    def group_membership(self, group_id: str, user_id: str) -> GroupMember | None:
        for row in self.group_members.where("user_id", user_id):
            if row.group_id == group_id:
                return row
        return None
