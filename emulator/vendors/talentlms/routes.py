"""The REST v1 surface: one catch-all route, the action table, and TalentLMS's request quirks.

Handlers stay thin: params.py reads the request, domain.py does the work, serialize/ shapes JSON.
"""

from __future__ import annotations


from flask import Blueprint, Request, Response, g, request

from ...core.http import json_response
from ...core.tenants import Tenant
from . import errors as E
from .actions import ACTIONS, JSON_BODY_ACTIONS
from .domain import Lms
from .errors import TalentError, error_response, from_error
from .params import PREFIX, Malformed, merge, parse_segment, raw_path, split_path
from .serialize import Wire
from ...core import jsonbody

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
GUIDE_QUERY_KEYS = ("page", "per_page")


def wire_for(tenant: Tenant) -> Wire:
    cfg = tenant.config
    domain = cfg.settings.get("domain_map") or cfg.domain or f"{cfg.name}.talentlms.com"
    return Wire(domain, cfg.date_format or "DDMMYYYY", tenant.switch("price_format"),
                cfg.settings.get("currency_entity", "&#36;"), utc_offset=float(cfg.settings.get("utc_offset_hours", 0)))


def is_json(req: Request) -> bool:
    return (req.mimetype or "").endswith("json") or (req.mimetype or "").endswith("+json")


def has_body(req: Request) -> bool:
    if not req.content_length and "chunked" not in req.headers.get("Transfer-Encoding", ""):
        return False  # cheap exit for the common body-less GET (the pipeline fixed CONTENT_LENGTH)
    return bool(req.get_data(cache=True))


def action_and_segment(req: Request) -> tuple[str, str]:
    """split_path(raw_path(req)), once per request (precheck, counting and dispatch all need it)."""
    found = req.environ.get("talentlms.split")
    if found is None:
        found = req.environ["talentlms.split"] = split_path(raw_path(req))
    return found


def precheck(req: Request, tenant: Tenant) -> Response | None:
    """JSON bodies: accepted only on usersignup (clintmasden readme: usersignup 200, deleteuser 400)."""
    if req.method in ("GET", "POST") and is_json(req) and has_body(req):
        action, _ = action_and_segment(req)
        policy = tenant.switch("json_bodies")
        if action not in ACTIONS:
            return None  # the dispatcher answers "The requested API action does not exist"
        if policy == "refuse" or (policy == "usersignup_only" and action not in JSON_BODY_ACTIONS):
            return error_response(*E.INVALID_ARGUMENTS)
    return None


def counted(req: Request) -> bool:
    # seed 004 p.51: "calling this method does not count against your rate limit"
    action, _ = action_and_segment(req)
    return action != "ratelimit"


def read_params(req: Request, tenant: Tenant) -> tuple[str, dict[str, str]]:
    action, segment = action_and_segment(req)
    path_params = parse_segment(segment)
    sources = []
    # PHP fills $_POST for POST only; a GET body is read the same way (Trifoia sends one)
    if req.method in ("GET", "POST") and has_body(req):
        if is_json(req):
            try:
                body = jsonbody.loads(req.get_data(cache=True))
            except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nesting too deep
                raise TalentError(E.INVALID_ARGUMENTS) from None
            if not isinstance(body, dict):
                raise TalentError(E.INVALID_ARGUMENTS)
            sources.append(body)
        else:
            sources.append(req.form.to_dict(flat=True))
    if req.query_string:
        sources.append(req.args.to_dict(flat=True))
    return action, merge(path_params, *sources)


def hint_for(action: str, params: dict[str, str], req: Request) -> str | None:
    """Forms a Stitchflow guide describes that TalentLMS does not have (seed 000)."""
    if action == "users" and any(k in req.args for k in GUIDE_QUERY_KEYS):
        return ("TalentLMS ignores page/per_page: this is the whole list. Page with "
                "GET /api/v1/users/page_size:N,page_number:M")
    if action in ACTIONS and req.args and action != "users":
        keys = ",".join(f"{k}:{{{k}}}" for k in req.args)
        return f"query-string form answered; the documented form is GET /api/v1/{action}/{keys}"
    return None


def dispatch(rest: str = "") -> Response:
    tenant: Tenant = g.tenant
    handler = ACTIONS.get(action_and_segment(request)[0])
    if handler is None:  # checked before the arguments: /nosuch/42 is an unknown action, not bad arguments
        return error_response(E.UNKNOWN_ACTION[0], tenant.switch("unknown_action_status"))
    try:
        action, params = read_params(request, tenant)
        hint = hint_for(action, params, request)
        if hint:
            g.hint = hint
        for value in params.values():
            if len(value) > 65535:
                raise TalentError(E.INVALID_ARGUMENTS)
        payload = handler(Lms(tenant), params, wire_for(tenant))
        return json_response(payload)
    except Malformed:
        return error_response(*E.INVALID_ARGUMENTS)
    except TalentError as exc:
        return from_error(exc)


def make_blueprint() -> Blueprint:
    bp = Blueprint("talentlms_rest", __name__)
    bp.add_url_rule(PREFIX, "root", dispatch, methods=METHODS, strict_slashes=False)
    bp.add_url_rule(PREFIX + "/", "root_slash", dispatch, methods=METHODS)
    bp.add_url_rule(PREFIX + "/<path:rest>", "action", dispatch, methods=METHODS)
    return bp


def http_error(req: Request, code: int) -> Response:
    """Routing and server errors in TalentLMS's envelope."""
    if code == 413:  # a body over the limit: PHP drops it, so the arguments are missing
        return error_response(*E.INVALID_ARGUMENTS)
    if code >= 500:
        return error_response(*E.INTERNAL)
    if code == 405:
        return error_response(E.UNKNOWN_ACTION[0], 405)
    return error_response(E.UNKNOWN_ACTION[0], 404)




def operations(surface: str) -> set[str] | None:
    """The REST surface's operations for ``lms-emulator coverage``: one per action, on GET or POST."""
    return {f"ANY /{action}" for action in ACTIONS} if surface == "rest" else None
