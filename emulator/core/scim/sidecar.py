"""SCIM values a vendor's own rows have no column for (``externalId``, an email's ``type``...), kept
beside those rows in ``state.meta`` (JSON, so export, snapshots and reset carry them), per resource.

A vendor profile uses this only for attributes the IdP expects back exactly as it sent them; the
vendor's docs name each one as an emulator assumption.
"""

from __future__ import annotations

from typing import Any

KEY = "scim_sidecar"
_EMPTY: dict[str, Any] = {}


class Sidecar:
    def __init__(self, state: Any, resource_type: str) -> None:
        self.meta = state.meta
        self.resource_type = resource_type

    @property
    def rows(self) -> dict[str, dict[str, Any]]:
        """This resource type's rows; reading never writes (a GET must leave the state as it was)."""
        return self.meta.get(KEY, {}).get(self.resource_type, {})

    def _writable(self) -> dict[str, dict[str, Any]]:
        return self.meta.setdefault(KEY, {}).setdefault(self.resource_type, {})

    def row(self, resource_id: Any) -> dict[str, Any]:
        """Every kept value of one resource (read-only: do not mutate)."""
        return self.rows.get(str(resource_id), _EMPTY)

    def get(self, resource_id: Any, key: str, default: Any = None) -> Any:
        return self.rows.get(str(resource_id), {}).get(key, default)

    def put(self, resource_id: Any, key: str, value: Any) -> None:
        if (value is None or value == "") and str(resource_id) not in self.rows:
            return
        rows = self._writable()
        row = rows.setdefault(str(resource_id), {})
        if value is None or value == "":
            row.pop(key, None)
            if not row:
                del rows[str(resource_id)]
        else:
            row[key] = value
        self._touched(resource_id)

    def drop(self, resource_id: Any) -> None:
        if str(resource_id) in self.rows:
            del self._writable()[str(resource_id)]
            self._touched(resource_id)

    def _touched(self, resource_id: Any) -> None:
        """Tell a persisted tenant's meta which entry changed (core.persist; plain dicts have no touch)."""
        touch = getattr(self.meta, "touch", None)
        if touch is not None:
            touch(KEY, self.resource_type, str(resource_id))

    def find(self, key: str, value: Any) -> list[str]:
        """Ids whose ``key`` equals ``value`` exactly (externalId is caseExact, RFC 7643 §3.1)."""
        return [rid for rid, row in self.rows.items() if row.get(key) == value]
