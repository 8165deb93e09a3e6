"""Lessonly's SCIM 2.0 API: Lessonly's own ``scim_rails`` engine (lessonly/scim_rails v0.5.1, "SCIM"),
reproduced deviations included, on the shared engine (emulator/core/scim) and the REST store.

Every behaviour below is from the dossier (shared/vendors/lessonly.md §3), which read the gem's
controllers, models and specs. Where the real engine answers 500 (bad paging values, a PATCH operation
without ``op``, a malformed JSON body), the default here is a 4xx naming the problem, and the
``scim_unhandled_500`` switch reproduces the 500. docs/scim.md lists each behaviour with its source.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import re
from typing import TYPE_CHECKING, Any

from flask import Request, Response

from ...core.scim import (
    USER,
    Context,
    Hooks,
    ResourceConfig,
    ResourceSchema,
    ScimError,
    ScimProfile,
    make_surface,
    pruned,
    scim_json,
)
from ...core.scim.engine import one
from ...core.vendor import Surface, Switch
from . import ops
from .auth import basic_credentials
from .models import User
from .store import ROLE_IDS, user_by_email
from .params import ruby_int

if TYPE_CHECKING:
    from scim2_models.path import Comparison
    from ...core.tenants import Tenant, Tenants

PREFIX = "/scim/v2"
#: Rails appends the charset to the engine's application/scim+json (SCIM response.rb; dossier §3)
CONTENT_TYPE = "application/scim+json; charset=utf-8"
AUTH_FAILURE = "Authorization failure. The authorization header is invalid or missing."
INVALID_FILTER = ("The specified filter syntax was invalid, or the specified attribute and filter comparison "
                  "combination is not supported.")
INVALID_PATCH = ("Invalid PATCH request. This PATCH endpoint only supports deprovisioning and "
                 "reprovisioning records.")
#: scim_rails' template queryable_user_attributes: filter attribute → the SCIM path it reads
QUERYABLE = {"userName": ("userName", None), "givenName": ("name", "givenName"),
             "familyName": ("name", "familyName"), "email": ("emails", "value")}
ACTIVE_VALUES = {True: True, "true": True, False: False, "false": False}  # 1 and 0 hash as True/False
NEW_USER_ROLE = "learner"  # SCIM-created users: the REST default role (assumption; no source names one)

SWITCHES = {
    "scim_prevent_update_on_create": Switch(
        False, "scim_rails' scim_user_prevent_update_on_create: off (Lessonly's default since commit "
               "1762c0d) a POST for a taken email updates that user and answers 201; on, it is a 409 "
               "'Validation failed: Email has already been taken'.", (False, True)),
    "scim_unhandled_500": Switch(
        False, "Reproduce scim_rails' production 500s ({\"schemas\":[Error],\"status\":\"500\"}, no detail) "
               "for a startIndex/count that is not a positive integer, a PATCH operation without 'op', "
               "and a malformed JSON body. Off: a 400/422 naming the problem.", (False, True)),
}

SCHEMA = ResourceSchema(
    pruned(USER, {"userName": None, "name": ["givenName", "familyName"], "emails": ["value"], "active": None},
           description="User (scim_rails template user_schema)"),
    external_id=False,
)


# --- representation ------------------------------------------------------------------------------

def split_name(full: str) -> tuple[str, str]:
    """REST keeps one ``name``; SCIM shows it as given + family split at the first space (assumption:
    Lessonly's production attribute mapping is not public)."""
    given, _, family = (full or "").strip().partition(" ")
    return given, family.strip()


def to_scim(user: User) -> dict:
    given, family = split_name(user.name)
    return {"schemas": [USER], "id": user.id, "userName": user.email,
            "name": {"givenName": given, "familyName": family}, "emails": [{"value": user.email}],
            "active": user.archived_at is None}


class UserStore:
    """scim_rails over the REST store: a company's users, ordered by id."""

    def __init__(self, tenant: "Tenant") -> None:
        self.tenant = tenant
        self.table = tenant.state.users

    def total(self) -> int:
        return len(self.table)

    def page(self, offset: int, count: int) -> list[dict]:
        return [to_scim(u) for u in self.table.page(offset, count)]

    def page_versions(self, offset: int, count: int) -> list[tuple[Any, User]]:
        """The view reads the user row only."""
        return self.table.stamped_page(offset, count)

    def view(self, user: User) -> dict:
        return to_scim(user)

    def scan(self):
        return (to_scim(u) for u in self.table)

    def lookup(self, attribute: str, value: Any) -> list[dict] | None:
        if attribute in ("userName", "emails.value"):
            user = user_by_email(self.tenant.state, value)
            return [to_scim(user)] if user else []
        return None

    def user(self, resource_id: str) -> User | None:
        return self.table.get(int(resource_id)) if re.fullmatch(r"[0-9]{1,18}", resource_id) else None

    def get(self, resource_id: str) -> dict | None:
        user = self.user(resource_id)
        return to_scim(user) if user else None

    def create(self, resource: dict) -> dict:  # the profile's create hook does the work
        raise ScimError(501, "Not implemented.")

    def replace(self, resource_id: str, resource: dict) -> dict:
        raise ScimError(501, "Not implemented.")

    def delete(self, resource_id: str) -> None:
        raise ScimError(404)


# --- auth ----------------------------------------------------------------------------------------

def _jwt_subdomain(token: str) -> str | None:
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested too deep
        return None
    subdomain = payload.get("subdomain") if isinstance(payload, dict) else None
    return subdomain if isinstance(subdomain, str) else None


def authenticate(req: Request, tenants: "Tenants") -> "Tenant":
    """SCIM authorize_api_request: a header containing "Bearer" → the text after its last space is a JWT
    whose ``subdomain`` picks the company, and it must equal that company's token; otherwise Basic
    subdomain:token. Every failure is the same 401 (no WWW-Authenticate)."""
    header = req.headers.get("Authorization", "")
    if "Bearer" in header:
        token = header.rsplit(" ", 1)[-1]
        subdomain = _jwt_subdomain(token)
    else:
        creds = basic_credentials(req)
        subdomain, token = creds if creds else (None, "")
    if subdomain:
        for tenant in tenants:
            config = tenant.config
            if (config.subdomain or "") == subdomain and config.scim_enabled and config.scim_token and \
                    hmac.compare_digest(config.scim_token.encode(), token.encode()):
                return tenant
    raise ScimError(401, AUTH_FAILURE)


# --- deviations ----------------------------------------------------------------------------------

def unhandled(tenant: "Tenant", fallback: ScimError) -> ScimError:
    """scim_rails' production answer to an exception it does not handle, or the switch-off fallback."""
    if tenant.switch("scim_unhandled_500"):
        return ScimError(500, body={"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "500"})
    return fallback


def parse_filter(text: str, _config: ResourceConfig) -> Comparison:
    """SCIM scim_query_parser: split on spaces; attribute must be queryable; operator exactly ``eq``; the
    value is the rest joined by single spaces with every double quote removed."""
    from scim2_models.path import AttrPath, CompareOperator, Comparison  # lazily: keeps start-up fast

    tokens = text.split()
    if len(tokens) < 2 or tokens[0] not in QUERYABLE or tokens[1] != "eq":
        raise ScimError(400, INVALID_FILTER, "invalidFilter")
    attr, sub = QUERYABLE[tokens[0]]
    return Comparison(AttrPath(attr, sub), CompareOperator.eq, " ".join(tokens[2:]).replace('"', ""))


def paging(args: Any, tenant: "Tenant") -> tuple[int, int]:
    """SCIM scim_count: startIndex default 1 ("0" → 1), count default 100 with no cap; anything not
    /\\A\\d+\\z/ (and count 0) raises in the real engine (a 500)."""
    def number(name: str, default: int) -> int:
        raw = args.get(name)
        if raw is None:
            return default
        if not re.fullmatch(r"[0-9]+", str(raw)) or (name == "count" and ruby_int(str(raw)) == 0):
            raise unhandled(tenant, ScimError(400, f"{name} must be a positive integer.", "invalidValue"))
        return ruby_int(str(raw))  # Ruby's \d is ASCII; past 18 digits a Bignum beyond every row
    return max(1, number("startIndex", 1)), number("count", 100)


def unparsable_body(ctx: Context, why: str) -> dict:
    """Another content type: Rails does not parse it, so the params are simply missing (a POST then fails
    validation with 422). Malformed JSON: Rails' parse error reaches the engine's catch-all (500)."""
    if why == "content-type":
        return {}
    raise unhandled(ctx.tenant, ScimError(400, "The request body is not valid JSON.", "invalidSyntax"))


def _dig_email(body: dict) -> Any:
    emails = body.get("emails")
    if isinstance(emails, list) and emails and isinstance(emails[0], dict):
        return emails[0].get("value")
    return None


def _mutable(body: Any) -> dict:
    """The schema paths the template reads: name.givenName, name.familyName, emails[0].value
    (userName is not read; unknown attributes are ignored)."""
    body = body if isinstance(body, dict) else {}
    name = body.get("name") if isinstance(body.get("name"), dict) else {}
    return {"first": name.get("givenName"), "last": name.get("familyName"), "email": _dig_email(body)}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _validate(ctx: Context, values: dict, user: User | None) -> dict:
    """Rails validations of the template User model, in its order; full messages joined by ", "."""
    errors = []
    if _blank(values["first"]):
        errors.append("First name can't be blank")
    if _blank(values["last"]):
        errors.append("Last name can't be blank")
    if _blank(values["email"]):
        errors.append("Email can't be blank")
    elif not isinstance(values["email"], str):
        errors.append("Email is invalid")
    else:
        owner = user_by_email(ctx.tenant.state, values["email"])
        if owner is not None and (user is None or owner.id != user.id):
            errors.append("Email has already been taken")
    if errors:
        message = "Validation failed: " + ", ".join(errors)
        status = 409 if "has already been taken" in message else 422  # exception_handler.rb
        raise ScimError(status, message)
    return {"name": f"{str(values['first']).strip()} {str(values['last']).strip()}",
            "email": values["email"].strip()}


def _apply_active(ctx: Context, user: User, value: Any) -> None:
    if isinstance(value, bool) or value in ("true", "false") or (isinstance(value, int) and value in (0, 1)):
        active = ACTIVE_VALUES[value]
        (ops.restore_user if active else ops.archive_user)(ctx.tenant, user)
        return
    raise ScimError(422, "Record invalid")  # RecordInvalid raised with no record


def create(ctx: Context, body: Any) -> Response:
    """POST /Users: find by emails[0].value or create, then update (201 either way); strict mode 409s."""
    values = _mutable(body)
    email = values["email"] if isinstance(values["email"], str) else None
    existing = user_by_email(ctx.tenant.state, email) if email else None
    if existing is not None and ctx.tenant.switch("scim_prevent_update_on_create"):
        raise ScimError(409, "Validation failed: Email has already been taken")
    fields = _validate(ctx, values, existing)
    if existing is None:
        user = ops.create_user(ctx.tenant, {**fields, "role": NEW_USER_ROLE, "role_id": ROLE_IDS[NEW_USER_ROLE]})
    else:
        user = ops.update_user(ctx.tenant, existing, fields)
    if isinstance(body, dict) and body.get("active") is not None:
        _apply_active(ctx, user, body["active"])
    return one(ctx, to_scim(user), 201, attributes=[], excluded=[])


def replace(ctx: Context, resource_id: str, body: Any) -> Response:
    """PUT /Users/:id: ``active`` first (not in one transaction with the rest), then a full replacement."""
    user = ctx.store.user(resource_id)  # type: ignore[attr-defined]
    if user is None:
        raise ScimError(404, f"Resource {resource_id} not found.")
    if isinstance(body, dict) and body.get("active") is not None:  # ASSUMPTION: null counts as absent
        _apply_active(ctx, user, body["active"])
    fields = _validate(ctx, _mutable(body), user)
    ops.update_user(ctx.tenant, user, fields)
    return one(ctx, to_scim(user), attributes=[], excluded=[])


def patch(ctx: Context, resource_id: str, body: Any) -> Response:
    """PATCH /Users/:id: only the first operation whose ``value`` is an object with a JSON-boolean
    ``active`` counts (archive or restore); everything else is the 422 'Invalid PATCH request'."""
    user = ctx.store.user(resource_id)  # type: ignore[attr-defined]
    if user is None:
        raise ScimError(404, f"Resource {resource_id} not found.")
    invalid = ScimError(422, INVALID_PATCH)
    operations = body.get("Operations") if isinstance(body, dict) else None
    if not isinstance(operations, list):
        raise invalid
    for operation in operations:
        if not isinstance(operation, dict) or not isinstance(operation.get("op"), str):
            raise unhandled(ctx.tenant, invalid)  # nil.casecmp → NoMethodError in Ruby
        value = operation.get("value")
        if isinstance(value, dict) and isinstance(value.get("active"), bool):
            (ops.restore_user if value["active"] else ops.archive_user)(ctx.tenant, user)
            return one(ctx, to_scim(user), attributes=[], excluded=[])
    raise invalid


RAILS_404 = ("<!DOCTYPE html>\n<html>\n<head>\n  <title>The page you were looking for doesn't exist (404)</title>\n"
             "</head>\n<body>\n  <div class=\"dialog\">\n    <h1>The page you were looking for doesn't exist.</h1>\n"
             "    <p>You may have mistyped the address or the page may have moved.</p>\n  </div>\n</body>\n</html>\n")


def http_error(req: Request, code: int) -> Response:
    """Paths scim_rails does not route (Groups, discovery, DELETE...) reach Rails' own 404, which is not
    a SCIM body: JSON {"status":404,"error":"Not Found"} for a JSON Accept, else the public 404 page.
    A crash is the engine's catch-all 500."""
    if code >= 500:
        return scim_json({"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "500"}, 500,
                         CONTENT_TYPE)
    if code == 413:  # a body over the size limit never reaches routing: no 404 page (ASSUMPTION, docs)
        return scim_json({"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "413",
                          "detail": "The request body is too large."}, 413, CONTENT_TYPE)
    first = (req.accept_mimetypes.best or "") if req.headers.get("Accept") else ""
    if first == "application/json":
        return Response(json.dumps({"status": 404, "error": "Not Found"}, separators=(",", ":")), 404,
                        content_type="application/json; charset=utf-8")
    return Response(RAILS_404, 404, content_type="text/html; charset=utf-8")


PROFILE = ScimProfile(
    vendor="lessonly",
    prefix=PREFIX,
    resources=[ResourceConfig("User", "/Users", SCHEMA, UserStore, collection_methods=("GET", "POST"),
                              item_methods=("GET", "PUT", "PATCH"), search=False)],
    authenticate=authenticate,
    discovery=False,
    meta=False,
    location_header=False,
    projection=False,
    content_type=CONTENT_TYPE,
    default_count=100,
    max_results=None,
    items_per_page="requested",
    http_error=http_error,
    hooks=Hooks(parse_filter=parse_filter, paging=paging, create=create, replace=replace, patch=patch,
                unparsable_body=unparsable_body),
)


def surface() -> Surface:
    """``/Users`` and ``/Users/`` alike: Rails' router drops one trailing slash before matching
    (ActionDispatch::Journey::Router::Utils.normalize_path); docs/scim.md, "Trailing slashes"."""
    return make_surface(PROFILE, trailing_slash=True)
