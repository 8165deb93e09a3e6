"""The REST v1 surface: one catch-all route, the action table, and TalentLMS's request quirks.

Handlers stay thin: ``params`` reads the request, ``ops`` does the work, ``serialize`` shapes JSON; a
:class:`~..errors.TalentError` raised anywhere below becomes the vendor's answer in ``errors.render_error``.
"""

from __future__ import annotations

from flask import Blueprint, Request, Response, g, request

from ....core.http import json_response
from ....core.tenants import Tenant
from .. import errors as E
from ..errors import TalentError, error_response
from ..ops import Lms
from ..params import PREFIX, action_and_segment, check_lengths, declared, has_body, is_json, read_params
from ..serialize import wire_for
from .actions import ACTIONS, JSON_BODY_ACTIONS

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
GUIDE_QUERY_KEYS = ("page", "per_page")


DOCUMENTED_METHODS = ("GET", "HEAD", "POST")  # seed 004 lists GET and POST only; HEAD is a body-less GET


def precheck(req: Request, tenant: Tenant) -> Response | None:
    """Verbs v1 does not document, per the ``other_methods`` switch; JSON bodies: accepted only on
    usersignup (clintmasden readme: usersignup 200, deleteuser 400)."""
    if req.method not in DOCUMENTED_METHODS and tenant.switch("other_methods") == "405":
        return error_response(E.UNKNOWN_ACTION[0], 405, headers={"Allow": ", ".join(DOCUMENTED_METHODS)})
    if req.method in ("GET", "POST") and is_json(req) and has_body(req):
        action, _ = action_and_segment(req)
        policy = tenant.switch("json_bodies")
        if action not in ACTIONS:
            return None  # the dispatcher answers "The requested API action does not exist"
        if policy == "refuse" or (policy == "usersignup_only" and action not in JSON_BODY_ACTIONS):
            raise TalentError(E.INVALID_ARGUMENTS)
    return None


def counted(req: Request) -> bool:
    # seed 004 p.51: "calling this method does not count against your rate limit"
    action, _ = action_and_segment(req)
    return action != "ratelimit"


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
        raise TalentError(E.UNKNOWN_ACTION, status=tenant.switch("unknown_action_status"))
    action, params = read_params(request)
    hint = hint_for(action, params, request)
    if hint:
        g.hint = hint
    check_lengths(params)
    return json_response(handler(Lms(tenant), declared(action, params), wire_for(tenant)))


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
