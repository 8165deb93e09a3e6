"""A small in-memory vendor whose only API is SCIM: the engine's test bench (RFC behaviour, no quirks)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from flask import Request

from emulator.config import TenantConfig
from emulator.core.scim import (
    ENTERPRISE_USER,
    GROUP,
    USER,
    Extension,
    ResourceConfig,
    ResourceSchema,
    ScimError,
    ScimProfile,
    make_surface,
    pruned,
)
from emulator.core.store import DuplicateKey, State, TableSpec
from emulator.core.vendor import Vendor


@dataclass
class Person:
    id: str
    user_name: str
    external_id: str | None = None
    given: str | None = None
    family: str | None = None
    display_name: str | None = None
    title: str | None = None
    emails: list = field(default_factory=list)
    active: bool | None = True
    employee_number: str | None = None
    department: str | None = None
    created: float = 0.0
    modified: float = 0.0


@dataclass
class Team:
    id: str
    display_name: str
    external_id: str | None = None
    members: list = field(default_factory=list)
    created: float = 0.0
    modified: float = 0.0


def _lower(value):
    return value.lower()


class MemoryState(State):
    tables: ClassVar[dict[str, TableSpec]] = {
        "people": TableSpec(Person, unique={"user_name": _lower, "external_id": str}),
        "teams": TableSpec(Team, unique={"display_name": _lower}),
    }


USER_SCHEMA = ResourceSchema(
    pruned(USER, {"userName": None, "name": ["givenName", "familyName"], "displayName": None,
                  "title": None, "emails": ["value", "type", "primary"], "active": None}),
    (Extension(pruned(ENTERPRISE_USER, {"employeeNumber": None, "department": None})),),
)
GROUP_SCHEMA = ResourceSchema(pruned(GROUP, {"displayName": None, "members": ["value", "$ref", "type"]}))


def _tenant():
    from flask import g
    return g.tenant


class PeopleStore:
    def __init__(self, tenant) -> None:
        self.tenant = tenant
        self.table = tenant.state.people

    def to_scim(self, p: Person) -> dict:
        out: dict = {"schemas": [USER], "id": p.id}
        if p.external_id:
            out["externalId"] = p.external_id
        out["userName"] = p.user_name
        name = {k: v for k, v in (("givenName", p.given), ("familyName", p.family)) if v}
        if name:
            out["name"] = name
        if p.display_name:
            out["displayName"] = p.display_name
        if p.title:
            out["title"] = p.title
        if p.emails:
            out["emails"] = p.emails
        if p.active is not None:
            out["active"] = p.active
        ext = {k: v for k, v in (("employeeNumber", p.employee_number), ("department", p.department)) if v}
        if ext:
            out["schemas"] = [USER, ENTERPRISE_USER]
            out[ENTERPRISE_USER] = ext
        out["meta"] = {"created": p.created, "lastModified": p.modified}
        return out

    def fields(self, r: dict) -> dict:
        ext = r.get(ENTERPRISE_USER, {})
        name = r.get("name", {})
        return {"user_name": r["userName"], "external_id": r.get("externalId"), "given": name.get("givenName"),
                "family": name.get("familyName"), "display_name": r.get("displayName"), "title": r.get("title"),
                "emails": r.get("emails", []), "active": r.get("active"),
                "employee_number": ext.get("employeeNumber"), "department": ext.get("department")}

    def total(self):
        return len(self.table)

    def page(self, offset, count):
        return [self.to_scim(p) for p in self.table.page(offset, count)]

    def scan(self):
        self.tenant.state.meta["scans"] = self.tenant.state.meta.get("scans", 0) + 1
        return (self.to_scim(p) for p in self.table)

    def lookup(self, attribute, value):
        if attribute == "userName":
            p = self.table.by("user_name", value)
        elif attribute == "externalId":
            p = self.table.by("external_id", value)
        elif attribute == "id":
            p = self.table.get(value)
        else:
            return None
        return [self.to_scim(p)] if p else []

    def get(self, resource_id):
        p = self.table.get(resource_id)
        return self.to_scim(p) if p else None

    def _conflict(self, exc: DuplicateKey):
        name = {"user_name": "userName", "external_id": "externalId"}.get(exc.field, exc.field)
        return ScimError(409, f"{name} {exc.value!r} is already taken.", "uniqueness")

    def create(self, resource):
        now = self.tenant.clock.now()
        number = self.tenant.state.next_id("people")
        person = Person(id=f"u{number:05d}", created=now, modified=now, **self.fields(resource))
        try:
            self.table.insert(person)
        except DuplicateKey as exc:
            raise self._conflict(exc) from None
        return self.to_scim(person)

    def replace(self, resource_id, resource):
        person = self.table.get(resource_id)
        try:
            self.table.update(person, modified=self.tenant.clock.now(), **self.fields(resource))
        except DuplicateKey as exc:
            raise self._conflict(exc) from None
        return self.to_scim(person)

    def delete(self, resource_id):
        self.table.delete(self.table.get(resource_id))
        for team in list(self.tenant.state.teams):
            if any(m.get("value") == resource_id for m in team.members):
                self.tenant.state.teams.update(team, members=[m for m in team.members if m.get("value") != resource_id])


class TeamStore:
    def __init__(self, tenant) -> None:
        self.tenant = tenant
        self.table = tenant.state.teams

    def to_scim(self, t: Team) -> dict:
        out = {"schemas": [GROUP], "id": t.id}
        if t.external_id:
            out["externalId"] = t.external_id
        out["displayName"] = t.display_name
        if t.members:
            out["members"] = t.members
        out["meta"] = {"created": t.created, "lastModified": t.modified}
        return out

    def total(self):
        return len(self.table)

    def page(self, offset, count):
        return [self.to_scim(t) for t in self.table.page(offset, count)]

    def scan(self):
        return (self.to_scim(t) for t in self.table)

    def lookup(self, attribute, value):
        if attribute != "displayName":
            return None
        t = self.table.by("display_name", value)
        return [self.to_scim(t)] if t else []

    def get(self, resource_id):
        t = self.table.get(resource_id)
        return self.to_scim(t) if t else None

    def _members(self, resource):
        people = self.tenant.state.people
        out = []
        for m in resource.get("members", []):
            if people.get(m.get("value")) is None:
                raise ScimError(400, f"No user {m.get('value')!r} to add as a member.", "invalidValue")
            out.append({k: v for k, v in m.items() if k in ("value", "$ref", "type")})
        return out

    def create(self, resource):
        now = self.tenant.clock.now()
        team = Team(id=f"g{self.tenant.state.next_id('teams'):05d}", display_name=resource["displayName"],
                    external_id=resource.get("externalId"), members=self._members(resource), created=now, modified=now)
        try:
            self.table.insert(team)
        except DuplicateKey:
            raise ScimError(409, "displayName is already taken.", "uniqueness") from None
        return self.to_scim(team)

    def replace(self, resource_id, resource):
        team = self.table.get(resource_id)
        try:
            self.table.update(team, display_name=resource["displayName"], members=self._members(resource),
                              external_id=resource.get("externalId"),
                              modified=self.tenant.clock.now())
        except DuplicateKey:
            raise ScimError(409, "displayName is already taken.", "uniqueness") from None
        return self.to_scim(team)

    def delete(self, resource_id):
        self.table.delete(self.table.get(resource_id))


def authenticate(request: Request, tenants):
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token:
        tenant = tenants.find(scim_token=token)
        if tenant is not None:
            return tenant
    raise ScimError(401, "Authentication failed: a valid bearer token is required.")


PROFILE = ScimProfile(
    vendor="memory",
    prefix="/scim/v2",
    resources=[
        ResourceConfig("User", "/Users", USER_SCHEMA, PeopleStore, description="User Account"),
        ResourceConfig("Group", "/Groups", GROUP_SCHEMA, TeamStore, description="Group"),
    ],
    authenticate=authenticate,
)


def seed(state: MemoryState, seeder, sizes, config) -> None:
    for i in range(sizes.get("people", 0)):
        state.people.insert(Person(id=f"s{i:05d}", user_name=f"user{i}@example.com", given=f"Given{i}",
                                   family=f"Family{i}", emails=[{"value": f"user{i}@example.com",
                                                                 "type": "work", "primary": True}],
                                   external_id=f"ext-{i}", active=i % 3 != 0, created=1_700_000_000.0 + i,
                                   modified=1_700_000_000.0 + i))


VENDOR = Vendor(
    name="memory",
    title="In-memory SCIM bench",
    default_port=0,
    state_class=MemoryState,
    surfaces=lambda: [make_surface(PROFILE)],
    seed=seed,
    demo_tenants=lambda: [TenantConfig(vendor="memory", name="acme", scim_token="acme-token", sizes={"people": 5}),
                          TenantConfig(vendor="memory", name="globex", scim_token="globex-token",
                                       sizes={"people": 2})],
    plans={},
    default_plan="unlimited",
)
