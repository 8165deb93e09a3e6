"""Outgoing resources: meta (created, lastModified, location, version) and the matching ETag."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any


def iso(value: Any) -> Any:
    """Epoch seconds → RFC 3339 UTC ("2026-11-23T14:31:50Z"); strings pass through."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        stamp = datetime.fromtimestamp(value, UTC)
        return stamp.strftime("%Y-%m-%dT%H:%M:%S") + (f".{stamp.microsecond // 1000:03d}Z" if stamp.microsecond
                                                       else "Z")
    return value


def version(resource: dict) -> str:
    """A weak ETag over the resource's content (meta excluded), so it changes with every change."""
    content = {k: v for k, v in resource.items() if k != "meta"}
    digest = hashlib.sha1(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()[:20]
    return f'W/"{digest}"'


def with_meta(resource: dict, resource_type: str, location: str) -> dict:
    out = {k: v for k, v in resource.items() if k != "meta"}
    given = resource.get("meta") or {}
    meta: dict[str, Any] = {"resourceType": resource_type}
    if given.get("created") is not None:
        meta["created"] = iso(given["created"])
    if given.get("lastModified") is not None or given.get("created") is not None:
        meta["lastModified"] = iso(given.get("lastModified", given.get("created")))
    meta["location"] = location
    meta["version"] = version(resource)
    out["meta"] = meta
    return out


def strip_meta(resource: dict) -> dict:
    return {k: v for k, v in resource.items() if k != "meta"}
