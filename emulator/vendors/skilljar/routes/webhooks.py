"""Webhook management: CRUD with every field, ping, and the ten sample-event endpoints."""

from __future__ import annotations

from flask import Blueprint, Response, g, request

from ....core.waits import waits_outside
from .. import serialize
from ..effects import bodies, deliveries
from ..models import SAMPLE_SLUGS
from ..params.body import validated
from ..params.webhooks import hook_fields
from .common import found, ok, one_row, ops, paginate_list, route, state


def register(bp: Blueprint) -> None:
    @route(bp, "/v1/webhooks", ["GET", "POST"])
    @waits_outside  # a POST resolves its target_url's host (core/targets.py)
    def webhooks_list():
        st = state()
        if request.method == "POST":
            row = ops().create_webhook(**validated(hook_fields()))
            return ok(serialize.webhook(row), 201)
        return paginate_list(list(st.webhooks), serialize.webhook)

    for slug, event_type in SAMPLE_SLUGS.items():
        def sample(event_type: str = event_type):
            # {"results": [event]}: the latest real event of the type, or a generated one (SPEC).
            st = state()
            last = st.meta.get("last_events", {}).get(event_type)
            body = last or bodies.build(st, event_type, {}, g.tenant.clock.now())
            return ok({"results": [body]})

        sample.__name__ = "sample_" + slug.replace("-", "_")
        route(bp, f"/v1/webhooks/sample-{slug}", ["GET"])(sample)

    @route(bp, "/v1/webhooks/<b36:webhook_id>", ["GET", "PUT", "PATCH", "DELETE"])
    @waits_outside  # a PUT or PATCH resolves its target_url's host
    def webhook_detail(webhook_id: str):
        return one_row(found(state().webhooks.get(webhook_id)), serialize.webhook,
                       update=lambda row, patch: ops().update_webhook(row, **validated(hook_fields(patch),
                                                                                       partial=patch)),
                       delete=ops().delete_webhook)

    @route(bp, "/v1/webhooks/<b36:webhook_id>/ping", ["POST"])
    @waits_outside  # answers once the receiver has (or the timeout)
    def webhook_ping(webhook_id: str):
        row = state().webhooks.get(webhook_id)
        if row is None:  # SPEC: 404 "No response body"
            return Response(b"", status=404)
        return ok(deliveries.ping(g.tenant, row))
