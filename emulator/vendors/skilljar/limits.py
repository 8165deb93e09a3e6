"""Skilljar's rate plans and DRF's throttled answer."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from flask import Response

from ...core.ratelimit import Window
from .errors import detail

if TYPE_CHECKING:
    from ...core.ratelimit import WindowState
    from ...core.tenants import Tenant

# YEXT: "Burst rates up to 600 API calls/minute; Hourly rate up to 5,000 API calls/hour."
PLANS = {"standard": [Window("minute", 600, 60), Window("hour", 5000, 3600)]}
DEFAULT_PLAN = "standard"


def throttled(wait: int) -> Response:
    unit = "second" if wait == 1 else "seconds"
    return detail(429, f"Request was throttled. Expected available in {wait} {unit}.", {"Retry-After": str(wait)})


def over_limit(tenant: Tenant, window: WindowState) -> Response:
    wait = max(1, math.ceil(window.reset_at - tenant.clock.now()))
    return throttled(wait)
