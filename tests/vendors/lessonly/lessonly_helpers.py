"""Helpers shared by the Lessonly tests (a unique module name, so vendors' test dirs never collide)."""

from __future__ import annotations

import base64


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
