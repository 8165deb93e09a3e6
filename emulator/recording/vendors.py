"""What recording needs from each vendor: the host recordings are filed under, and which vendor a
recorded host belongs to. Read from each vendor's ``clone`` module (``RECORDED_HOST``)."""

from __future__ import annotations

import functools
import importlib
from types import ModuleType

from .. import vendors as registry


def clone_module(vendor: str) -> ModuleType:
    if vendor not in registry.built():
        raise ValueError(f"unknown vendor {vendor!r}; vendors: {registry.built()}")
    return importlib.import_module(f"{registry.__name__}.{vendor}.clone")


def recorded_host(vendor: str) -> str:
    """The placeholder host a vendor's recordings use (``demo.talentlms.com``): the real tenant's host
    is named in each interaction's ``source``, never in its URI."""
    return clone_module(vendor).RECORDED_HOST


@functools.lru_cache(maxsize=256)
def vendor_for_host(host: str) -> str | None:
    """The vendor a recorded host belongs to (asked once per interaction: cached, as the vendors
    present do not change while a process runs)."""
    host = host.split(":")[0].lower()
    for name in registry.built():
        suffix = recorded_host(name).split(".", 1)[1]  # demo.talentlms.com -> talentlms.com
        if host == suffix or host.endswith("." + suffix):
            return name
    return None
