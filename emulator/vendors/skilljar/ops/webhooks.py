"""Webhook subscriptions: create, change, delete, and deactivation after failed deliveries."""

from __future__ import annotations

from typing import Any

from ..models import Webhook
from .base import OpsBase


class WebhookOps(OpsBase):
    def create_webhook(self, **fields: Any) -> Webhook:
        return self.state.webhooks.insert(Webhook(id=self.state.new_id(), created_at=self.now(), **fields))

    def update_webhook(self, hook: Webhook, **changes: Any) -> Webhook:
        if changes.get("active") is True:
            changes["deactivate_reason"] = None  # reactivating clears the reason (assumption)
        return self.change("webhooks", hook, **changes)

    def delete_webhook(self, hook: Webhook) -> None:
        self.remove("webhooks", hook)

    def deactivate_hook(self, hook_id: str, reason: str) -> None:
        hook = self.state.webhooks.get(hook_id)
        if hook is not None and hook.active:
            self.state.webhooks.update(hook, active=False, deactivate_reason=reason)
