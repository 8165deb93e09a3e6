"""Rate limits: the plan's hourly budget plus 200 calls per 5 s (seed 004 p.10; v6.7 plan table).

The v1 over-limit answer is recorded nowhere. Default (dossier §2.4 recommendation): HTTP 429 with
the error envelope, type ``api_error``, the text TalentLMS's v2 documentation gives its 429, and no
rate-limit headers (v1 has none). Switches: ``over_limit_status``, ``over_limit_headers``.
"""

from __future__ import annotations

import math

from flask import Response

from ...core.ratelimit import Window, WindowState
from ...core.tenants import Tenant
from . import errors as E

BURST = Window("5s", 200, 5)


def plan(hourly: int) -> list[Window]:
    return [Window("hour", hourly, 3600), BURST]


PLANS = {
    # doc v6.7 (ihealth-zhihao/TalentLMSproject:TalentLMS-API-Documentation.pdf)
    "core": plan(2000), "grow": plan(10000), "pro": plan(10000), "starter": plan(2000),
    "basic": plan(2000), "plus": plan(10000), "premium": plan(10000),
    # doc v6.0 (seed 004 p.10) names that v6.7 dropped
    "free": plan(50), "small": plan(2000),
}
DEFAULT_PLAN = "core"


def over_limit(tenant: Tenant, exhausted: WindowState) -> Response:
    headers = {}
    if tenant.switch("over_limit_headers"):
        headers = {"X-RateLimit-Limit": str(exhausted.window.limit), "X-RateLimit-Remaining": "0",
                   "X-RateLimit-Reset": str(int(exhausted.reset_at)),
                   "Retry-After": str(max(1, math.ceil(exhausted.reset_at - tenant.clock.now())))}
    return E.error_response(E.RATE_LIMITED[0], int(tenant.switch("over_limit_status")), E.API_ERROR, headers)
