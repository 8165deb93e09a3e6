"""TalentLMS REST API v1 (and, later, its SCIM surface): the vendor descriptor the registry loads.

Sources: the official API documentation v6.0 (seed 004), the dossier /shared/vendors/talentlms.md,
and docs/talentlms.md, which lists every behaviour with its source, confidence and switch.
"""

from __future__ import annotations

from typing import Any

from ...config import TenantConfig, stable_token
from ...core.vendor import Hint, Surface, Switch, Vendor
from . import auth, control, effects, errors, limits, pages, routes, scim
from .params.colon import REPLAY_PATHS
from .scim import SWITCHES as SCIM_SWITCHES
from .seed import DEFAULT_SIZES, seed
from .serialize.base import DATE_FORMATS
from .store import TalentState

DEMO_API_KEY = "DEMOtalentlmsKEY0123456789abcd"  # 30 characters, as real keys (talentlms-wordpress Utils.php)
DEMO_DOMAIN = "demo.talentlms.com"
DEMO_SCIM_TOKEN = "demo-talentlms-scim-token-0123456789abcdef"

SWITCHES = {
    "json_bodies": Switch("usersignup_only", "JSON request bodies: parsed on usersignup only, 400 'Invalid "
                          "arguments provided' elsewhere (clintmasden readme); 'accept' everywhere; 'refuse' "
                          "everywhere (Stitchflow's claim)", ("usersignup_only", "accept", "refuse")),
    "over_limit_status": Switch(429, "HTTP status when a rate window is exhausted (v1 unrecorded; v2 uses 429)",
                                (429, 403, 503)),
    "over_limit_headers": Switch(False, "add X-RateLimit-Limit/Remaining/Reset and Retry-After to the "
                                 "over-limit answer (v1 sends no such headers)", (False, True)),
    "unknown_action_status": Switch(404, "status of 'The requested API action does not exist' (unrecorded)",
                                    (404, 400)),
    "signup_status": Switch("active", "status of a user created by usersignup (depends on the domain's "
                            "signup/verification settings: ib1984 saw 'inactive')", ("active", "inactive")),
    "strong_passwords": Switch(False, "the domain enforces strong passwords (usersignup/edituser refuse weak "
                               "ones)", (False, True)),
    "logout_requires_session": Switch(True, "userlogout fails unless the user opened a session with a login "
                                      "key (clintmasden test: 'you need to actually log in')", (True, False)),
    "unit_progress_single": Switch("object", "getusersprogressinunits with user_id: one object (two live "
                                   "sources) or the doc's one-element array", ("object", "array")),
    "price_format": Switch("entity", "prices as '&#36;0.00' (real samples) or the doc's '$0'", ("entity", "doc")),
    "empty_keyed_object": Switch("array", "an empty id-keyed answer (getusersbycustomfield, "
                                 "categoryleafsandcourses) as PHP's json_encode prints it, [], or {}",
                                 ("array", "object")),
    "group_course_enrolls_members": Switch(False, "addcoursetogroup also enrols the group's current members "
                                           "(an ib1984 observer says it does not)", (False, True)),
    "auth_password": Switch("ignored", "the Basic-auth password: ignored, or must be empty",
                            ("ignored", "must_be_empty")),
    "other_methods": Switch("as_get", "PUT/PATCH/DELETE (and any verb v1 does not document) on an action: "
                            "'as_get' = served like a body-less GET, as a PHP dispatcher that reads the URL "
                            "and ignores the verb does (v1 takes GET and POST alike on every action); "
                            "'405' = refused with 405 and Allow: GET, HEAD, POST, as a front server limiting "
                            "verbs would (no source observes either)", ("as_get", "405")),
    "check_host": Switch(False, "the Host header must also be the tenant's domain (or domain map)", (False, True)),
}

_USER_ID = r"/api/v1/users/\d+/?"
HINTS = [
    Hint("PUT", _USER_ID, "TalentLMS v1 has no PUT: update with POST /api/v1/edituser (user_id=N, fields...) "
                          "or GET /api/v1/usersetstatus/user_id:N,status:inactive"),
    Hint("PATCH", _USER_ID, "TalentLMS v1 has no PATCH: use POST /api/v1/edituser with user_id=N"),
    Hint("DELETE", _USER_ID, "TalentLMS v1 has no DELETE: use POST /api/v1/deleteuser with user_id=N "
                             "(soft delete; permanent=yes for real)"),
    Hint("GET", _USER_ID, "a user is read with GET /api/v1/users/id:N"),
    Hint("POST", r"/api/v1/users/?", "TalentLMS creates users with POST /api/v1/usersignup; POST /users is "
                                     "the users lookup/list"),
]


def surfaces() -> list[Surface]:
    """REST v1, the browser pages login keys lead to, and SCIM."""
    return [
        Surface(name="rest", prefix="/api/v1", blueprint=routes.make_blueprint(), authenticate=auth.authenticate,
                http_error=routes.http_error, over_limit=limits.over_limit, counted=routes.counted,
                precheck=routes.precheck, render_error=errors.render_error),
        Surface(name="web", prefix="/index", blueprint=pages.make_blueprint(), authenticate=pages.authenticate,
                http_error=pages.http_error, render_error=pages.render_error),
        scim.surface(),
    ]


def demo_tenants() -> list[TenantConfig]:
    return [TenantConfig(vendor="talentlms", name="demo", api_key=DEMO_API_KEY, domain=DEMO_DOMAIN,
                         scim_token=DEMO_SCIM_TOKEN, plan=limits.DEFAULT_PLAN, date_format="DDMMYYYY")]


def credentials(tenant, base_url: str) -> dict[str, Any]:
    cfg = tenant.config
    return {
        "api_key": cfg.api_key,
        "domain": cfg.domain,
        "basic_auth": [cfg.api_key, ""],
        "scim_token": cfg.scim_token,
        "scim_base_url": base_url + scim.prefix(),  # the path is configurable (LMS_EMULATOR_TALENTLMS_SCIM_PATH)
    }


def new_tenant(name: str, data: dict) -> TenantConfig:
    digest = stable_token("talentlms", name, length=64)
    values = {"vendor": "talentlms", "name": name, "api_key": digest[:30],
              "domain": f"{name}.talentlms.com", "scim_token": "scim-" + digest[30:62],
              "plan": limits.DEFAULT_PLAN, "date_format": "DDMMYYYY"}
    values.update({k: v for k, v in (data or {}).items() if v is not None})
    values["vendor"] = "talentlms"
    return TenantConfig.from_dict(values)


VENDOR = Vendor(
    name="talentlms",
    title="TalentLMS",
    default_port=8001,
    state_class=TalentState,
    surfaces=surfaces,
    seed=seed,
    demo_tenants=demo_tenants,
    plans=limits.PLANS,
    default_plan=limits.DEFAULT_PLAN,
    default_sizes=dict(DEFAULT_SIZES),
    switches={**SWITCHES, **SCIM_SWITCHES},
    hints=HINTS,
    subscribe=effects.subscribe,
    credentials=credentials,
    new_tenant=new_tenant,
    control_blueprint=control.make_control_blueprint,
    describe=control.describe,
    operations=routes.operations,
    config_choices={"date_format": tuple(DATE_FORMATS)},
    tenant_keys=("date_format",),
    example_path="/api/v1/siteinfo",
    replay_paths=REPLAY_PATHS,
)
