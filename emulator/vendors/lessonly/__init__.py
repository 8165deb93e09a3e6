"""Lessonly (Seismic Learning): REST API v1 and v1.1 on port 8003.

Sources: Lessonly's own API docs (shared/vendors/lessonly-api-docs, "DOCS"), the 2016 recordings in
stevegrossi/lessonly-elixir ("VCR"), and the dossier shared/vendors/lessonly.md. See docs/lessonly.md
for every behaviour with its source, confidence and switch.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

from ...config import TenantConfig, stable_token
from ...core.vendor import Hint, Surface, Switch, Vendor
from . import auth, effects, errors, limits, routes, scim, seed
from .control import make_control_blueprint
from .store import LessonlyState

#: the documented demo company (README, docs/lessonly.md)
DEMO_SUBDOMAIN = "demo"
DEMO_API_KEY = "lessonly-demo-api-key-0123456789abcdef"
#: scim_rails' api_token is a JWT {iat, subdomain}; usable as Basic password or Bearer token
DEMO_SCIM_TOKEN = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3NjcyMjU2MDAsInN1YmRvbWFpbiI6ImRlbW8ifQ."
                   "yvvzQ1ZjT1MAA9UEwj0h8gKd9efYog6yID6LV50NznI")

SWITCHES = {
    "over_limit_status": Switch(403, "Status when the 500/minute limit is hit: 403 as DOCS _rates.md says "
                                     "('403 Forbidden (Rate Limit Exceeded)'), or 429 for clients written "
                                     "from the Stitchflow guide.", (403, 429)),
    "error_body": Switch("error", "Error body shape (undocumented, an assumption): 'error' = {\"error\": msg} "
                                  "(dossier recommendation); 'rails' = {\"status\": N, \"error\": reason}, "
                                  "what a stock Rails API renders.", ("error", "rails")),
    "duplicate_email_status": Switch(400, "Status for a create/update with a taken email (undocumented; "
                                          "400 per the dossier, DOCS' errors table has no 409/422).",
                                     (400, 409, 422)),
    "guide_group_ids": Switch(False, "Apply the Stitchflow guide's group_ids on user create/update as a "
                                     "full replacement of memberships (and echo group_ids). Off: ignored, "
                                     "as Rails ignores unknown keys.", (False, True)),
    "require_role": Switch(True, "Refuse a user create without role or role_id with 400 'Role can't be "
                                 "blank' (DOCS create table: one of them is required); off: learner, the "
                                 "third-party guide's default.", (False, True)),
    "shareable_only_public": Switch(False, "Leave links.shareable out of content that is not public (one "
                                           "DOCS lesson-list item reads so); off: always present, as 15 of "
                                           "DOCS' 16 links objects show, 9 on public=false content.",
                                    (False, True)),
    "user_assignment_item_type": Switch(False, "Put \"type\":\"Assignment\" inside each user-assignment item "
                                               "(DOCS sample); off as in the 2016 recording.", (False, True)),
    "webhook_retry_seconds": Switch(300.0, "Interval between the lesson-completed webhook's retries (3 "
                                           "retries; the real interval is 5 minutes)."),
}

HINTS = [
    Hint("*", r"/(users|groups|lessons|courses|paths|tags|assignments|company_settings|ping)(/.*)?",
         "Lessonly's REST API lives under /api/v1 (and /api/v1.1): e.g. GET /api/v1/users"),
]


def surfaces() -> list[Surface]:
    """A list, so the SCIM profile can append its own surface."""
    return [Surface(
        name="rest",
        prefix="/api",
        blueprint=routes.make_blueprint(),
        authenticate=auth.authenticate,
        http_error=errors.http_error,
        over_limit=limits.over_limit,
        precheck=routes.precheck,
        render_error=errors.render_error,
        fresh_headers=routes.fresh_headers,
    ), scim.surface()]


def demo_tenants() -> list[TenantConfig]:
    return [TenantConfig(vendor="lessonly", name="demo", subdomain=DEMO_SUBDOMAIN, api_key=DEMO_API_KEY,
                         scim_token=DEMO_SCIM_TOKEN, domain=f"{DEMO_SUBDOMAIN}.lessonly.com")]


def credentials(tenant, base_url: str) -> dict:
    config = tenant.config
    return {"subdomain": config.subdomain, "api_key": config.api_key,
            "basic_auth": [config.subdomain, config.api_key], "scim_token": config.scim_token,
            "base_url": f"{base_url}/api/v1" if base_url else "/api/v1"}


def new_tenant(name: str, data: dict) -> TenantConfig:
    values = {"subdomain": name, "api_key": stable_token("lessonly", name, "api_key"),
              **{k: v for k, v in data.items() if v is not None}, "vendor": "lessonly", "name": name}
    values.setdefault("domain", f"{values['subdomain']}.lessonly.com")
    values.setdefault("scim_token", scim_jwt(values["subdomain"], stable_token("lessonly", name, "jwt")))
    return TenantConfig.from_dict(values)


def scim_jwt(subdomain: str, signing_key: str) -> str:
    """A SCIM token shaped as scim_rails expects (an HS256 JWT whose ``subdomain`` claim names the
    company), so the Bearer form works for generated companies as it does for the demo one."""
    def part(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    head = part(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    body = part(json.dumps({"iat": 1767225600, "subdomain": subdomain}, separators=(",", ":")).encode())
    signature = hmac.new(signing_key.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{part(signature)}"


VENDOR = Vendor(
    name="lessonly",
    title="Lessonly (Seismic Learning)",
    default_port=8003,
    state_class=LessonlyState,
    surfaces=surfaces,
    seed=seed.seed,
    demo_tenants=demo_tenants,
    plans=limits.PLANS,
    default_plan=limits.DEFAULT_PLAN,
    default_sizes=dict(seed.DEFAULT_SIZES),
    switches={**SWITCHES, **scim.SWITCHES},
    hints=HINTS,
    subscribe=effects.subscribe,
    credentials=credentials,
    control_blueprint=make_control_blueprint,
    new_tenant=new_tenant,
    credential_keys=("subdomain",),
)
