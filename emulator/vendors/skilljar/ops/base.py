"""What every group of operations shares: the tenant, its state and clock, and the event bus."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from ....core.tenants import Tenant
    from ..store import SkilljarState

Row = TypeVar("Row")


class OpsBase:
    def __init__(self, tenant: Tenant) -> None:
        self.tenant = tenant
        self.state: SkilljarState = tenant.state  # type: ignore[assignment]

    def now(self) -> float:
        return self.tenant.clock.now()

    # the plain writes most resources need; an operation with more to it (events, cascades of its
    # own, derived fields) is a method of its resource group
    def change(self, table: str, row: Row, **changes: Any) -> Row:
        """Set fields of one row (the store keeps its indexes and unique keys)."""
        self.state.table(table).update(row, **changes)
        return row

    def remove(self, table: str, row: Any, children: tuple[tuple[str, str], ...] = ()) -> None:
        """Delete one row, after the rows of ``children`` (table, field holding this row's id) that
        point at it, as Django's ``on_delete=CASCADE`` does."""
        for child_table, field_name in children:
            rows = self.state.table(child_table)
            for child in rows.where(field_name, row.id):
                rows.delete(child)
                self.drop_records(child.id)
        self.state.table(table).delete(row)
        self.drop_records(row.id)

    def drop_records(self, owner_id: str) -> None:
        """The table-driven rows that belong to a row (``RecordOps`` deletes them)."""

    def publish(self, event_type: str, **data: Any) -> None:
        """One of Skilljar's webhook event types (``models.EVENT_TYPES``), with the ids involved."""
        self.tenant.publish(event_type, **data)
