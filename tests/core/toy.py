"""A toy vendor for testing core alone: one table, Basic auth with an API key, one list and one get route."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, g, request

from emulator.config import TenantConfig
from emulator.core.http import answer, json_response
from emulator.core.ratelimit import Window
from emulator.core.store import State, TableSpec
from emulator.core.vendor import Hint, Surface, Switch, Vendor


@dataclass
class Person:
    id: int
    email: str
    name: str
    team: str
    created: float


class ToyState(State):
    tables = {"people": TableSpec(Person, unique={"email": str.lower}, multi={"team": str})}


def seed(state, seeder, sizes, config):
    for i in range(1, sizes["people"] + 1):
        first, last, _login, email = seeder.person(i)
        state.people.insert(Person(state.next_id("people"), email, f"{first} {last}",
                                   seeder.rng.choice(["red", "blue"]), seeder.past()))


def authenticate(req, tenants):
    auth = req.authorization
    tenant = tenants.find(api_key=auth.username) if auth and auth.type == "basic" else None
    if tenant is None:
        answer(json_response({"error": "bad key"}, 401))
    return tenant


def person_json(p: Person) -> dict:
    return {"id": p.id, "email": p.email, "name": p.name, "team": p.team}


def blueprint() -> Blueprint:
    bp = Blueprint("toy", __name__, url_prefix="/toy")

    @bp.get("/people")
    def people():
        offset = request.args.get("offset", 0, type=int)
        return json_response([person_json(p) for p in g.tenant.state.people.page(offset, 10)])

    @bp.get("/people/<int:pid>")
    def person(pid: int):
        p = g.tenant.state.people.get(pid)
        if p is None:
            return json_response({"error": "no such person"}, 404)
        return json_response(person_json(p))

    @bp.post("/people")
    def create():
        state = g.tenant.state
        email = request.form.get("email", "")
        if not email:
            return json_response({"error": "email required"}, 400)
        if state.people.by("email", email):
            return json_response({"error": "duplicate"}, 400)
        p = state.people.insert(Person(state.next_id("people"), email, request.form.get("name", ""), "red",
                                       g.tenant.clock.now()))
        g.tenant.publish("person.created", id=p.id, email=p.email)
        return json_response(person_json(p), 201)

    @bp.get("/old-people")
    def old_people():
        return json_response({"error": "gone"}, 404)

    return bp


def surfaces():
    return [Surface("rest", "/toy", blueprint(), authenticate,
                    http_error=lambda req, code: json_response({"error": f"http {code}"}, code),
                    over_limit=lambda tenant, w: json_response({"error": "slow down", "window": w.window.name}, 429),
                    counted=lambda req: not req.path.endswith("/free"))]


def demo_tenants():
    return [TenantConfig(vendor="toy", name="demo", api_key="toykey", scim_token="toyscim")]


TOY = Vendor(
    name="toy", title="Toy", default_port=9999, state_class=ToyState, surfaces=surfaces, seed=seed,
    demo_tenants=demo_tenants, plans={"small": [Window("minute", 5, 60), Window("5s", 3, 5)]},
    default_plan="small", default_sizes={"people": 25},
    switches={"mode": Switch("a", "a toy switch", ("a", "b"))},
    hints=[Hint("GET", r"/toy/old-people", "GET /toy/people is the real route")],
    credentials=lambda tenant, base: {"api_key": tenant.config.api_key,
                                      "basic_auth": [tenant.config.api_key, ""],
                                      "scim_token": tenant.config.scim_token},
)
