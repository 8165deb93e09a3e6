"""Skilljar's effects: the tenant's domain events (Skilljar's own webhook event types, published by
:mod:`..ops`) become webhook deliveries (:mod:`.deliveries`) with bodies built from the tenant's rows
(:mod:`.bodies`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import EVENT_TYPES
from .deliveries import emit

if TYPE_CHECKING:
    from ....core.events import Event
    from ....core.tenants import Tenant


def subscribe(tenant: Tenant) -> None:
    def on_event(event: Event) -> None:
        if event.type in EVENT_TYPES:
            emit(tenant, event.type, event.data, event.time)

    tenant.bus.subscribe("*", on_event)
