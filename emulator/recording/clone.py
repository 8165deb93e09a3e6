"""A tenant's state built from the objects seen in recorded responses.

Each vendor's mapping is its ``emulator/vendors/<v>/clone.py`` (``clone(interactions, as_of)``);
this module finds the recordings of each vendor in a folder, builds the state and installs it in a
tenant as the state its resets return to (``serve --from-recordings``, ``POST /_emulator/clone``,
the plugin's ``--lms-emulator-from-recordings``).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from ..cassettes import CassetteError, Interaction, load_cassette
from .vendors import clone_module, vendor_for_host

if TYPE_CHECKING:
    from ..core.tenants import Tenant


def clone_state(vendor: str, interactions: list[Interaction], as_of: str = "end") -> tuple[dict, list[str]]:
    """``as_of="end"``: the tenant as last seen (serve); ``"start"``: before the recorded requests (drift)."""
    return clone_module(vendor).clone(interactions, as_of)


def recordings_by_vendor(*paths: str | Path) -> dict[str, list[Interaction]]:
    """Every interaction of the cassettes in ``paths`` (files, or folders searched recursively, in name
    order), by vendor: told by the recorded host, else by the cassette's folder name."""
    from .. import vendors as registry

    files: list[Path] = []
    for item in map(Path, paths):
        if not item.exists():
            raise CassetteError(f"no such cassette file or directory: {item}")
        files.extend(sorted(item.rglob("*.yaml")) if item.is_dir() else [item])
    if not files:
        raise CassetteError(f"no cassettes found in {[str(p) for p in paths]}")
    out: dict[str, list[Interaction]] = defaultdict(list)
    built = set(registry.built())
    for file in files:
        for interaction in load_cassette(file).interactions:
            vendor = vendor_for_host(interaction.request.host) or (
                interaction.vendor if interaction.vendor in built else None)
            if vendor is not None:
                out[vendor].append(interaction)
    return dict(out)


def install(tenant: "Tenant", export: dict) -> None:
    """Import ``export`` into ``tenant`` and make it what the tenant's resets return to (until a reseed)."""
    tenant.import_(export)
    with tenant._admin:  # the seeded baseline is replaced by the clone
        tenant._baseline = tenant.state.dumps_chunks()
        tenant._spare = None


def clone_into(tenant: "Tenant", *paths: str | Path) -> list[str]:
    """Clone ``tenant`` from the recordings of its vendor in ``paths``; the clone's report."""
    vendor = tenant.vendor.name
    interactions = recordings_by_vendor(*paths).get(vendor)
    if not interactions:
        raise CassetteError(f"no {vendor} recordings in {[str(p) for p in paths]}")
    export, report = clone_state(vendor, interactions, as_of="end")
    install(tenant, export)
    return report
