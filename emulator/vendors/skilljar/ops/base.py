"""What every group of operations shares: the tenant, its state and clock, and the event bus."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ....core.tenants import Tenant
    from ..store import SkilljarState


class OpsBase:
    def __init__(self, tenant: Tenant) -> None:
        self.tenant = tenant
        self.state: SkilljarState = tenant.state  # type: ignore[assignment]

    def now(self) -> float:
        return self.tenant.clock.now()

    def publish(self, event_type: str, **data: Any) -> None:
        """One of Skilljar's webhook event types (``models.EVENT_TYPES``), with the ids involved."""
        self.tenant.publish(event_type, **data)
