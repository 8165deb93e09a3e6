"""TalentLMS's pieces of its generated OpenAPI document (issue #13).

REST v1 is one catch-all route whose action table dispatches every operation, so the operations come
from the vendor's ``operations`` hook (the action table) and each action's parameters from the declaration
the parser itself reads (``params.arguments.ARGUMENTS``): the colon-path forms the v6.0 doc writes
(``/api/v1/users/id:{id}``), one OpenAPI path each, the other arguments of a GET action as query
parameters, and a form body for the actions the doc POSTs. Every action takes GET or POST and any of the
other forms (query string, form body, the other colon keys); the description of each operation says so.
The answers are the project's JSON Schemas (``fixtures/schemas/talentlms/``), named per action below.
"""

from __future__ import annotations

from ...openapi import scim as openapi_scim
from ...openapi.spec import Answer, OperationDoc, RouteOp, SurfaceDoc, rate_limit
from . import VENDOR, limits, scim
from .params.arguments import ARGUMENTS, Action, Arg

PREFIX = "/api/v1"
DESCRIPTION = (
    "TalentLMS REST API v1 (one action per path, colon parameters) and its SCIM 2.0 surface, as "
    "lms-emulator serves them: generated from the action table, the argument declaration its parser reads "
    "and the project's JSON Schemas. Every action also answers POST with a form body and GET with the "
    "parameters in the query string; the colon forms below are the ones the v6.0 documentation writes. "
    "`x-emulator-catalogue` names the fidelity catalogue entries (source, confidence) of each action.")

ERROR = "error"


def _either(*names: str) -> dict:
    """An action whose other parameters (query string, body) may pick another answer shape."""
    return {"oneOf": [{"$ref": f"#/components/schemas/{n}"} for n in names]}


#: action -> (summary, answer schema, answer schema per colon key of the form, switches that reshape it)
ANSWERS: dict[str, tuple] = {
    "users": ("Users: all, a page, or one by id, email or username", "user-list",
              {"id": "user", "email": "user", "username": "user", "": _either("user-list", "user")}, ()),
    "usersignup": ("Create a user", "user-created", {}, ("signup_status", "strong_passwords", "json_bodies")),
    "edituser": ("Edit a user", "user-edited", {}, ("strong_passwords",)),
    "deleteuser": ("Delete (deactivate) a user; permanent=yes removes it", "message", {}, ()),
    "usersetstatus": ("Activate or deactivate a user", "user-status", {}, ()),
    "userlogin": ("Log a user in (a login key URL)", "login", {}, ()),
    "userlogout": ("Log a user out", "logout", {}, ("logout_requires_session",)),
    "isuseronline": ("Is a user online", "online", {}, ()),
    "forgotusername": ("Send a user their username", "user-ref", {}, ()),
    "forgotpassword": ("Send a password-reset mail", "user-ref", {}, ()),
    "getcustomregistrationfields": ("Custom user fields", "custom-registration-fields", {}, ()),
    "getusersbycustomfield": ("Users whose custom field has a value", "users-by-custom-field", {},
                              ("empty_keyed_object",)),
    "courses": ("Courses: all, or one by id", "course-list", {"id": "course", "": _either("course-list", "course")},
                ("price_format",)),
    "createcourse": ("Create a course", "course-created", {}, ()),
    "deletecourse": ("Delete a course", "message", {}, ()),
    "addusertocourse": ("Enrol a user in a course", "enrollment-list", {}, ()),
    "removeuserfromcourse": ("Unenrol a user", "unenrollment", {}, ()),
    "gotocourse": ("A login URL straight into a course", "goto", {}, ()),
    "buycourse": ("Buy a course for a user", "redirect", {}, ()),
    "getcustomcoursefields": ("Custom course fields", "custom-course-fields", {}, ()),
    "getcoursesbycustomfield": ("Courses whose custom field has a value", "course-list", {}, ("price_format",)),
    "getuserstatusincourse": ("A user's status in a course", "user-course-status", {}, ()),
    "resetuserprogress": ("Reset a user's progress in a course", "message", {}, ()),
    "categories": ("Categories: all, or one by id", "category-list",
                   {"id": "category", "": _either("category-list", "category")}, ("price_format",)),
    "categoryleafsandcourses": ("A category's sub-categories and courses", "category-leafs", {},
                                ("empty_keyed_object",)),
    "buycategorycourses": ("Buy a category's courses for a user", "redirect", {}, ()),
    "groups": ("Groups: all, or one by id", "group-list", {"id": "group", "": _either("group-list", "group")}, ()),
    "creategroup": ("Create a group", "group-created", {}, ()),
    "deletegroup": ("Delete a group", "message", {}, ()),
    "addusertogroup": ("Add a user to a group by its key", "group-membership", {}, ()),
    "removeuserfromgroup": ("Remove a user from a group", "group-membership", {}, ()),
    "addcoursetogroup": ("Add a course to a group", "group-course", {}, ("group_course_enrolls_members",)),
    "branches": ("Branches: all, or one by id", "branch-list",
                 {"id": "branch", "": _either("branch-list", "branch")}, ()),
    "createbranch": ("Create a branch", "branch-created", {}, ()),
    "deletebranch": ("Delete a branch", "message", {}, ()),
    "addusertobranch": ("Add a user to a branch", "branch-membership", {}, ()),
    "removeuserfrombranch": ("Remove a user from a branch", "branch-membership", {}, ()),
    "addcoursetobranch": ("Add a course to a branch", "branch-course", {}, ()),
    "branchsetstatus": ("Activate or deactivate a branch", "branch-status", {}, ()),
    "getusersprogressinunits": ("Progress in a unit: every user, or one", "unit-progress-list",
                                {"user_id": _either("unit-progress", "unit-progress-list"),
                                 "unit_id": _either("unit-progress", "unit-progress-list")},
                                ("unit_progress_single",)),
    "gettestanswers": ("A user's answers in a test", "test-answers", {}, ()),
    "getsurveyanswers": ("A user's answers in a survey", "survey-answers", {}, ()),
    "getiltsessions": ("An instructor-led training's sessions", "ilt-sessions", {}, ()),
    "siteinfo": ("The domain's details and totals", "siteinfo", {}, ()),
    "ratelimit": ("The rate-limit budget (not counted against it)", "ratelimit", {}, ()),
    "gettimeline": ("The latest events of one type", "timeline", {}, ()),
}

_TYPES = {
    "id": {"type": "integer", "minimum": 0},
    "integer": {"type": "integer", "minimum": 0},
    "positive": {"type": "integer", "minimum": 1},
    "text": {"type": "string"},
    "long_text": {"type": "string", "description": "a text column (up to 65535 characters)"},
    "email": {"type": "string", "description": "an email address"},
    "yes_no": {"type": "string", "enum": ["yes", "no", "on", "off", "true", "false", "1", "0"]},
    "money": {"type": "string", "description": "an amount, optionally after a $ (0 to 1e9)"},
    "date": {"type": "string", "description": "a date in the domain's date format (28/07/2012)"},
    "datetime": {"type": "string", "description": "epoch seconds, or a date in the domain's date format"},
    "url": {"type": "string", "description": "a base64-encoded URL (a raw URL is taken as sent)"},
}


def _schema_for(arg: Arg) -> dict:
    if isinstance(arg.type, tuple):
        return {"type": "string", "enum": list(arg.type)}
    return dict(_TYPES[arg.type])


def _template(action: str, keys: tuple[str, ...]) -> str:
    if not keys:
        return f"{PREFIX}/{action}"
    return f"{PREFIX}/{action}/" + ",".join(f"{k}:{{{k}}}" for k in keys)


def operations() -> list[RouteOp]:
    """One operation per call form of each action in the vendor's action table."""
    actions = sorted(op.split(" ", 1)[1].strip("/") for op in VENDOR.operations("rest"))
    out = []
    for action in actions:
        declared = ARGUMENTS[action]
        if declared.method == "POST":
            out.append(RouteOp("POST", _template(action, ()), action))
        for keys in declared.forms:
            params = tuple((k, _schema_for(declared.arg(k))) for k in keys)
            out.append(RouteOp("GET", _template(action, keys), action, params))
    return out


def _body(declared: Action) -> dict:
    props = {a.name: _schema_for(a) for a in declared.args}
    required = [a.name for a in declared.args if a.required]
    out: dict = {"type": "object", "properties": props}
    if declared.custom_fields:
        scope = declared.custom_fields
        out["patternProperties"] = {"^custom_field_[0-9]+$": {
            "type": "string", "description": f"the value of one of the domain's {scope} custom fields"}}
    if required:
        out["required"] = required
    return out


def _query(declared: Action) -> list[dict]:
    return [{"name": a.name, "in": "query", "required": False, "schema": _schema_for(a)}
            for a in declared.args if declared.location(a.name) == "query"]


def describe_rest(op: RouteOp) -> OperationDoc:
    action = op.endpoint
    declared = ARGUMENTS[action]
    summary, schema, by_form, switches = ANSWERS[action]
    keys = tuple(name for name, _ in op.params)
    for key in keys or [""]:
        schema = by_form.get(key, schema)
    alternatives = ", ".join(f"`{_template(action, f)}`" for f in declared.forms if f != keys) or "none"
    description = (f"Also answered on POST (form body) and with the parameters in the query string. Other "
                   f"colon forms of `{action}`: {alternatives}. Keys match case-insensitively; values are "
                   "percent-decoded after the split on `,` and `:`.")
    suffix = "_".join(keys) if keys else ("form" if op.method == "POST" else "all")
    posted = op.method == "POST"
    return OperationDoc(
        summary, [Answer(200, schema)], description=description, query=[] if posted else _query(declared),
        body=_body(declared) if posted and declared.args else None,
        body_types=("application/x-www-form-urlencoded", "multipart/form-data"),
        body_required=posted and any(a.required for a in declared.args),
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
    if action not in ARGUMENTS:
        return None
    declared = ARGUMENTS[action]
    segment = path[len(PREFIX) + 1 + len(action):].strip("/")
    keys = {part.split(":", 1)[0].lower() for part in segment.split(",") if ":" in part}
    if declared.method == "POST" and not keys:
        return _template(action, ()), "POST"
    fitting = [f for f in declared.forms if set(f) <= keys]
    if fitting:
        return _template(action, max(fitting, key=len)), "GET"
    if declared.method == "POST":
        return _template(action, ()), "POST"
    return _template(action, declared.forms[0]), "GET"


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
