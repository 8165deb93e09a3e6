"""Plans (rate windows per plan) and the answer when a window is exhausted."""

from __future__ import annotations

from emulator.core.http import json_response
from emulator.core.ratelimit import Window

PLANS = {"basic": [Window("5s", 200, 5), Window("hour", 2000, 3600)]}
DEFAULT_PLAN = "basic"


def over_limit(tenant, window_state):
    return json_response({"error": f"Rate limit exceeded ({window_state.window.name})"}, 429)
