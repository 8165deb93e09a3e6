"""Every patch to Skilljar's document is needed: the unpatched document rejects the emulator there."""

from __future__ import annotations

from emulator.vendors.skilljar import DEMO_DOMAIN

from .calls import calls
from .spec import PATCHES, errors
from .table_calls import all_calls


def test_each_patch_is_needed_and_nothing_else_differs(http, server):
    state = server.emulator.tenants.get("demo").state
    complaints: dict[str, list[str]] = {}
    first = calls(state)
    for method, path, body, _status in first:
        r = getattr(http, method)(http.base + path, json=body)
        original = errors(r, "original")
        if original:
            complaints[f"{method} {path}"] = original
    server.emulator.reset()  # the rest of the document, on fresh seeded rows
    state = server.emulator.tenants.get("demo").state
    for method, path, body, _status in all_calls(state, DEMO_DOMAIN, first):
        r = getattr(http, method)(http.base + path, json=body)
        original = errors(r, "original")
        if original:
            complaints[f"{method} {path}"] = original
    # the progress lists' inner fields, seen through the document-shaped tenant (envelope switch)
    doc_state = server.emulator.tenants.get("doc").state
    uid = next(u.id for u in doc_state.users if doc_state.path_enrollments.where("user_id", u.id)
               and doc_state.plan_enrollments.where("user_id", u.id) and doc_state.enrollments.where("user_id", u.id))
    for suffix in ("published-courses", "published-path-enrollments", "plan-enrollments"):
        r = http.get(f"{http.base}/v1/users/{uid}/{suffix}", auth=("sk-live-document-shapes", ""))
        complaints[f"doc {suffix}"] = errors(r, "original")
    flat = " | ".join(f"{k} -> {v}" for k, v in complaints.items())
    for schema, prop, _change, _source in PATCHES:
        if prop is not None:
            assert f"{prop}: None" in flat or f"/{prop}: None" in flat, (schema, prop)
    # whole-shape patches: the users list is an envelope, the progress lists bare arrays
    users = next(v for k, v in complaints.items() if k == "get /v1/users")
    assert any("is not of type 'array'" in e for e in users)
    progress = next(v for k, v in complaints.items() if k.endswith("/published-courses"))
    assert any("is not of type 'object'" in e for e in progress)
    # nothing outside the patched properties and shapes
    allowed = {p for _s, p, _c, _src in PATCHES if p} | {"purchase"}
    for key, found in complaints.items():
        for message in found:
            where = message.split(":")[0]
            last = where.split("/")[-1]
            assert last in allowed or where in ("", "InvalidData") or "type '" in message, (key, message)
