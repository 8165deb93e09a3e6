"""``externalId`` for vendors whose own records have no such field: kept beside the vendor's rows in
``state.meta`` (JSON, so export, snapshots and reset carry it), with a reverse index for ``eq``."""

from __future__ import annotations

from typing import Any

KEY = "scim_external_ids"


class ExternalIds:
    def __init__(self, state: Any, resource_type: str) -> None:
        root = state.meta.setdefault(KEY, {})
        self.by_id: dict[str, str] = root.setdefault(resource_type, {})

    def get(self, resource_id: Any) -> str | None:
        return self.by_id.get(str(resource_id))

    def set(self, resource_id: Any, value: str | None) -> None:
        if value in (None, ""):
            self.by_id.pop(str(resource_id), None)
        else:
            self.by_id[str(resource_id)] = value

    def find(self, value: str) -> list[str]:
        """Ids whose externalId equals ``value`` (caseExact, as RFC 7643 §3.1 defines it)."""
        return [rid for rid, ext in self.by_id.items() if ext == value]
