"""The vendor registry: the only module that knows every vendor.

Vendors not yet built are simply absent (their package does not exist), and ``serve`` skips them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.vendor import Vendor

ORDER = ("talentlms", "skilljar", "lessonly")


def _load(name: str) -> "Vendor | None":
    try:
        module = importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"{__name__}.{name}":
            return None  # not built yet
        raise
    return module.VENDOR


def available() -> dict[str, "Vendor"]:
    """name → Vendor descriptor, for every vendor whose package exists, in port order."""
    found = {}
    for name in ORDER:
        vendor = _load(name)
        if vendor is not None:
            found[name] = vendor
    return found


def get(name: str) -> "Vendor":
    vendor = available().get(name)
    if vendor is None:
        raise KeyError(f"unknown or unbuilt vendor {name!r}; available: {list(available())}")
    return vendor
