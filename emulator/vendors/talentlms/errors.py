"""TalentLMS's error envelope, its exact messages and their HTTP statuses.

Envelope and types: seed 004 p.9 ("a type (invalid_request_error or api_error) and a message").
Messages: the dossier §2.3 list (PyPI ``talentlms``, ib1984 exceptions.py, Easy-Forex live tests,
miniOrange constants). Statuses: the doc's table (400 bad/missing argument, 401 bad key, 403 API off,
404 resource missing) and the one recorded 400 (clintmasden readme). Messages marked ASSUMPTION in
docs/talentlms.md are ours, because no source records the real text.

One family: :class:`TalentError` (with :class:`Malformed` and :class:`LinkExpired`), raised anywhere
below a route and turned into the answer in one place per surface: ``render_error`` here for REST (and
the control routes), ``pages.render_error`` for the browser pages; SCIM maps it to ``ScimError``.
"""

from __future__ import annotations

from flask import Request, Response

from ...core.errors import VendorError
from ...core.http import json_response

INVALID_REQUEST = "invalid_request_error"
API_ERROR = "api_error"

# message, status
INVALID_ARGUMENTS = ("Invalid arguments provided", 400)
INVALID_API_KEY = ("Invalid API Key provided", 401)
API_DISABLED = ("API is not enabled for the specified domain or the domain is currently inactive", 403)  # ASSUMPTION
UNKNOWN_ACTION = ("The requested API action does not exist", 404)
USER_NOT_FOUND = ("The requested user does not exist", 404)
USER_GONE = ("The requested user is no longer available", 404)
EMAIL_TAKEN = ("A user with the same email address already exists", 400)
LOGIN_TAKEN = ("A user with the same login already exists", 400)
WEAK_PASSWORD = ("Password is not strong enough (should have at least (1) upper case letter, at least (1) "
                 "lower case letter, at least (1) number, at least (8) characters in length)", 400)
BAD_LOGIN = ("Your login or password is incorrect. Please try again, making sure that CAPS LOCK key is off", 400)
INACTIVE_ACCOUNT = ("Your account is inactive. Please activate the account using the instructions sent to you "
                    "via e-mail. If you did not receive the e-mail, check your spam folder.", 400)
NOT_LOGGED_IN = ("The requested user is not logged in", 400)  # ASSUMPTION: real text unrecorded
ALREADY_ENROLLED = ("The requested user is already enrolled in this course", 400)
NOT_ENROLLED = ("The requested user is not enrolled in this course", 400)
COURSE_NOT_FOUND = ("The requested course does not exist", 404)
CATEGORY_NOT_FOUND = ("The requested category does not exist", 404)
GROUP_NOT_FOUND = ("The requested group does not exist", 404)
NO_GROUP_KEY = ("There is no group with such key", 404)
GROUP_KEY_TAKEN = ("A group with the same key already exists", 400)  # ASSUMPTION
BRANCH_NOT_FOUND = ("The requested branch does not exist", 404)
BRANCH_NAME_TAKEN = ("A branch with the same name already exists", 400)  # ASSUMPTION
UNIT_NOT_FOUND = ("The requested unit does not exist", 404)
ALREADY_IN_BRANCH = ("The requested user is already a member of this branch", 400)
NOT_IN_BRANCH = ("The requested user is not a member of this branch", 400)
COURSE_IN_BRANCH = ("The requested course is already a member of this branch", 400)
ALREADY_IN_GROUP = ("The requested user is already a member of this group", 400)
NOT_IN_GROUP = ("The requested user is not a member of this group", 400)
COURSE_IN_GROUP = ("The requested course is already a member of this group", 400)
NO_TEST_PROGRESS = ("User does not have a progress registered for the test", 404)
NO_SURVEY_PROGRESS = ("User does not have a progress registered for the survey", 404)
RATE_LIMITED = ("The API request rate limit has been exceeded", 429)  # text of TalentLMS API v2's 429
INTERNAL = ("Internal server error", 500)
# the browser pages' answer to a login key that is unknown or used (emulator-only page, see pages.py)
LINK_EXPIRED = ("This login link is not valid or has already been used.", 404)


class TalentError(VendorError):
    """Raised anywhere below a route (params, ops, handlers, auth); the surface's ``render_error`` turns
    it into the vendor's answer."""

    def __init__(self, error: tuple[str, int], message: str | None = None, status: int | None = None) -> None:
        self.message = message if message is not None else error[0]
        self.status = status if status is not None else error[1]
        super().__init__(self.message)


class Malformed(TalentError):
    """A colon segment or argument that cannot be read (a pair without ``:``, an odd key, a nested value):
    the doc's 400 "Invalid arguments provided"."""

    def __init__(self, piece: str) -> None:
        super().__init__(INVALID_ARGUMENTS)
        self.piece = piece


class LinkExpired(TalentError):
    """A browser followed a login key that is unknown, used or an inactive user's (pages.py answers it
    with an HTML page)."""

    def __init__(self) -> None:
        super().__init__(LINK_EXPIRED)


def invalid_email(value: str) -> TalentError:
    # Easy-Forex Tests/UserTest.php: "InvalidEmail is not a valid email"
    return TalentError(INVALID_ARGUMENTS, message=f"{value} is not a valid email", status=400)


def error_response(message: str, status: int, type_: str | None = None, headers: dict | None = None) -> Response:
    if type_ is None:
        type_ = API_ERROR if status >= 500 or status == 429 else INVALID_REQUEST
    return json_response({"error": {"type": type_, "message": message}}, status, headers)


def render_error(_request: Request, exc: TalentError) -> Response:
    """The REST surface's ``render_error`` (and the control routes'): the vendor's JSON envelope."""
    return error_response(exc.message, exc.status)
