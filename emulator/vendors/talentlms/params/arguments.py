"""The arguments each REST v1 action takes: one declaration, read by the parser and by the OpenAPI document.

The parser (``request.read_params``) hands an action only the arguments declared here (plus the
``custom_field_N`` ones of the actions that set custom fields), and ``colon`` base64-decodes the arguments
declared as URLs; ``openapi.py`` writes each action's operations from the same declaration. An action
reads its arguments with the value rules of ``values`` (``need``, ``as_int``, ``text``...).

Per action: the method the v6.0 documentation uses (seed 004: GET with colon parameters, or POST with a
form body), the colon-path forms the documentation writes (GET actions; each a tuple of keys, ``()`` the
bare action), and the arguments with their type and whether the documentation requires them. Where the
documentation writes an argument:

* ``path``: a key of one of the action's colon forms (GET actions);
* ``query``: an argument of a GET action outside its colon forms (also taken from the path or a body);
* ``form``: a field of a POST action's form body.

Every action takes every argument from any of these places (GET or POST, colon path, form or JSON body,
query string: ``colon.merge``). Types: ``id`` (digits, a record's id), ``integer`` (digits),
``positive`` (digits, at least 1), ``text`` (a short column), ``long_text``, ``email``, ``yes_no``,
``money``, ``date`` (the domain's date format), ``datetime`` (epoch seconds or a date), ``url`` (base64,
raw accepted), or a tuple of the values accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

ID, INTEGER, POSITIVE, TEXT, LONG_TEXT, EMAIL = "id", "integer", "positive", "text", "long_text", "email"
YES_NO, MONEY, DATE, DATETIME, URL = "yes_no", "money", "date", "datetime", "url"
STATUS = ("active", "inactive")


@dataclass(frozen=True)
class Arg:
    name: str
    type: str | tuple[str, ...] = TEXT
    required: bool = False


@dataclass(frozen=True)
class Action:
    method: str  # "GET" (colon path) or "POST" (form body), as the documentation writes it
    forms: tuple[tuple[str, ...], ...]  # the colon-path forms (GET); () for a POST action
    args: tuple[Arg, ...]
    custom_fields: str | None = None  # "user"/"course": the action also takes that scope's custom_field_N

    @cached_property
    def names(self) -> frozenset[str]:
        return frozenset(a.name for a in self.args)

    def location(self, name: str) -> str:
        if self.method == "POST":
            return "form"
        return "path" if any(name in form for form in self.forms) else "query"

    def arg(self, name: str) -> Arg:
        return next(a for a in self.args if a.name == name)


def _get(*forms: tuple[str, ...], types: dict | None = None, query: tuple[Arg, ...] = ()) -> Action:
    """A GET action: its colon forms (every key of a form is required in that form), the keys' types."""
    types = types or {}
    keys = list(dict.fromkeys(k for form in forms for k in form))
    args = tuple(Arg(k, types.get(k, ID if k == "id" or k.endswith("_id") else TEXT)) for k in keys)
    return Action("GET", tuple(forms), args + query)


def _post(*args: Arg, custom_fields: str | None = None) -> Action:
    return Action("POST", (), args, custom_fields)


def _need(name: str, type_: str | tuple[str, ...] = TEXT) -> Arg:
    return Arg(name, type_, required=True)


_TIMELINE_FILTERS = tuple(Arg(k, INTEGER) for k in ("user_id", "course_id", "branch_id", "group_id", "unit_id"))
_BRANCH_TEXTS = ("language", "timezone", "signup_method", "verification", "currency", "paypal_email",
                 "ecommerce_subscription_interval", "registration_email_restriction")

ARGUMENTS: dict[str, Action] = {
    # users (seed 004 pp.11-21)
    "users": _get((), ("id",), ("email",), ("username",), ("page_size", "page_number"),
                  types={"page_size": POSITIVE, "page_number": POSITIVE}),
    "usersignup": _post(_need("first_name"), _need("last_name"), _need("email", EMAIL), _need("login"),
                        _need("password"), Arg("user_type"), Arg("branch_id", ID), Arg("group_id", ID),
                        Arg("language"), Arg("restrict_email", YES_NO), custom_fields="user"),
    "edituser": _post(_need("user_id", ID), Arg("first_name"), Arg("last_name"), Arg("email", EMAIL),
                      Arg("login"), Arg("password"), Arg("bio", LONG_TEXT), Arg("timezone"),
                      Arg("credits", INTEGER), Arg("user_type"), Arg("restrict_email", YES_NO),
                      Arg("deactivation_date", DATE), custom_fields="user"),
    "deleteuser": _post(_need("user_id", ID), Arg("deleted_by_user_id", ID), Arg("permanent", ("yes", "no"))),
    "usersetstatus": _get(("user_id", "status"), types={"status": STATUS}),
    "userlogin": _post(_need("login"), _need("password"), Arg("logout_redirect", URL),
                       Arg("course_completed_redirect", URL)),
    "userlogout": _post(_need("user_id", ID), Arg("next")),
    "isuseronline": _get(("user_id",)),
    "forgotusername": _get(("email", "domain_url"), types={"domain_url": URL}),
    "forgotpassword": _get(("username", "domain_url", "redirect_url"), types={"domain_url": URL, "redirect_url": URL}),
    "getcustomregistrationfields": _get(()),
    "getusersbycustomfield": _get(("custom_field_value",)),
    # courses (pp.22-31)
    "courses": _get((), ("id",)),
    "createcourse": _post(_need("name"), Arg("description", LONG_TEXT), Arg("code"), Arg("price", MONEY),
                          Arg("time_limit", INTEGER), Arg("category_id", ID), Arg("creator_id", ID),
                          Arg("start_datetime", DATETIME), Arg("expiration_datetime", DATETIME),
                          custom_fields="course"),
    "deletecourse": _post(_need("course_id", ID), Arg("deleted_by_user_id", ID)),
    "addusertocourse": _post(Arg("user_id", ID), Arg("user_email", EMAIL), Arg("course_id", ID),
                             Arg("course_name"), Arg("role", ("learner", "instructor"))),
    "removeuserfromcourse": _get(("user_id", "course_id")),
    "gotocourse": _get(("user_id", "course_id"),
                       ("user_id", "course_id", "logout_redirect", "course_completed_redirect"),
                       types={"logout_redirect": URL, "course_completed_redirect": URL}),
    "buycourse": _get(("user_id", "course_id"), ("user_id", "course_id", "coupon")),
    "getcustomcoursefields": _get(()),
    "getcoursesbycustomfield": _get(("custom_field_value",)),
    "getuserstatusincourse": _get(("course_id", "user_id")),
    "resetuserprogress": _get(("course_id", "user_id"), query=(Arg("remove_certification", YES_NO),)),
    # categories (pp.32-35)
    "categories": _get((), ("id",)),
    "categoryleafsandcourses": _get(("id",)),
    "buycategorycourses": _get(("user_id", "category_id"), ("user_id", "category_id", "coupon")),
    # groups (pp.36-38)
    "groups": _get((), ("id",)),
    "creategroup": _post(_need("name"), Arg("description", LONG_TEXT), Arg("key"), Arg("price", MONEY),
                         Arg("creator_id", ID), Arg("max_redemptions", INTEGER)),
    "deletegroup": _post(_need("group_id", ID), Arg("deleted_by_user_id", ID)),
    "addusertogroup": _get(("user_id", "group_key")),
    "removeuserfromgroup": _get(("user_id", "group_id")),
    "addcoursetogroup": _get(("course_id", "group_id")),
    # branches (pp.39-44)
    "branches": _get((), ("id",)),
    "createbranch": _post(_need("name"), Arg("description", LONG_TEXT), Arg("group_id", ID), Arg("creator_id", ID),
                          Arg("user_type"), Arg("ecommerce_processor"), Arg("users_limit", INTEGER),
                          Arg("ecommerce_credits", INTEGER), Arg("ecommerce_subscription_price", MONEY),
                          Arg("internal_announcement", LONG_TEXT), Arg("external_announcement", LONG_TEXT),
                          *(Arg(k) for k in _BRANCH_TEXTS), Arg("disallow_global_login", YES_NO),
                          Arg("ecommerce_subscription", YES_NO)),
    "deletebranch": _post(_need("branch_id", ID), Arg("deleted_by_user_id", ID)),
    "addusertobranch": _get(("user_id", "branch_id")),
    "removeuserfrombranch": _get(("user_id", "branch_id")),
    "addcoursetobranch": _get(("course_id", "branch_id")),
    "branchsetstatus": _get(("branch_id", "status"), types={"status": STATUS}),
    # units (pp.44-49)
    "getusersprogressinunits": _get(("unit_id",), ("unit_id", "user_id")),
    "gettestanswers": _get(("test_id", "user_id")),
    "getsurveyanswers": _get(("survey_id", "user_id")),
    "getiltsessions": _get(("ilt_id",)),
    # site (pp.50-52)
    "siteinfo": _get(()),
    "ratelimit": _get(()),
    "gettimeline": _get(("event_type",), query=_TIMELINE_FILTERS),
}

#: the arguments taken base64-encoded (URLs), whatever the action
BASE64_KEYS = frozenset(a.name for action in ARGUMENTS.values() for a in action.args if a.type == URL)
_CUSTOM_PREFIX = "custom_field_"


def declared(action: str, params: dict[str, str]) -> dict[str, str]:
    """The arguments ``action`` takes, out of every argument the request carries (same order)."""
    found = ARGUMENTS.get(action)
    if found is None:
        return params
    names = found.names
    custom = found.custom_fields is not None
    return {k: v for k, v in params.items() if k in names or (custom and k.startswith(_CUSTOM_PREFIX))}
