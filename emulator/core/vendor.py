"""What a vendor package hands to core: a :class:`Vendor` descriptor and its :class:`Surface` s.

A surface is one API on the vendor's port (REST v1, SCIM...) with its own path prefix, auth,
error shapes and rate-limit policy. Core runs the same pipeline for each; the vendor supplies only
what differs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from flask import Blueprint, Request, Response

from ..config import TenantConfig
from .ratelimit import Window, WindowState
from .store import State

if TYPE_CHECKING:
    from .seeding import Seeder
    from .tenants import Tenant, Tenants


@dataclass(frozen=True)
class Switch:
    """A named, documented choice where sources disagree or a tenant setting changes behaviour."""

    default: Any
    doc: str
    choices: tuple | None = None  # allowed values, when the set is closed


@dataclass(frozen=True)
class Hint:
    """``X-Emulator-Hint`` for a request form a third-party guide describes but the vendor lacks."""

    method: str  # "*" for any
    pattern: str  # regex on the path (full match)
    text: str  # names the real route


@dataclass(frozen=True)
class ReplayPaths:
    """How replay (``emulator.cassettes``) compares the vendor's recorded requests, when its URLs are not
    plain REST (TalentLMS's ``/api/v1/<action>/key:value,...``). Plain-REST vendors leave it out."""

    hosts: tuple[str, ...]  # host suffixes of the real service ("talentlms.com" covers "demo.talentlms.com")
    #: the path part of a request → (canonical path, parameters the path carries), or None where the
    #: vendor's grammar does not apply (that request then compares as plain REST)
    split: Callable[[str], "tuple[str, dict[str, str]] | None"]
    #: a query, form or path parameter value as compared (e.g. base64 values decoded)
    value: Callable[[str, str], str] = lambda key, value: value


@dataclass
class Surface:
    name: str  # "rest", "scim"
    prefix: str  # path prefix that selects this surface, e.g. "/api/v1"
    blueprint: Blueprint
    #: finds the tenant from the request's credentials, or aborts with the vendor's 401/403
    authenticate: Callable[[Request, "Tenants"], "Tenant"]
    #: the vendor's answer for an HTTP error raised by routing (404 unknown path, 405...)
    http_error: Callable[[Request, int], Response]
    #: the vendor's answer when a rate window is exhausted
    over_limit: Callable[["Tenant", WindowState], Response] | None = None
    #: does this request count against the tenant's rate limits?
    counted: Callable[[Request], bool] = lambda request: True
    #: a request that must be refused before routing (e.g. TalentLMS JSON bodies), or None
    precheck: Callable[[Request, "Tenant"], Response | None] | None = None
    #: an answer the vendor's framework gives before authentication and rate limits, or None (e.g.
    #: Django's APPEND_SLASH redirect); gets every tenant, since the request has none yet
    before_auth: Callable[[Request, "Tenants"], Response | None] | None = None
    #: a known path with a method it does not serve: 405 before authentication (Rails, Flask), or
    #: only after authentication and throttling, as Django REST framework's views check it
    method_check_after_auth: bool = False
    #: turns the vendor's own error family (a :class:`core.errors.VendorError` subclass raised anywhere
    #: below a route) into the vendor's answer; the one place per surface where errors become responses
    render_error: Callable[[Request, Exception], Response] | None = None
    #: the headers an answer replayed from the answer memo (core/memo.py) must carry afresh, given the
    #: request's environ and the kept headers (e.g. Lessonly's X-Request-Id and X-Runtime); None: none
    fresh_headers: Callable[[dict, list], list] | None = None


@dataclass
class Vendor:
    name: str
    title: str
    default_port: int
    state_class: type[State]
    surfaces: Callable[[], list[Surface]]
    seed: Callable[[State, "Seeder", dict[str, int], TenantConfig], None]
    demo_tenants: Callable[[], list[TenantConfig]]
    #: plan name -> rate windows; "unlimited" is always available and has none
    plans: dict[str, list[Window]]
    default_plan: str
    default_sizes: dict[str, int] = field(default_factory=dict)
    switches: dict[str, Switch] = field(default_factory=dict)
    hints: list[Hint] = field(default_factory=list)
    #: called once per tenant: subscribe effects (timeline, webhooks...) to its event bus
    subscribe: Callable[["Tenant"], None] | None = None
    #: public credentials of a tenant as the vendor's clients need them (for listings and the console)
    credentials: Callable[["Tenant", str], dict[str, Any]] | None = None
    #: extra control routes under /_emulator/<vendor>/ (trigger events, complete assignments...)
    control_blueprint: Callable[[], Blueprint] | None = None
    #: a default tenant config filled in for a new tenant (credentials generated etc.)
    new_tenant: Callable[[str, dict], TenantConfig] | None = None
    #: surface name -> its operations ("METHOD /path" relative to the surface prefix), for a surface
    #: whose one route dispatches many operations (emulator.coverage reads the url_map otherwise);
    #: None for the url_map
    operations: Callable[[str], "set[str] | None"] | None = None
    #: summary of a user for the console's "one user, every surface" view: (state, key) -> dict
    describe: Callable[..., Any] | None = None
    #: tenant config keys only this vendor reads (strings), beyond the common ones of
    #: :class:`~emulator.config.TenantConfig`; read as attributes (``tenant.config.date_format``)
    tenant_keys: tuple[str, ...] = ()
    #: tenant config keys that are credentials (also accepted as tenant keys): a config that leaves
    #: them out gets them from ``new_tenant``, like api_key, domain and scim_token
    credential_keys: tuple[str, ...] = ()
    #: a cheap read-only REST call the console's copy-and-run snippets show
    example_path: str = "/api/v1/users"
    #: how replay compares this vendor's recorded requests, when its URLs are not plain REST
    replay_paths: ReplayPaths | None = None
    #: the allowed values of the vendor's own tenant keys (TalentLMS's ``date_format``...), checked at load
    config_choices: dict[str, tuple] = field(default_factory=dict)

    @property
    def config_keys(self) -> tuple[str, ...]:
        """Every vendor-only tenant config key (credentials included), in declaration order."""
        return self.credential_keys + tuple(k for k in self.tenant_keys if k not in self.credential_keys)
