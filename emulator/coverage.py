"""Documented operations against emulated ones, per vendor and surface (`lms-emulator coverage`).

*Documented* comes from each vendor package's ``documented.json``: facts derived from the vendor's own
documents by ``tools/documented.py`` (Skilljar's OpenAPI document, the TalentLMS v6.0 action list,
Lessonly's API docs, the SCIM RFC 7644 endpoints as each vendor offers them), kept beside the code so the
package never needs ``../shared`` at run time; a test regenerates it and compares.
*Emulated* comes from the vendor app's own route table (``url_map``), or from the vendor's
``Vendor.operations`` hook where one route dispatches many operations (TalentLMS's action table).

An operation is ``"METHOD /path"``, the path relative to its surface's prefix, with every path
parameter written ``{}`` and no trailing slash; ``ANY`` stands for an operation taken on any method.
An operation the vendor documents but the emulator leaves out on purpose is listed in
``documented.json``'s ``absent`` with its reason; one not built yet, in ``pending`` with its issue.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

    from .core.vendor import Vendor

_PARAM = re.compile(r"<(?:[^:<>]+:)?[^<>]+>|\{[^{}]+\}|(?<=/):[A-Za-z_]+")
_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def operation(method: str, path: str) -> str:
    """The canonical form of an operation: ``GET /v1/users/{}``."""
    path = _PARAM.sub("{}", path.split("?", 1)[0])
    path = "/" + path.strip("/")
    return f"{method.upper()} {path}"


def relative(path: str, prefix: str) -> str:
    prefix = "/" + prefix.strip("/")
    if prefix != "/" and (path == prefix or path.startswith(prefix + "/")):
        path = path[len(prefix):]
    return path or "/"


@dataclass
class SurfaceCoverage:
    vendor: str
    surface: str
    prefix: str
    documented: list[str]
    emulated: set[str]
    absent: dict[str, str] = field(default_factory=dict)
    pending: dict[str, str] = field(default_factory=dict)

    @property
    def covered(self) -> list[str]:
        return [op for op in self.documented if op in self.emulated]

    @property
    def missing(self) -> list[str]:
        """Documented, not emulated, and not deliberately absent."""
        return [op for op in self.documented if op not in self.emulated and op not in self.absent]

    @property
    def unlisted(self) -> list[str]:
        """Missing and not even listed as pending: what the coverage test refuses."""
        return [op for op in self.missing if op not in self.pending]

    @property
    def extra(self) -> list[str]:
        """Emulated but not in the vendor's documents (observed-live forms, guide forms answered as the
        vendor would)."""
        known = set(self.documented)
        return sorted(op for op in self.emulated if op not in known)

    @property
    def percent(self) -> float:
        wanted = [op for op in self.documented if op not in self.absent]
        return 100.0 if not wanted else 100.0 * sum(op in self.emulated for op in wanted) / len(wanted)


def documented(vendor: "Vendor") -> dict:
    """The vendor package's ``documented.json`` ({} when it has none)."""
    from . import vendors as registry

    package = resources.files(f"{registry.__name__}.{vendor.name}")
    source = package / "documented.json"
    if not source.is_file():
        return {}
    return json.loads(source.read_text(encoding="utf-8"))


def routed(app: "Flask", prefix: str) -> set[str]:
    """Every (method, rule) the app routes under ``prefix``, as operations relative to it."""
    prefix = "/" + prefix.strip("/")
    found = set()
    for rule in app.url_map.iter_rules():
        path = rule.rule
        if path.startswith("/_emulator") or rule.endpoint == "static":
            continue
        if prefix != "/" and not (path == prefix or path.startswith(prefix + "/")):
            continue
        for method in rule.methods or ():
            if method in _METHODS:
                found.add(operation(method, relative(path, prefix)))
    return found


def vendor_coverage(vendor: "Vendor", app: "Flask") -> list[SurfaceCoverage]:
    table = documented(vendor)
    surfaces = sorted(vendor.surfaces(), key=lambda s: len(s.prefix), reverse=True)
    rows = []
    for surface in vendor.surfaces():
        facts = table.get("surfaces", {}).get(surface.name)
        if facts is None:
            continue
        hooked = vendor.operations(surface.name) if vendor.operations else None
        if hooked is not None:
            emulated = {operation(*op.split(" ", 1)) for op in hooked}
        else:
            # a path under a longer prefix belongs to that other surface
            others = [s.prefix for s in surfaces if len(s.prefix) > len(surface.prefix)]
            emulated = {op for op in routed(app, surface.prefix)
                        if not any(_under(surface.prefix, op, other) for other in others)}
        rows.append(SurfaceCoverage(
            vendor=vendor.name, surface=surface.name, prefix=surface.prefix,
            documented=[operation(*op.split(" ", 1)) for op in facts["operations"]],
            emulated=emulated, absent=facts.get("absent", {}), pending=facts.get("pending", {})))
    return rows


def _under(prefix: str, op: str, other: str) -> bool:
    full = "/" + prefix.strip("/") + op.split(" ", 1)[1]
    full = "/" + full.strip("/")
    other = "/" + other.strip("/")
    return full == other or full.startswith(other + "/")


def report(names: list[str] | None = None) -> list[SurfaceCoverage]:
    """Coverage of every built vendor (or of ``names``), each from a fresh in-process app."""
    from . import vendors as registry
    from .config import Config
    from .core.emulator import Emulator

    rows = []
    for name in names or registry.built():
        vendor = registry.get(name)
        emulator = Emulator(vendor, Config())
        rows.extend(vendor_coverage(vendor, emulator.app))
        emulator.close()
    return rows


def render_text(rows: list[SurfaceCoverage], verbose: bool = False) -> str:
    lines = [f"{'vendor':<10} {'surface':<8} {'documented':>10} {'emulated':>9} {'absent':>7} {'missing':>8} "
             f"{'coverage':>9}"]
    for row in rows:
        lines.append(f"{row.vendor:<10} {row.surface:<8} {len(row.documented):>10} {len(row.covered):>9} "
                     f"{len(row.absent):>7} {len(row.missing):>8} {row.percent:>8.1f}%")
        if verbose:
            for op in row.missing:
                why = row.pending.get(op, "not listed")
                lines.append(f"    missing  {_full(row, op)}  ({why})")
            for op, reason in row.absent.items():
                lines.append(f"    absent   {_full(row, op)}  ({reason})")
            for op in row.extra:
                lines.append(f"    extra    {_full(row, op)}")
    return "\n".join(lines)


def _full(row: SurfaceCoverage, op: str) -> str:
    method, path = op.split(" ", 1)
    prefix = "/" + row.prefix.strip("/")
    return f"{method} {(prefix.rstrip('/') + path) if path != '/' else prefix}"


def render_markdown(rows: list[SurfaceCoverage]) -> str:
    lines = ["| vendor | surface | documented | emulated | deliberately absent | missing | coverage |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for row in rows:
        lines.append(f"| {row.vendor} | {row.surface} | {len(row.documented)} | {len(row.covered)} | "
                     f"{len(row.absent)} | {len(row.missing)} | {row.percent:.1f}% |")
    return "\n".join(lines)
