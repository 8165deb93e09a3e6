"""SCIM values a vendor's own rows have no column for (``externalId``, an email's ``type``...), kept
beside those rows in ``state.meta`` (JSON, so export, snapshots and reset carry them), per resource.

A vendor profile uses this only for attributes the IdP expects back exactly as it sent them; the
vendor's docs name each one as an emulator assumption.
"""

from __future__ import annotations

from typing import Any

KEY = "scim_sidecar"


class Sidecar:
    def __init__(self, state: Any, resource_type: str) -> None:
        root = state.meta.setdefault(KEY, {})
        self.rows: dict[str, dict[str, Any]] = root.setdefault(resource_type, {})

    def get(self, resource_id: Any, key: str, default: Any = None) -> Any:
        return self.rows.get(str(resource_id), {}).get(key, default)

    def put(self, resource_id: Any, key: str, value: Any) -> None:
        row = self.rows.setdefault(str(resource_id), {})
        if value is None or value == "":
            row.pop(key, None)
            if not row:
                del self.rows[str(resource_id)]
        else:
            row[key] = value

    def drop(self, resource_id: Any) -> None:
        self.rows.pop(str(resource_id), None)

    def find(self, key: str, value: Any) -> list[str]:
        """Ids whose ``key`` equals ``value`` exactly (externalId is caseExact, RFC 7643 §3.1)."""
        return [rid for rid, row in self.rows.items() if row.get(key) == value]
