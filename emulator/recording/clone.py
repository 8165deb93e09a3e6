"""A tenant's state built from the objects seen in recorded responses (each vendor's mapping is its
``emulator/vendors/<v>/clone.py``): ``clone_state(vendor, interactions) -> (export, report)``."""

from __future__ import annotations

from ..cassettes import Interaction
from .vendors import clone_module


def clone_state(vendor: str, interactions: list[Interaction], as_of: str = "end") -> tuple[dict, list[str]]:
    """``as_of="end"``: the tenant as last seen (serve); ``"start"``: before the recorded requests (drift)."""
    return clone_module(vendor).clone(interactions, as_of)
