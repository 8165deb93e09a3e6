"""Lessonly's rate limit: 500 requests per minute per company (DOCS ``_rates.md``), and its answer when
the window is spent: ``403 {"error": "Forbidden (Rate Limit Exceeded)"}`` by default, 429 with the
``over_limit_status`` switch."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Response

from ...core.ratelimit import Window, WindowState
from .errors import error_response

if TYPE_CHECKING:
    from ...core.tenants import Tenant

PLANS = {"standard": [Window("minute", 500, 60)]}  # DOCS _rates.md: 500 requests per minute
DEFAULT_PLAN = "standard"
RATE_LIMITED = "Forbidden (Rate Limit Exceeded)"  # DOCS _rates.md wording


def over_limit(tenant: "Tenant", window: WindowState) -> Response:
    return error_response(tenant.switch("over_limit_status"), RATE_LIMITED, tenant)
