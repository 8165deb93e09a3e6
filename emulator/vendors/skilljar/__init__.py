"""Skilljar: REST v1 (Django REST Framework) and outbound webhooks, on port 8002.

``surfaces()`` returns a list so the SCIM profile (``scim.py``, owned by the SCIM engineer) can append
its own surface; users, groups, memberships and ``active`` live in the shared store.
"""

from __future__ import annotations

from typing import Any

from ...config import TenantConfig, stable_token
from ...core.vendor import Hint, Surface, Switch, Vendor
from . import auth, errors, limits, routes, scim
from .control import make_control_blueprint
from .effects import subscribe
from .seed import DEFAULT_SIZES, seed
from .scim import SWITCHES as SCIM_SWITCHES
from .store import SkilljarState

DEMO_API_KEY = "sk-live-demo0skilljar0emulator0key"
DEMO_SCIM_TOKEN = "skilljar-scim-demo-token-0000000000000000"
DEMO_DOMAIN = "demo.skilljar.com"


def rest_surface() -> Surface:
    return Surface(name="rest", prefix="/", blueprint=routes.make_blueprint(), authenticate=auth.authenticate,
                   http_error=errors.http_error, over_limit=limits.over_limit,
                   before_auth=routes.trailing_slash, render_error=errors.render,
                   # DRF's APIView.dispatch authenticates and throttles before it looks for a handler
                   method_check_after_auth=True)


def surfaces() -> list[Surface]:
    return [rest_surface(), scim.surface()]


def demo_tenants() -> list[TenantConfig]:
    return [TenantConfig(vendor="skilljar", name="demo", api_key=DEMO_API_KEY, domain=DEMO_DOMAIN,
                         scim_token=DEMO_SCIM_TOKEN)]


def credentials(tenant, base_url: str) -> dict[str, Any]:
    key = tenant.config.api_key
    return {"api_key": key, "basic_auth": [key, ""], "domain": tenant.config.domain,
            "scim_token": tenant.config.scim_token, "base_url": base_url}


def new_tenant(name: str, data: dict) -> TenantConfig:
    values = {"api_key": "sk-live-" + stable_token("skilljar", name, "api_key", length=24),
              "scim_token": stable_token("skilljar", name, "scim_token"), "domain": f"{name}.skilljar.com"}
    values.update({k: v for k, v in data.items() if v is not None})
    return TenantConfig.from_dict({**values, "vendor": "skilljar", "name": name})


def describe(state: SkilljarState, key: str) -> dict[str, Any] | None:
    """One learner across the store (console): by id or email."""
    user = state.users.get(key) or state.users.by("email", key)
    if user is None:
        return None
    return {
        "id": user.id, "email": user.email, "name": f"{user.first_name} {user.last_name}".strip(),
        "inactive_at": user.inactive_at,
        "domains": {m.domain_name: m.active for m in state.domain_users.where("user_id", user.id)},
        "groups": [state.groups.get(m.group_id).name for m in state.group_members.where("user_id", user.id)
                   if state.groups.get(m.group_id)],
        "enrollments": len(state.enrollments.where("user_id", user.id)),
    }


SWITCHES = {
    "trailing_slash": Switch("both", "both: /v1/x and /v1/x/ served alike, no redirect (observed live); redirect: "
                             "slash-less paths answer 301 to the slashed form, query kept (the guide's warning); "
                             "strict: slash-less paths answer 404", ("both", "redirect", "strict")),
    "accept_token_schemes": Switch(False, "accept the API key as 'Bearer <key>' or 'Token <key>' (the guide's "
                                   "claim); live, a v1 key sent as a bearer token gets 401", (True, False)),
    "progress_list_shape": Switch("array", "array: /v1/users/{id}/published-courses, /published-path-enrollments "
                                  "and /plan-enrollments return a bare JSON array (observed live); envelope: the "
                                  "DRF page envelope Skilljar's YAML document declares", ("array", "envelope")),
    "users_pagination": Switch("page", "page: GET /v1/users always answers the page envelope with count (what "
                               "every observed client reads); cursor: without ?page=N it answers DRF cursor pages "
                               "{next, previous, results} as Skilljar's document describes", ("page", "cursor")),
    "lessons_require_course_id": Switch(False, "GET /v1/lessons without course_id: false lists every lesson (the "
                                        "parameter is not marked required); true answers 400 {\"course_id\": "
                                        "[\"This field is required.\"]} as the document's text says it is required",
                                        (True, False)),
    "progress_by_course": Switch(True, "GET /v1/users/{uid}/published-courses/{pcid} resolves by the underlying "
                                 "course, so another publication of the same course may answer (observed live)",
                                 (True, False)),
}

HINTS = [
    Hint("POST", r"/v1/users/?", "Skilljar has no POST /v1/users: create a user with POST "
         "/v1/domains/{domain_name}/users and body {\"user\": {\"email\": ...}}"),
    Hint("*", r"/v1/users/[^/]+/enrollments/?", "No /v1/users/{id}/enrollments in Skilljar: enroll with POST "
         "/v1/domains/{d}/published-courses/{pcid}/enrollments {\"user\": {\"id\": ...}}; read progress with GET "
         "/v1/users/{id}/published-courses"),
    Hint("*", r"/v1/users/[^/]*_[^/]*(/.*)?", "Skilljar ids are lowercase base-36 strings like 2v22kvbvb4c4o, "
         "not usr_...-prefixed"),
]

VENDOR = Vendor(
    name="skilljar",
    title="Skilljar",
    default_port=8002,
    state_class=SkilljarState,
    surfaces=surfaces,
    seed=seed,
    demo_tenants=demo_tenants,
    plans=limits.PLANS,
    default_plan=limits.DEFAULT_PLAN,
    default_sizes=dict(DEFAULT_SIZES),
    switches={**SWITCHES, **SCIM_SWITCHES},
    hints=HINTS,
    subscribe=subscribe,
    credentials=credentials,
    control_blueprint=make_control_blueprint,
    new_tenant=new_tenant,
    describe=describe,
    example_path="/v1/users",
)
