"""The vendor registry: the only module that knows every vendor.

``INDEX`` names each vendor and its default port without importing it (importing a vendor pulls in
its whole surface, SCIM models included), so ``serve``'s parent process can plan ports and start the
servers at once; each server process imports only its own vendor. moto fixed the same cost with a
static backend index (moto #4207). Vendors not yet built are simply absent: their package does not
exist, and ``serve`` skips them.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.vendor import Vendor

#: name -> default port, in start order (checked against each descriptor by tests/test_registry.py)
INDEX = {"talentlms": 8001, "skilljar": 8002, "lessonly": 8003}
ORDER = tuple(INDEX)


def built() -> list[str]:
    """Names of the vendors whose package exists, without importing them."""
    return [name for name in INDEX if importlib.util.find_spec(f"{__name__}.{name}") is not None]


def default_port(name: str) -> int:
    return INDEX[name]


def _load(name: str) -> "Vendor | None":
    try:
        module = importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"{__name__}.{name}":
            return None  # not built yet
        raise
    return module.VENDOR


def available() -> dict[str, "Vendor"]:
    """name → Vendor descriptor, for every built vendor, in port order (imports them all)."""
    found = {}
    for name in built():
        vendor = _load(name)
        if vendor is not None:
            found[name] = vendor
    return found


def get(name: str) -> "Vendor":
    if name not in INDEX:
        raise KeyError(f"unknown vendor {name!r}; vendors: {list(INDEX)}")
    vendor = _load(name)
    if vendor is None:
        raise KeyError(f"vendor {name!r} is not built")
    return vendor
