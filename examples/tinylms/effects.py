"""Event subscribers: a webhook to the tenant's ``settings.webhook_url`` when a user is created."""

from __future__ import annotations

import json


def subscribe(tenant) -> None:
    def on_created(event) -> None:
        url = tenant.config.settings.get("webhook_url")
        if url:
            tenant.services.deliveries.enqueue(tenant=tenant.name, kind="webhook", url=url,
                                               body=json.dumps({"event": event.type, **event.data}),
                                               headers={"Content-Type": "application/json"})

    tenant.bus.subscribe("user.created", on_created)
