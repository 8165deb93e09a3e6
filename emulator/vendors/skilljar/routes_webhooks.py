"""Webhook management: CRUD with every field, ping, and the ten sample-event endpoints."""

from __future__ import annotations

from flask import Blueprint, g, request

from . import events, serialize, webhooks
from .fields import URL, Bool, Char, Choice, DictOf
from .models import Webhook
from .web import found, no_content, ok, ops, paginate_list, route, state, validated


def hook_fields() -> dict:
    return {
        "target_url": URL(required=True, max_length=1024, allow_blank=False),
        "active": Bool(default=True, has_default=True),
        "event_type": Choice(events.EVENT_TYPES, allow_null=True),
        "basic_auth_username": Char(),
        "basic_auth_password": Char(),
        "additional_headers": DictOf(),
    }


def register(bp: Blueprint) -> None:
    @route(bp, "/v1/webhooks", ["GET", "POST"])
    def webhooks_list():
        st = state()
        if request.method == "POST":
            data = validated(hook_fields())
            row = st.webhooks.insert(Webhook(id=st.new_id(), created_at=ops().now(), **data))
            return ok(serialize.webhook(row), 201)
        return paginate_list(list(st.webhooks), serialize.webhook)

    for slug, event_type in events.SAMPLE_SLUGS.items():
        def sample(event_type: str = event_type):
            # {"results": [event]}: the latest real event of the type, or a generated one (SPEC).
            st = state()
            last = st.meta.get("last_events", {}).get(event_type)
            body = last or events.build(st, event_type, {}, g.tenant.clock.now())
            return ok({"results": [body]})

        sample.__name__ = "sample_" + slug.replace("-", "_")
        route(bp, f"/v1/webhooks/sample-{slug}", ["GET"])(sample)

    @route(bp, "/v1/webhooks/<b36:webhook_id>", ["GET", "PUT", "PATCH", "DELETE"])
    def webhook_detail(webhook_id: str):
        st = state()
        row = found(st.webhooks.get(webhook_id))
        if request.method == "DELETE":
            st.webhooks.delete(row)
            return no_content()
        if request.method in ("PUT", "PATCH"):
            fields = hook_fields()
            if request.method == "PATCH":
                fields["active"] = Bool()
            data = validated(fields, partial=request.method == "PATCH")
            if data.get("active") is True:
                data["deactivate_reason"] = None  # reactivating clears the reason (assumption)
            st.webhooks.update(row, **data)
        return ok(serialize.webhook(row))

    @route(bp, "/v1/webhooks/<b36:webhook_id>/ping", ["POST"])
    def webhook_ping(webhook_id: str):
        row = state().webhooks.get(webhook_id)
        if row is None:  # SPEC: 404 "No response body"
            from flask import Response

            return Response(b"", status=404)
        return ok(webhooks.ping(g.tenant, row))
