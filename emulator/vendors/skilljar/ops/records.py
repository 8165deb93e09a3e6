"""The table-driven resources' plain writes: create, change and delete a :class:`..models.Record`,
deleting what belongs to it (Django's ``on_delete=CASCADE``), and the hooks by which a resource group
with semantics of its own (lessons, ILT, commerce, access codes) reacts to a write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..models import Record
from .base import OpsBase

#: kind -> what happens after a row of that kind is written: hook(ops, row, action, before) with
#: action "create", "update" or "delete" and ``before`` the row's data before the write
HOOKS: dict[str, list[Callable[..., None]]] = {}


def on(*kinds: str) -> Callable:
    def register(hook: Callable[..., None]) -> Callable[..., None]:
        for kind in kinds:
            HOOKS.setdefault(kind, []).append(hook)
        return hook

    return register


class RecordOps(OpsBase):
    def create_record(self, kind: str, scope: str, data: dict[str, Any], ancestors: list[str] = (),
                      key: str | None = None, record_id: str | None = None) -> Record:
        st = self.state
        new_id = record_id or st.new_id()
        row = st.records.insert(Record(id=new_id, kind=kind, scope=scope, key=key or new_id, data=dict(data),
                                       ancestors=list(dict.fromkeys(ancestors)), created_at=self.now()))
        self._after(row, "create", {})
        return row

    def update_record(self, row: Record, changes: dict[str, Any], ancestors: list[str] | None = None) -> Record:
        before = dict(row.data)
        fields: dict[str, Any] = {"data": {**row.data, **changes}}
        if ancestors is not None:
            fields["ancestors"] = list(dict.fromkeys(ancestors))
        self.state.records.update(row, **fields)
        self._after(row, "update", before)
        return row

    def delete_record(self, row: Record) -> None:
        self.drop_records(row.id)
        self.state.records.delete(row)
        self._after(row, "delete", row.data)

    def drop_records(self, owner_id: str) -> None:
        """Every table-driven row that belongs to ``owner_id``, and theirs in turn."""
        rows = self.state.records
        for child in list(rows.where("ancestors", owner_id)):
            if child.id in rows:
                self.drop_records(child.id)
                rows.delete(child)
                self._after(child, "delete", child.data)

    def _after(self, row: Record, action: str, before: dict[str, Any]) -> None:
        for hook in HOOKS.get(row.kind, ()):
            hook(self, row, action, before)
