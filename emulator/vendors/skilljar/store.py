"""A Skilljar tenant's tables, their indexes and look-ups by key. Nothing here changes a row: every
state change is an operation in :mod:`.ops`."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
from hashlib import sha256
from typing import Any, Callable, Iterator

from ...core.store import State, Table, TableSpec
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
#: how many candidate ids an id run (SkilljarState.id_run) makes and checks against the tables at once
RUN_CHUNK = 4096
#: from this many ids at once, :func:`candidate_ids` builds (once) and uses its three-digit tables
TABLES_FROM = 64


@functools.cache
def _digit_tables() -> tuple[list[str], list[str], list[str]]:
    """Every number below 36**3 as its three base-36 digits, least significant first; the same for an id's
    first three digits, which never start with 0 (a leading 0 is written 1); and an id's 13th digit by
    ``digit * 2 + parity`` (only odd numbers have one). Built on the first large run (a few million ids a
    million-user seed makes, three digits per division instead of one), not at import: ~7 ms of every
    Skilljar server's start (docs/decisions/001-server.md)."""
    digits = [x + y + z for z in ALPHABET for y in ALPHABET for x in ALPHABET]
    first = ["1" + d[1:] if d[0] == "0" else d for d in digits]
    last = [c if odd else "" for c in ALPHABET for odd in (0, 1)]
    return first, digits, last


def candidate_ids(prefix: str, start: int, count: int) -> list[str]:
    """The ids counters ``start`` .. ``start + count - 1`` give under ``prefix`` ("<salt>|" or
    "<salt>|<stream>|"), before any is skipped for being a row's key: sha256 of prefix and counter, its
    first 9 bytes as a number, that number's base-36 digits least significant first, 12 of them (13 when
    it is odd), never a leading 0."""
    form = prefix.encode().replace(b"%", b"%%") + b"%d"
    from_bytes = int.from_bytes
    if count < TABLES_FROM:  # one digit per division: no tables for the few ids a request makes
        return [_one_id(from_bytes(sha256(form % n).digest()[:9], "big")) for n in range(start, start + count)]
    first, digits, last = _digit_tables()
    out = []
    append = out.append
    for n in range(start, start + count):
        number = from_bytes(sha256(form % n).digest()[:9], "big")
        number, a = divmod(number, 46656)  # three digits per division, then six
        number, b = divmod(number, 46656)
        rest, c = divmod(number, 2176782336)
        # a has the number's parity (46656 is even)
        append(f"{first[a]}{digits[b]}{digits[c % 46656]}{digits[c // 46656]}{last[rest % 36 * 2 + (a & 1)]}")
    return out


def _one_id(number: int) -> str:
    """:func:`candidate_ids`' digits for one number, one division per digit."""
    odd = number & 1
    chars = []
    for _ in range(12):
        number, digit = divmod(number, 36)
        chars.append(ALPHABET[digit])
    if chars[0] == "0":
        chars[0] = "1"
    if odd:
        chars.append(ALPHABET[number % 36])
    return "".join(chars)


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

    def _id_prefix(self, stream: str) -> str:
        salt = self.meta.get("id_salt", "skilljar")
        return f"{salt}|" if stream == "object" else f"{salt}|{stream}|"

    def new_id(self, stream: str = "object") -> str:
        """A fresh lowercase base-36 id of 12 or 13 characters, like Skilljar's (``2v22kvbvb4c4o``):
        :func:`candidate_ids` for the stream's next counter, skipping any a row (or :meth:`reserving`) holds.
        ``stream`` names a counter of its own (the seeded table-driven rows use one, so adding them
        leaves every other id as it was)."""
        meta = self.meta
        prefix = self._id_prefix(stream)
        counter = "next_" + stream  # State.next_id's counter
        tables = self.__dict__.get("_id_tables") or self._id_tables()
        while True:
            n = meta.get(counter, 1)
            meta[counter] = n + 1
            candidate = candidate_ids(prefix, n, 1)[0]
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

    @contextlib.contextmanager
    def id_run(self, stream: str = "object") -> Iterator[Callable[[], str]]:
        """A function giving the ids :meth:`new_id` would give, one per call, for a stretch of a seed that
        writes no table meanwhile (a million-user seed takes 3.5 million ids while it builds rows to load in
        bulk). The candidates are made :data:`RUN_CHUNK` at a time and checked against each table's keys in
        one set operation per table (:meth:`Table.holding`); a set :meth:`reserving` hands out is still
        checked id by id, when the id is taken, as ``new_id`` checks it. On leaving, the stream's counter
        stands where ``new_id`` calls would have left it. A table written, or an id of the stream taken
        otherwise, meanwhile: RuntimeError (the ids handed out could differ from new_id's)."""
        meta = self.meta
        counter = "next_" + stream
        every = self.__dict__.get("_id_tables") or self._id_tables()
        tables = tuple(t for t in every if isinstance(t, Table))
        reserved = tuple(t for t in every if not isinstance(t, Table))  # live sets, checked per id
        prefix = self._id_prefix(stream)
        start = meta.get(counter, 1)
        taken_to = [start]  # the counter after the last id handed out

        def fingerprint() -> tuple[int, ...]:
            return tuple(t.version() for t in tables)

        before = fingerprint()

        def ids() -> Iterator[str]:
            n = start
            while True:
                if fingerprint() != before:
                    raise RuntimeError("a table was written during an id run")
                chunk = candidate_ids(prefix, n, RUN_CHUNK)
                wanted = set(chunk)
                held = set().union(*[t.holding(wanted) for t in tables])
                for candidate in chunk:
                    n += 1
                    if held and candidate in held:
                        continue
                    for keys in reserved:
                        if candidate in keys:
                            break
                    else:
                        taken_to[0] = n
                        yield candidate

        run = ids()
        try:
            yield run.__next__
            intact = meta.get(counter, 1) == start and fingerprint() == before
        finally:
            run.close()
            if taken_to[0] != start:
                meta[counter] = taken_to[0]
        if not intact:
            raise RuntimeError(f"ids of {stream!r} taken, or a table written, during an id run")

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
