"""Outgoing answers: SCIM JSON responses, and resources' meta (created, lastModified, location, version)
with the matching ETag."""

from __future__ import annotations

import hashlib
import json
import time
from functools import lru_cache
from typing import Any

from flask import Response

SCIM_JSON = "application/scim+json"


def scim_json(payload: object, status: int = 200, content_type: str = SCIM_JSON,
              headers: dict[str, str] | None = None) -> Response:
    """A SCIM answer: compact JSON in the key order given, ``application/scim+json``."""
    body = b"" if payload is None else json.dumps(payload, separators=(",", ":")).encode()
    response = Response(body, status=status, content_type=content_type)
    if headers:
        response.headers.update(headers)
    return response


def iso(value: Any) -> Any:
    """Epoch seconds → RFC 3339 UTC ("2026-11-23T14:31:50Z", with milliseconds when there are any)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _iso(float(value))
    return value


@lru_cache(maxsize=65536)  # the same users' timestamps are formatted on every page
def _iso(value: float) -> str:
    whole = int(value // 1)
    t = time.gmtime(whole)
    millis = int((value - whole) * 1000)
    base = f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}T{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}"
    return f"{base}.{millis:03d}Z" if millis else base + "Z"


def version(resource: dict) -> str:
    """A weak ETag over the resource's content (meta excluded), so it changes with every change.

    Stores build their dicts in a fixed key order, so ``repr`` is a stable fingerprint, and far
    cheaper than canonical JSON on a 100-row page."""
    content = [(k, v) for k, v in resource.items() if k != "meta"]
    digest = hashlib.blake2b(repr(content).encode(), digest_size=10).hexdigest()
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
