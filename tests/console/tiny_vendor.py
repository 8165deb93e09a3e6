"""A tiny vendor for the console's tests: users and courses, HTTP Basic REST, a Bearer SCIM surface,
a hint, rate windows, and a webhook on user creation. It depends on no real vendor."""

from __future__ import annotations

import json
from dataclasses import dataclass

from flask import Blueprint, g, request

from emulator.config import TenantConfig
from emulator.core.http import answer, json_response
from emulator.core.ratelimit import Window
from emulator.core.store import State, TableSpec
from emulator.core.vendor import Hint, Surface, Vendor

FIXED_NOW = 1_767_225_600.0 + 7 * 86400 + 100  # an instant 100 s into an hour, for frozen-clock tests


@dataclass
class User:
    id: int
    email: str
    first_name: str
    last_name: str
    login: str
    created: float
    status: str = "active"


@dataclass
class Course:
    id: int
    name: str


class TinyState(State):
    tables = {"users": TableSpec(User, unique={"email": str.lower}), "courses": TableSpec(Course)}


def seed(state, seeder, sizes, config) -> None:
    for i in range(sizes.get("users", 0)):
        first, last, login, email = seeder.person(i)
        state.users.insert(User(state.next_id("users"), email, first, last, login, seeder.past()))
    for _ in range(sizes.get("courses", 0)):
        state.courses.insert(Course(state.next_id("courses"), seeder.title()))


def user_json(user: User) -> dict:
    return {"id": str(user.id), "email": user.email, "name": f"{user.first_name} {user.last_name}"}


def scim_json(user: User) -> dict:
    return {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": str(user.id),
            "userName": user.email, "name": {"givenName": user.first_name, "familyName": user.last_name},
            "active": user.status == "active"}


# --- REST (Basic auth: API key as the username, empty password) -----------------------------

rest = Blueprint("tiny_rest", __name__)


def rest_auth(req, tenants):
    auth = req.authorization
    if auth is not None and auth.type == "basic":
        tenant = tenants.find(api_key=auth.username)
        if tenant is not None:
            return tenant
    answer(json_response({"error": "Invalid API key"}, 401, {"WWW-Authenticate": 'Basic realm="tiny"'}))


def rest_error(req, code):
    return json_response({"error": f"HTTP {code}"}, code)


def over_limit(tenant, window_state):
    return json_response({"error": f"Rate limit exceeded ({window_state.window.name})"}, 429)


@rest.get("/api/users")
def list_users():
    users = g.tenant.state.users
    offset = int(request.args.get("offset", 0))
    return json_response({"total": len(users), "users": [user_json(u) for u in users.page(offset, 20)]})


@rest.get("/api/users/<int:user_id>")
def get_user(user_id: int):
    user = g.tenant.state.users.get(user_id)
    if user is None:
        return json_response({"error": "no such user"}, 404)
    return json_response(user_json(user))


@rest.post("/api/users")
def create_user():
    data = request.get_json(silent=True) or {}
    state = g.tenant.state
    user = state.users.insert(User(state.next_id("users"), str(data.get("email", "")),
                                   str(data.get("first_name", "")), str(data.get("last_name", "")),
                                   str(data.get("email", "")).split("@")[0], g.tenant.clock.now()))
    g.tenant.publish("user.created", id=user.id, email=user.email)
    return json_response(user_json(user), 201)


@rest.get("/api/people")
def people():
    return json_response({"error": "HTTP 404"}, 404)


# --- SCIM (Bearer token) --------------------------------------------------------------------

scim = Blueprint("tiny_scim", __name__)


def scim_auth(req, tenants):
    header = req.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        tenant = tenants.find(scim_token=header[7:])
        if tenant is not None:
            return tenant
    answer(json_response({"detail": "Unauthorized", "status": "401"}, 401))


@scim.get("/scim/v2/Users")
def scim_users():
    users = g.tenant.state.users
    count = int(request.args.get("count", 100))
    return json_response({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
                          "totalResults": len(users), "Resources": [scim_json(u) for u in users.page(0, count)]},
                         content_type="application/scim+json")


def surfaces() -> list[Surface]:
    return [Surface("rest", "/api", rest, rest_auth, rest_error, over_limit=over_limit),
            Surface("scim", "/scim/v2", scim, scim_auth, rest_error)]


# --- the rest of the descriptor -------------------------------------------------------------

def subscribe(tenant) -> None:
    def on_created(event) -> None:
        url = tenant.config.settings.get("webhook_url")
        if url:
            tenant.services.deliveries.enqueue(tenant=tenant.name, kind="webhook", url=url,
                                               body=json.dumps({"event": event.type, **event.data}),
                                               headers={"Content-Type": "application/json"})
    tenant.bus.subscribe("user.created", on_created)


def credentials(tenant, base_url: str) -> dict:
    return {"api_key": tenant.config.api_key, "basic_auth": [tenant.config.api_key, ""],
            "scim_token": tenant.config.scim_token, "example_path": "/api/users"}


def describe(state, key) -> dict:
    user = state.users.get(key)
    return {"Tiny REST": user_json(user), "SCIM": scim_json(user)}


def demo_tenants() -> list[TenantConfig]:
    return [TenantConfig(vendor="tiny", name="acme", api_key="ACMEKEY", scim_token="acme-scim-token",
                         plan="basic", sizes={"users": 30, "courses": 4}),
            TenantConfig(vendor="tiny", name="globex", api_key="GLOBEXKEY", scim_token="globex-scim-token",
                         plan="basic", sizes={"users": 5, "courses": 1})]


VENDOR = Vendor(
    name="tiny", title="Tiny LMS", default_port=8099, state_class=TinyState, surfaces=surfaces, seed=seed,
    demo_tenants=demo_tenants,
    plans={"basic": [Window("5s", 200, 5), Window("hour", 2000, 3600)]}, default_plan="basic",
    default_sizes={"users": 30, "courses": 4},
    hints=[Hint("GET", r"/api/people", "Tiny LMS has no /api/people; list users with GET /api/users")],
    subscribe=subscribe, credentials=credentials, describe=describe)
