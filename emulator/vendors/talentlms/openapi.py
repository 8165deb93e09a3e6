"""TalentLMS's pieces of its generated OpenAPI document (issue #13).

REST v1 is one catch-all route whose action table dispatches every operation, so the operations come
from the vendor's ``operations`` hook (the action table) and each action's call forms from ``FORMS``
below: the colon-parameter paths the v6.0 doc writes (``/api/v1/users/id:{id}``), one OpenAPI path each,
or a form body for the actions the doc POSTs. Every action takes GET or POST and any of the other
forms (query string, form body, the other colon keys); the description of each operation says so.
The answers are the project's JSON Schemas (``fixtures/schemas/talentlms/``). A test checks ``FORMS``
names exactly the action table's actions.
"""

from __future__ import annotations

import re

from ...openapi import scim as openapi_scim
from ...openapi.spec import Answer, OperationDoc, RouteOp, SurfaceDoc, rate_limit
from . import VENDOR, limits, scim

PREFIX = "/api/v1"
DESCRIPTION = (
    "TalentLMS REST API v1 (one action per path, colon parameters) and its SCIM 2.0 surface, as "
    "lms-emulator serves them: generated from the action table, the parameters each action reads and the "
    "project's JSON Schemas. Every action also answers POST with a form body and GET with the parameters "
    "in the query string; the colon forms below are the ones the v6.0 documentation writes. "
    "`x-emulator-catalogue` names the fidelity catalogue entries (source, confidence) of each action.")

ERROR = "error"


def _either(*names: str) -> dict:
    """An action whose other parameters (query string, body) may pick another answer shape."""
    return {"oneOf": [{"$ref": f"#/components/schemas/{n}"} for n in names]}


#: action -> (summary, method the doc uses, colon forms (each a list of keys, [] = the bare action),
#: form-body fields (required ones first, marked "!"), answer schema, answer schema per form, switches)
FORMS: dict[str, tuple] = {
    "users": ("Users: all, a page, or one by id, email or username", "GET",
              [[], ["id"], ["email"], ["username"], ["page_size", "page_number"]], [], "user-list",
              {"id": "user", "email": "user", "username": "user", "": _either("user-list", "user")}, ()),
    "usersignup": ("Create a user", "POST", [], ["first_name!", "last_name!", "email!", "login!", "password!",
                                                  "user_type", "branch_id", "group_id", "language",
                                                  "restrict_email"], "user-created", {},
                   ("signup_status", "strong_passwords", "json_bodies")),
    "edituser": ("Edit a user", "POST", [], ["user_id!", "first_name", "last_name", "email", "login", "password",
                                              "bio", "timezone", "credits", "user_type", "restrict_email",
                                              "deactivation_date"], "user-edited", {}, ("strong_passwords",)),
    "deleteuser": ("Delete (deactivate) a user; permanent=yes removes it", "POST", [],
                   ["user_id!", "deleted_by_user_id", "permanent"], "message", {}, ()),
    "usersetstatus": ("Activate or deactivate a user", "GET", [["user_id", "status"]], [], "user-status", {}, ()),
    "userlogin": ("Log a user in (a login key URL)", "POST", [],
                  ["login!", "password!", "logout_redirect", "course_completed_redirect"], "login", {}, ()),
    "userlogout": ("Log a user out", "POST", [], ["user_id!", "next"], "logout", {}, ("logout_requires_session",)),
    "isuseronline": ("Is a user online", "GET", [["user_id"]], [], "online", {}, ()),
    "forgotusername": ("Send a user their username", "GET", [["email", "domain_url"]], [], "user-ref", {}, ()),
    "forgotpassword": ("Send a password-reset mail", "GET", [["username", "domain_url", "redirect_url"]], [],
                       "user-ref", {}, ()),
    "getcustomregistrationfields": ("Custom user fields", "GET", [[]], [], "custom-registration-fields", {}, ()),
    "getusersbycustomfield": ("Users whose custom field has a value", "GET", [["custom_field_value"]], [],
                              "users-by-custom-field", {}, ("empty_keyed_object",)),
    "courses": ("Courses: all, or one by id", "GET", [[], ["id"]], [], "course-list",
                {"id": "course", "": _either("course-list", "course")},
                ("price_format",)),
    "createcourse": ("Create a course", "POST", [], ["name!", "description", "code", "price", "time_limit",
                                                     "category_id", "creator_id", "start_datetime",
                                                     "expiration_datetime"], "course-created", {}, ()),
    "deletecourse": ("Delete a course", "POST", [], ["course_id!", "deleted_by_user_id"], "message", {}, ()),
    "addusertocourse": ("Enrol a user in a course", "POST", [], ["user_id", "user_email", "course_id",
                                                                  "course_name", "role"], "enrollment-list", {}, ()),
    "removeuserfromcourse": ("Unenrol a user", "GET", [["user_id", "course_id"]], [], "unenrollment", {}, ()),
    "gotocourse": ("A login URL straight into a course", "GET",
                   [["user_id", "course_id"], ["user_id", "course_id", "logout_redirect",
                                               "course_completed_redirect"]], [], "goto", {}, ()),
    "buycourse": ("Buy a course for a user", "GET", [["user_id", "course_id"], ["user_id", "course_id", "coupon"]],
                  [], "redirect", {}, ()),
    "getcustomcoursefields": ("Custom course fields", "GET", [[]], [], "custom-course-fields", {}, ()),
    "getcoursesbycustomfield": ("Courses whose custom field has a value", "GET", [["custom_field_value"]], [],
                                "course-list", {}, ("price_format",)),
    "getuserstatusincourse": ("A user's status in a course", "GET", [["course_id", "user_id"]], [],
                              "user-course-status", {}, ()),
    "resetuserprogress": ("Reset a user's progress in a course", "GET", [["course_id", "user_id"]], [], "message",
                          {}, ()),
    "categories": ("Categories: all, or one by id", "GET", [[], ["id"]], [], "category-list",
                   {"id": "category", "": _either("category-list", "category")}, ("price_format",)),
    "categoryleafsandcourses": ("A category's sub-categories and courses", "GET", [["id"]], [], "category-leafs",
                                {}, ("empty_keyed_object",)),
    "buycategorycourses": ("Buy a category's courses for a user", "GET",
                           [["user_id", "category_id"], ["user_id", "category_id", "coupon"]], [], "redirect", {},
                           ()),
    "groups": ("Groups: all, or one by id", "GET", [[], ["id"]], [], "group-list",
               {"id": "group", "": _either("group-list", "group")}, ()),
    "creategroup": ("Create a group", "POST", [], ["name!", "description", "key", "price", "creator_id",
                                                   "max_redemptions"], "group-created", {}, ()),
    "deletegroup": ("Delete a group", "POST", [], ["group_id!", "deleted_by_user_id"], "message", {}, ()),
    "addusertogroup": ("Add a user to a group by its key", "GET", [["user_id", "group_key"]], [],
                       "group-membership", {}, ()),
    "removeuserfromgroup": ("Remove a user from a group", "GET", [["user_id", "group_id"]], [], "group-membership",
                            {}, ()),
    "addcoursetogroup": ("Add a course to a group", "GET", [["course_id", "group_id"]], [], "group-course", {},
                         ("group_course_enrolls_members",)),
    "branches": ("Branches: all, or one by id", "GET", [[], ["id"]], [], "branch-list",
                 {"id": "branch", "": _either("branch-list", "branch")}, ()),
    "createbranch": ("Create a branch", "POST", [], ["name!", "description", "group_id", "creator_id", "user_type",
                                                     "ecommerce_processor", "users_limit", "ecommerce_credits",
                                                     "ecommerce_subscription_price"], "branch-created", {}, ()),
    "deletebranch": ("Delete a branch", "POST", [], ["branch_id!", "deleted_by_user_id"], "message", {}, ()),
    "addusertobranch": ("Add a user to a branch", "GET", [["user_id", "branch_id"]], [], "branch-membership", {},
                        ()),
    "removeuserfrombranch": ("Remove a user from a branch", "GET", [["user_id", "branch_id"]], [],
                             "branch-membership", {}, ()),
    "addcoursetobranch": ("Add a course to a branch", "GET", [["course_id", "branch_id"]], [], "branch-course", {},
                          ()),
    "branchsetstatus": ("Activate or deactivate a branch", "GET", [["branch_id", "status"]], [], "branch-status",
                        {}, ()),
    "getusersprogressinunits": ("Progress in a unit: every user, or one", "GET",
                                [["unit_id"], ["unit_id", "user_id"]], [], "unit-progress-list",
                                {"user_id": _either("unit-progress", "unit-progress-list"),
                                 "unit_id": _either("unit-progress", "unit-progress-list")},
                                ("unit_progress_single",)),
    "gettestanswers": ("A user's answers in a test", "GET", [["test_id", "user_id"]], [], "test-answers", {}, ()),
    "getsurveyanswers": ("A user's answers in a survey", "GET", [["survey_id", "user_id"]], [], "survey-answers",
                         {}, ()),
    "getiltsessions": ("An instructor-led training's sessions", "GET", [["ilt_id"]], [], "ilt-sessions", {}, ()),
    "siteinfo": ("The domain's details and totals", "GET", [[]], [], "siteinfo", {}, ()),
    "ratelimit": ("The rate-limit budget (not counted against it)", "GET", [[]], [], "ratelimit", {}, ()),
    "gettimeline": ("The latest events of one type", "GET", [["event_type"]], [], "timeline", {}, ()),
}
_INTEGER_KEYS = re.compile(r"(^id$|_id$|^page_size$|^page_number$|^permanent$)")


def _schema_for(key: str) -> dict:
    if key == "permanent":
        return {"type": "string", "enum": ["yes", "no"]}
    if key == "status":
        return {"type": "string", "enum": ["active", "inactive"]}
    if _INTEGER_KEYS.search(key) and key not in ("custom_field_value",):
        return {"type": "integer", "minimum": 0}
    return {"type": "string"}


def _template(action: str, keys: list[str]) -> str:
    if not keys:
        return f"{PREFIX}/{action}"
    return f"{PREFIX}/{action}/" + ",".join(f"{k}:{{{k}}}" for k in keys)


def operations() -> list[RouteOp]:
    """One operation per call form of each action in the vendor's action table."""
    actions = sorted(op.split(" ", 1)[1].strip("/") for op in VENDOR.operations("rest"))
    out = []
    for action in actions:
        summary, method, forms, body, _schema, _by_form, _switches = FORMS[action]
        if method == "POST":
            out.append(RouteOp("POST", _template(action, []), action))
        for keys in forms:
            params = tuple((k, _schema_for(k)) for k in keys)
            out.append(RouteOp("GET", _template(action, keys), action, params))
    return out


def _body(fields: list[str]) -> dict:
    props = {f.rstrip("!"): _schema_for(f.rstrip("!")) for f in fields}
    for key in ("user_type", "language", "timezone", "description", "bio"):
        if key in props:
            props[key] = {"type": "string"}
    required = [f.rstrip("!") for f in fields if f.endswith("!")]
    out: dict = {"type": "object", "properties": props}
    if required:
        out["required"] = required
    return out


def describe_rest(op: RouteOp) -> OperationDoc:
    action = op.endpoint
    summary, _method, _forms, body, schema, by_form, switches = FORMS[action]
    keys = [name for name, _ in op.params]
    for key in keys or [""]:
        schema = by_form.get(key, schema)
    alternatives = ", ".join(f"`{_template(action, f)}`" for f in _forms if f != keys) or "none"
    description = (f"Also answered on POST (form body) and with the parameters in the query string. Other "
                   f"colon forms of `{action}`: {alternatives}. Keys match case-insensitively; values are "
                   "percent-decoded after the split on `,` and `:`.")
    suffix = "_".join(keys) if keys else ("form" if op.method == "POST" else "all")
    return OperationDoc(
        summary, [Answer(200, schema)], description=description,
        body=_body(body) if op.method == "POST" and body else None,
        body_types=("application/x-www-form-urlencoded", "multipart/form-data"),
        body_required=op.method == "POST" and any(f.endswith("!") for f in body),
        switches=("over_limit_status", "over_limit_headers", "auth_password", *switches),
        tags=(action,), operation_id=f"{action}_{op.method.lower()}_{suffix}",
        extensions={"x-emulator-action": action})


def resolve(method: str, path: str) -> tuple[str, str] | None:
    """Any request under /api/v1/<action> reaches that action, whatever its method and form, and every
    form of an action answers the same shapes: the documented operation whose colon keys the request
    names (most keys first), else the action's first."""
    if not path.startswith(PREFIX + "/"):
        return None
    action = path[len(PREFIX) + 1:].split("/", 1)[0].lower()
    if action not in FORMS:
        return None
    _summary, doc_method, forms, _body, _schema, _by_form, _ = FORMS[action]
    segment = path[len(PREFIX) + 1 + len(action):].strip("/")
    keys = {part.split(":", 1)[0].lower() for part in segment.split(",") if ":" in part}
    if doc_method == "POST" and not keys:
        return _template(action, []), "POST"
    fitting = [f for f in forms if set(f) <= keys]
    if fitting:
        return _template(action, max(fitting, key=len)), "GET"
    if doc_method == "POST":
        return _template(action, []), "POST"
    return _template(action, forms[0]), "GET"


def catalogue_keys(op: RouteOp, _surface: SurfaceDoc) -> list[str]:
    return [op.endpoint, f"/{op.endpoint}", f"{PREFIX}/{op.endpoint}"]


RATE_LIMIT = rate_limit(limits.PLANS, "429 in TalentLMS's error envelope", switch="over_limit_status",
                        not_counted=["ratelimit"])


def surfaces() -> dict[str, SurfaceDoc]:
    basic = {"talentlmsBasic": {"type": "http", "scheme": "basic",
                                "description": "username: the API key; password: empty (ignored by default)"}}
    bearer = {"talentlmsScimBearer": {"type": "http", "scheme": "bearer",
                                      "description": "the domain's SCIM token"}}
    errors = [Answer(400, ERROR, "Invalid arguments provided (missing, ill-typed, or a refused JSON body)"),
              Answer(401, ERROR, "Invalid API key / no key"),
              Answer(403, ERROR, "The API is disabled, or over a limit (over_limit_status switch)"),
              Answer(404, ERROR, "No such user, course... or no such action"),
              Answer(405, ERROR, "A method the v1 API does not serve"),
              Answer(429, ERROR, "A rate window is exhausted"),
              Answer(503, ERROR, "Over a limit with over_limit_status=503")]
    profile = scim.profile()
    return {
        "rest": SurfaceDoc(
            title="REST", security_schemes=basic, security=[{"talentlmsBasic": []}], errors=errors,
            content_type="application/json", describe=describe_rest, operations=operations,
            rate_limit=RATE_LIMIT, description="REST API v1: /api/v1/{action}[/key:value,...]"),
        "scim": openapi_scim.surface_doc(
            profile, security_schemes=bearer, security=[{"talentlmsScimBearer": []}],
            errors=[400, 403, 404, 409, 412, 415, 422], description="SCIM 2.0 (Users, Groups)",
            switches=tuple(scim.SWITCHES), extra_errors=[Answer(403, "#/components/schemas/scim.Error",
                                                                "SSO/SCIM not configured for the domain")]),
    }


#: answers a tenant switch reshapes, beyond what the recorded samples (the JSON Schemas) show
VARIANTS = {
    "common.price": [{"type": "string", "pattern": "^\\$[0-9][0-9.,]*$",
                      "description": "price_format=doc: the documentation's $0 form"}],
    "users-by-custom-field": [{"type": "object", "maxProperties": 0,
                               "description": "empty_keyed_object=object: none found, as {}"}],
    "category-leafs": [{"type": "object", "maxProperties": 0,
                        "description": "empty_keyed_object=object: none found, as {}"}],
}


def components() -> dict[str, dict]:
    return openapi_scim.components(scim.profile())
