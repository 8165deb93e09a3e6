"""What a vendor hands to the SCIM engine: a :class:`ScimProfile` (data plus small hooks) and, per
resource type, a :class:`ResourceStore` over the vendor's own state (so REST and SCIM share it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from .schema import ResourceSchema

if TYPE_CHECKING:
    from flask import Request, Response
    from scim2_models.path import FilterNode

    from ..tenants import Tenant, Tenants


class ResourceStore(Protocol):
    """One resource type of one tenant, as canonical SCIM dicts.

    Resources carry ``id`` (a string, or whatever JSON type the vendor uses) and may carry
    ``meta.created`` / ``meta.lastModified`` as epoch seconds (the engine formats them and adds
    ``resourceType``, ``location`` and ``version``). Every write may raise
    :class:`~emulator.core.scim.errors.ScimError` (e.g. 409 ``uniqueness``).
    """

    def total(self) -> int: ...

    def page(self, offset: int, count: int) -> list[dict]:
        """Resources at positions [offset, offset+count) in the listing order; O(count)."""

    def scan(self) -> Iterable[dict]:
        """Every resource, in listing order (used for filters no index can answer)."""

    def lookup(self, attribute: str, value: Any) -> list[dict] | None:
        """Resources whose ``attribute`` ("userName", "emails.value"...) equals ``value``, from an
        index; None when this attribute has no index (the engine then scans)."""

    def get(self, resource_id: str) -> dict | None: ...

    def create(self, resource: dict) -> dict: ...

    def replace(self, resource_id: str, resource: dict) -> dict: ...

    def delete(self, resource_id: str) -> None:
        """What the vendor does on DELETE (remove, or deactivate)."""

    # Optional, for fast pages: a store may also offer
    #   page_versions(offset, count) -> list[(version_key, row)]  -- the rows ``page`` would give,
    #       each with a hashable key that changes whenever that row's SCIM view would change
    #       (``Table.stamp`` of every row the view reads, plus anything else it reads);
    #   view(row) -> dict  -- that row's SCIM view, as ``page`` gives it.
    # The engine then renders a row once per version key instead of once per request.


@dataclass
class ResourceConfig:
    name: str  # "User"
    endpoint: str  # "/Users"
    schema: ResourceSchema
    store: Callable[[Tenant], ResourceStore]
    description: str = ""
    #: HTTP methods served on the collection and on one resource; anything else is routed as 405
    collection_methods: tuple[str, ...] = ("GET", "POST")
    item_methods: tuple[str, ...] = ("GET", "PUT", "PATCH", "DELETE")
    #: POST {endpoint}/.search (RFC 7644 §3.4.3)
    search: bool = True


@dataclass
class Hooks:
    """Where a vendor deviates from the RFC, it replaces one step; None keeps the engine's."""

    #: filter text → filter tree (raise ScimError to refuse); default: the full RFC grammar
    parse_filter: Callable[[str, ResourceConfig], FilterNode] | None = None
    #: (args, tenant) → (startIndex, count); default: RFC (below 1 → 1, negative count → 0, capped)
    paging: Callable[[Any, Tenant], tuple[int, int]] | None = None
    #: POST body → response (a vendor's own create, e.g. Lessonly's upsert by email)
    create: Callable[[Context, Any], Response] | None = None
    #: PUT body → response
    replace: Callable[[Context, str, Any], Response] | None = None
    #: PATCH body → response (e.g. Lessonly's active-only PATCH)
    patch: Callable[[Context, str, Any], Response] | None = None
    #: a request body that is not JSON, or not a JSON content type → response (or raise ScimError)
    unparsable_body: Callable[[Context, str], Any] | None = None
    #: the 404 answer for an unknown id
    not_found: Callable[[Context, str], Response] | None = None
    #: a check before any handler (e.g. TalentLMS: SSO not configured); returns a response or None
    precheck: Callable[[Request, Tenant], Response | None] | None = None


@dataclass
class ScimProfile:
    vendor: str
    prefix: str  # "/scim/v2"
    resources: list[ResourceConfig]
    #: finds the tenant from the request (abort with the vendor's 401 via ScimError or http.answer)
    authenticate: Callable[[Request, Tenants], Tenant]
    discovery: bool = True
    #: meta (created, lastModified, location, version) and the ETag header
    meta: bool = True
    location_header: bool = True
    #: honour attributes / excludedAttributes (RFC 7644 §3.4.2.5)
    projection: bool = True
    content_type: str = "application/scim+json"
    default_count: int = 100
    max_results: int | None = 1000  # None: no cap
    #: ListResponse.itemsPerPage: "returned" (RFC: the number on this page) or "requested"
    items_per_page: str = "returned"
    #: ListResponse key order
    list_keys: tuple[str, ...] = ("schemas", "totalResults", "startIndex", "itemsPerPage", "Resources")
    bool_strings: bool = True  # accept "True"/"False" for booleans (Entra)
    patch_supported: bool = True
    etag: bool = True
    documentation_uri: str | None = None
    auth_schemes: list[dict] = field(default_factory=lambda: [{
        "type": "oauthbearertoken", "name": "OAuth Bearer Token",
        "description": "Authentication with the SCIM bearer token of the tenant.", "primary": True}])
    #: the answer for an unknown path or method (default: a SCIM Error with 404/405)
    http_error: Callable[[Request, int], Response] | None = None
    hooks: Hooks = field(default_factory=Hooks)
    #: called with (tenant, resource type name, action, resource) after each successful write
    on_write: Callable[[Tenant, str, str, dict], None] | None = None

    def resource(self, name: str) -> ResourceConfig:
        for config in self.resources:
            if config.name == name:
                return config
        raise KeyError(name)


@dataclass
class Context:
    """What a hook gets: the profile, the resource type, the tenant and its store."""

    profile: ScimProfile
    config: ResourceConfig
    tenant: Tenant
    store: ResourceStore
    base_url: str  # e.g. http://host:port/scim/v2

    def location(self, resource_id: Any) -> str:
        return f"{self.base_url}{self.config.endpoint}/{resource_id}"
