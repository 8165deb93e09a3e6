"""Bodies of domains, domain users (single and bulk) and published courses."""

from __future__ import annotations

from ..errors import FieldErrors, invalid_pk
from ..models import Course, Domain, Record
from ..store import SkilljarState
from .fields import ref, Bool, Char, DateTime, Email, Field, ListOf, Nested, Slug

DOMAIN_UPDATE = {"catalog_title": Char(max_length=255), "access_code_message_html": Char(),
                 "marketing_message": Char()}
DOMAIN_USER_CREATE = {
    "user": Nested({"email": Email(required=True), "first_name": Char(max_length=50),
                    "last_name": Char(max_length=50)}, required=True),
    "active": Bool(),
    "marketing_optin": Bool(allow_null=True),
    "expires_at": DateTime(allow_null=True),
}
DOMAIN_USER_UPDATE = {"active": Bool(), "expires_at": DateTime(allow_null=True),
                      "access_code": ref(allow_null=True)}
BULK_USER = {"email": Email(required=True), "first_name": Char(max_length=150), "last_name": Char(max_length=150),
             "active": Bool(default=True, has_default=True), "marketing_optin": Bool(allow_null=True),
             "expires_at": DateTime(allow_null=True)}
BULK = {"users": ListOf(Nested(BULK_USER), required=True, min_length=1, max_length=1000)}
PUBLISH_FLAGS = ("hidden", "strict_enforce_group_visibility", "registration_required",
                 "restrict_access_start_end_dates", "allow_self_service_reenroll",
                 "unique_progress_per_enrollment", "require_all_prerequisites")


def published_fields(create: bool) -> dict[str, Field]:
    fields: dict[str, Field] = {name: Bool() for name in PUBLISH_FLAGS}
    fields.update({"slug": Slug(max_length=100), "registration_starts_at": DateTime(allow_null=True),
                   "registration_ends_at": DateTime(allow_null=True)})
    if create:
        fields["course"] = ref(required=True)
    return fields


def access_code_of(st: SkilljarState, domain: Domain, code: dict) -> Record:
    """The access code a body names, which must be one of ``domain``'s pools' codes."""
    kind = "/v1/domains/{}/access-code-pools/{}/access-codes"
    row = st.row_of(kind, code["id"])
    if row is None or not row.scope.startswith(f"{kind}|{domain.name}/"):
        raise FieldErrors({"access_code": {"id": invalid_pk(code["id"])}})
    return row


def course_to_publish(st: SkilljarState, domain: Domain, course_id: str) -> Course:
    """The course named by the body, which must exist and not be published to ``domain`` yet."""
    course = st.courses.get(course_id)
    if course is None:
        raise FieldErrors({"course": {"id": invalid_pk(course_id)}})
    if any(p.course_id == course.id for p in st.published_courses.where("domain_name", domain.name)):
        raise FieldErrors({"non_field_errors": ["This course is already published to this domain."]})
    return course
