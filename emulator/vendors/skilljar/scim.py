"""Skilljar's SCIM 2.0 surface (``/scim/v2/``), on the shared engine and the REST store.

No primary source describes Skilljar SCIM (dossier shared/vendors/skilljar.md §4): the only source is
the Stitchflow guide (SEED) — base URL /scim/v2/, a dashboard-generated Bearer token separate from the
REST key, Users (GET/POST, GET/PUT/PATCH/DELETE by id) and Groups (GET/POST, PATCH/DELETE by id; this
profile also serves GET/PUT by id), DELETE deactivates rather than purging. Everything else is RFC
7643/7644 by the dossier's judgement. Users and groups are the REST rows; SCIM and REST can both change
``active`` and memberships and nothing reconciles them beyond the shared store (the SEED's warning): a
REST domain deactivation shows as ``active:false`` here, and a SCIM reactivation does not undo a REST
deactivation on another domain. docs/scim.md lists each choice with its source and confidence.
"""

from __future__ import annotations

import hmac
import re
from typing import TYPE_CHECKING, Any

from flask import Request

from ...core.scim import (
    GROUP,
    USER,
    ResourceConfig,
    ResourceSchema,
    ScimError,
    ScimProfile,
    make_surface,
    pruned,
)
from ...core.store import DuplicateKey
from ...core.vendor import Surface, Switch
from .models import Group, User
from .ops import Ops

if TYPE_CHECKING:
    from ...core.tenants import Tenant, Tenants

PREFIX = "/scim/v2"
AUTH_FAILURE = "Authentication credentials were not provided or are invalid."  # ASSUMPTION: no source
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

SWITCHES = {
    "scim_require_email_username": Switch(
        False, "Refuse a SCIM userName that is not an email address (Skilljar identifies users by email). "
               "Off: any string is kept as the user's email, as RFC 7643 lets userName be any string.",
        (False, True)),
}

USER_SCHEMA = ResourceSchema(pruned(
    USER,
    {"userName": None, "name": ["givenName", "familyName"], "emails": ["value", "type", "primary"],
     "active": None},
    required=["active"],  # a Skilljar user always has an active state
    read_only=["emails", "emails.value", "emails.type", "emails.primary"],  # mirrors userName (the one email)
    description="Skilljar user (email, first/last name, domain membership state)",
))
GROUP_SCHEMA = ResourceSchema(pruned(GROUP, {"displayName": None, "members": ["value", "$ref"]},
                                     description="Skilljar group"))


def scim_domain(tenant: "Tenant") -> str:
    """The domain SCIM provisions into: the tenant's main domain (the seed's first domain)."""
    return tenant.config.domain or f"{tenant.config.name}.skilljar.com"


class UserStore:
    def __init__(self, tenant: "Tenant") -> None:
        self.tenant = tenant
        self.state = tenant.state
        self.ops = Ops(tenant)

    def to_scim(self, user: User) -> dict:
        out: dict[str, Any] = {"schemas": [USER], "id": user.id}
        if user.external_id:
            out["externalId"] = user.external_id
        out["userName"] = user.email
        name = {k: v for k, v in (("givenName", user.first_name), ("familyName", user.last_name)) if v}
        if name:  # Skilljar keeps "" for a missing name; SCIM leaves it out
            out["name"] = name
        out["emails"] = [{"value": user.email, "type": "work", "primary": True}]
        out["active"] = user.inactive_at is None  # the REST user's inactive_at (no active domain membership)
        # lastModified: the latest change to the user, its own details (PUT/PATCH) or its learning activity
        out["meta"] = {"created": user.signed_up_at,
                       "lastModified": max(user.modified_at, user.latest_activity, user.signed_up_at)}
        return out

    def total(self) -> int:
        return len(self.state.users)

    def page(self, offset: int, count: int) -> list[dict]:
        return [self.to_scim(u) for u in self.state.users.page(offset, count)]

    def page_versions(self, offset: int, count: int) -> list[tuple[Any, User]]:
        """The view reads the user row only (inactive_at is kept on it by the REST store)."""
        return self.state.users.stamped_page(offset, count)

    def view(self, user: User) -> dict:
        return self.to_scim(user)

    def scan(self):
        return (self.to_scim(u) for u in self.state.users)

    def lookup(self, attribute: str, value: Any) -> list[dict] | None:
        if attribute in ("userName", "emails.value"):
            user = self.state.users.by("email", value)
        elif attribute == "externalId":
            user = self.state.users.by("external_id", value)
        elif attribute == "id":
            user = self.state.users.get(value)
        else:
            return None
        return [self.to_scim(user)] if user else []

    def get(self, resource_id: str) -> dict | None:
        user = self.state.users.get(resource_id)
        return self.to_scim(user) if user else None

    def _check(self, resource: dict, user: User | None) -> None:
        email = resource["userName"]
        if self.tenant.switch("scim_require_email_username") and not EMAIL.match(email):
            raise ScimError(400, f"userName '{email}' is not an email address.", "invalidValue")
        other = self.state.users.by("email", email)
        if other is not None and (user is None or other.id != user.id):
            raise ScimError(409, f"A user with the email '{email}' already exists.", "uniqueness")
        external = resource.get("externalId")
        owner = self.state.users.by("external_id", external) if external else None
        if owner is not None and (user is None or owner.id != user.id):
            raise ScimError(409, f"externalId '{external}' is already in use.", "uniqueness")

    def set_active(self, user: User, active: bool) -> None:
        """Deactivate: every domain membership inactive (so REST inactive_at is set). Reactivate: every
        membership active, joining the SCIM domain if the user has none."""
        memberships = self.state.domain_users.where("user_id", user.id)
        for membership in memberships:
            if membership.active != active:
                self.ops.update_membership(membership, active=active)
        if active and not memberships:
            domain = self.ops.ensure_domain(scim_domain(self.tenant))
            self.ops.add_to_domain(domain, user.email, user.first_name, user.last_name)
        self.ops.refresh_inactive(user)
        if not active:  # a user in no domain at all
            self.ops.mark_inactive(user)

    def create(self, resource: dict) -> dict:
        self._check(resource, None)
        name = resource.get("name", {})
        domain = self.ops.ensure_domain(scim_domain(self.tenant))
        membership, _ = self.ops.add_to_domain(domain, resource["userName"], name.get("givenName"),
                                               name.get("familyName"))
        user = self.state.users.get(membership.user_id)
        self.ops.update_user(user, external_id=resource.get("externalId"))
        self.set_active(user, resource.get("active", True))
        return self.to_scim(user)

    def replace(self, resource_id: str, resource: dict) -> dict:
        user = self.state.users.get(resource_id)
        self._check(resource, user)
        name = resource.get("name", {})
        try:
            self.ops.update_user(user, email=resource["userName"], first_name=name.get("givenName", ""),
                                 last_name=name.get("familyName", ""), external_id=resource.get("externalId"))
        except DuplicateKey as exc:
            raise ScimError(409, f"{exc.field} is already in use.", "uniqueness") from None
        if "active" in resource:
            self.set_active(user, resource["active"])
        return self.to_scim(user)

    def delete(self, resource_id: str) -> None:
        """SEED: DELETE deactivates rather than purging."""
        self.set_active(self.state.users.get(resource_id), False)


class GroupStore:
    def __init__(self, tenant: "Tenant") -> None:
        self.tenant = tenant
        self.state = tenant.state
        self.ops = Ops(tenant)
        from flask import request
        self.users_url = request.url_root.rstrip("/") + PREFIX + "/Users/"

    def to_scim(self, group: Group) -> dict:
        out: dict[str, Any] = {"schemas": [GROUP], "id": group.id}
        if group.external_id:
            out["externalId"] = group.external_id
        out["displayName"] = group.name
        members = self.state.group_members.where("group_id", group.id)
        if members:
            out["members"] = [{"value": m.user_id, "$ref": self.users_url + m.user_id} for m in members]
        out["meta"] = {"created": group.created_at}
        return out

    def total(self) -> int:
        return len(self.state.groups)

    def page(self, offset: int, count: int) -> list[dict]:
        return [self.to_scim(g) for g in self.state.groups.page(offset, count)]

    def scan(self):
        return (self.to_scim(g) for g in self.state.groups)

    def lookup(self, attribute: str, value: Any) -> list[dict] | None:
        if attribute == "displayName":
            group = self.state.groups.by("name", value)
            if group is None:  # displayName is caseExact false: fall back to a case-insensitive look
                return [self.to_scim(g) for g in self.state.groups if g.name.lower() == str(value).lower()]
        elif attribute == "externalId":
            group = self.state.groups.by("external_id", value)
        else:
            return None
        return [self.to_scim(group)] if group else []

    def get(self, resource_id: str) -> dict | None:
        group = self.state.groups.get(resource_id)
        return self.to_scim(group) if group else None

    def _check(self, resource: dict, group: Group | None) -> list[User]:
        other = self.state.groups.by("name", resource["displayName"])
        if other is not None and (group is None or other.id != group.id):
            raise ScimError(409, "group with this name already exists.", "uniqueness")
        external = resource.get("externalId")
        owner = self.state.groups.by("external_id", external) if external else None
        if owner is not None and (group is None or owner.id != group.id):
            raise ScimError(409, f"externalId '{external}' is already in use.", "uniqueness")
        users = []
        for member in resource.get("members", []):
            user = self.state.users.get(str(member.get("value")))
            if user is None:
                raise ScimError(400, f"No user with id '{member.get('value')}' to add as a member.", "invalidValue")
            users.append(user)
        return users

    def create(self, resource: dict) -> dict:
        users = self._check(resource, None)
        group = self.ops.create_group(name=resource["displayName"], external_id=resource.get("externalId"))
        self.ops.set_group_members(group, users)
        return self.to_scim(group)

    def replace(self, resource_id: str, resource: dict) -> dict:
        group = self.state.groups.get(resource_id)
        users = self._check(resource, group)
        self.ops.update_group(group, name=resource["displayName"], external_id=resource.get("externalId"))
        self.ops.set_group_members(group, users)
        return self.to_scim(group)

    def delete(self, resource_id: str) -> None:
        self.ops.delete_group(self.state.groups.get(resource_id))


def authenticate(req: Request, tenants: "Tenants") -> "Tenant":
    scheme, _, token = req.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() == "bearer" and token:
        for tenant in tenants:
            mine = tenant.config.scim_token
            if mine and tenant.config.scim_enabled and hmac.compare_digest(mine.encode(), token.encode()):
                return tenant
    raise ScimError(401, AUTH_FAILURE, headers={"WWW-Authenticate": 'Bearer realm="api"'})


PROFILE = ScimProfile(
    vendor="skilljar",
    prefix=PREFIX,
    resources=[ResourceConfig("User", "/Users", USER_SCHEMA, UserStore, description="User Account"),
               ResourceConfig("Group", "/Groups", GROUP_SCHEMA, GroupStore, description="Group")],
    authenticate=authenticate,
)


def surface() -> Surface:
    return make_surface(PROFILE, trailing_slash=True)
