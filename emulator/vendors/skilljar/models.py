"""Plain rows of a Skilljar tenant. JSON types only; timestamps are float epoch seconds.

Membership rows (domain users, group members) are rows of their own so the SCIM profile can share
them: a user's ``active`` state lives on its domain memberships, exactly as in Skilljar.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class User:
    id: str
    email: str
    first_name: str = ""
    last_name: str = ""
    signed_up_at: float = 0.0
    latest_activity: float = 0.0
    inactive_at: float | None = None
    anonymized: bool = False
    external_id: str | None = None  # for the SCIM profile; not part of the REST shapes
    modified_at: float = 0.0  # the last change to the user's own details or state (SCIM meta.lastModified)


@dataclass
class Domain:
    id: str
    name: str
    catalog_title: str = ""
    access: str = "PUBLIC"  # PUBLIC | PRIVATE | PRIVATE_CODE
    access_code_message_html: str = ""
    marketing_message: str = ""


@dataclass
class DomainUser:
    id: str  # "<domain_name>|<user_id>"
    domain_name: str
    user_id: str
    active: bool = True
    marketing_optin: bool | None = None
    enrolled_at: float = 0.0
    expires_at: float | None = None
    login_token: str = ""
    access_code_id: str | None = None  # the access code the learner joined with (a table-driven row)


@dataclass
class Label:
    id: str
    name: str


@dataclass
class Course:
    id: str
    title: str
    short_description: str
    enforce_sequential_navigation: bool = False
    long_description_html: str = ""
    label_ids: list = field(default_factory=list)
    display_course_and_lesson_time: bool = False
    manual_course_time: str = ""
    display_manual_course_time: bool = False
    course_and_lesson_time_format: str = "HOURS_MINUTES_SECONDS"
    lesson_count: int = 0
    required_lesson_count: int = 0
    created_at: float = 0.0
    modified_at: float = 0.0


@dataclass
class PublishedCourse:
    id: str
    course_id: str
    domain_name: str
    slug: str = ""
    hidden: bool = False
    strict_enforce_group_visibility: bool = False
    registration_required: bool = True
    registration_starts_at: float | None = None
    registration_ends_at: float | None = None
    restrict_access_start_end_dates: bool = False
    allow_self_service_reenroll: bool = False
    unique_progress_per_enrollment: bool = False
    require_all_prerequisites: bool = False
    created_at: float = 0.0


@dataclass
class Enrollment:
    """A course enrollment and the progress that goes with it."""

    id: str
    published_course_id: str
    user_id: str
    domain_name: str
    enrolled_at: float = 0.0
    expires_at: float | None = None
    active: bool = True
    course_progress_id: str = ""
    completed_lesson_count: int = 0
    completed_required_lesson_count: int = 0
    completed_at: float | None = None
    latest_activity: float = 0.0
    score: int | None = None
    max_score: int | None = None
    credits_earned: str = "0"
    credit_unit_plural: str = "Credits"
    success_status: str | None = None


@dataclass
class Group:
    id: str
    name: str
    discount_percent: int | None = None
    group_category_id: str | None = None
    sign_up_field_rule: dict | None = None
    rule_email_domains: list = field(default_factory=list)
    created_at: float = 0.0
    external_id: str | None = None  # for the SCIM profile


@dataclass
class GroupMember:
    id: str  # membership id, base-36
    group_id: str
    user_id: str
    created_at: float = 0.0


@dataclass
class GroupCategory:
    id: str
    name: str


@dataclass
class PublishedPath:
    id: str
    title: str
    domain_name: str
    course_count: int = 0
    path_id: str = ""  # the underlying learning path
    slug: str = ""
    short_description: str = ""
    hidden: bool = False
    created_at: float = 0.0
    modified_at: float = 0.0
    strict_enforce_group_visibility: bool = False
    unique_progress_per_enrollment: bool = False


@dataclass
class PathEnrollment:
    id: str
    published_path_id: str
    user_id: str
    domain_name: str
    enrolled_at: float = 0.0
    expires_at: float | None = None
    active: bool = True
    path_progress_id: str = ""
    completed_course_count: int = 0
    completed_required_course_count: int = 0
    completed_at: float | None = None
    latest_activity: float = 0.0


@dataclass
class Plan:
    id: str
    title: str
    domain_name: str


@dataclass
class PlanEnrollment:
    id: str
    plan_id: str
    user_id: str
    domain_name: str
    enrolled_at: float = 0.0
    expires_at: float | None = None
    active: bool = True


@dataclass
class Webhook:
    id: str
    target_url: str
    active: bool = True
    deactivate_reason: str | None = None
    event_type: str | None = None
    basic_auth_username: str = ""
    basic_auth_password: str = ""
    additional_headers: dict = field(default_factory=dict)
    created_at: float = 0.0


@dataclass
class Record:
    """A row of a resource the table-driven routes serve (``resources.json``): lessons, quizzes, tags,
    promo codes, ILT sessions... Its fields are the document's, by name, in ``data`` (timestamps as
    float epoch seconds, like every other row).

    ``kind`` is the resource's collection path with ``{}`` for parameters (``/v1/lessons``);
    ``scope`` is the kind with the parent path's values (one list); ``key`` is what the detail route
    names (the row's own id, or for a link row such as a published course's tag, the linked row's id);
    ``ancestors`` are the ids of the rows it belongs to, so deleting one of them deletes it (CASCADE).
    """

    id: str
    kind: str
    scope: str
    key: str
    data: dict = field(default_factory=dict)
    ancestors: list = field(default_factory=list)
    created_at: float = 0.0


# A webhook's event types (SPEC EventTypeEnum): what ops publish and effects deliver.
EVENT_TYPES = ("COURSE_COMPLETION", "COURSE_ENROLLMENT", "DOMAIN_ENROLLMENT", "LESSON_COMPLETION",
               "PATH_COMPLETION", "PATH_ENROLLMENT", "PURCHASE_FULFILLMENT", "QUIZ_COMPLETION",
               "VILT_EVENT_REGISTRATION", "DASHBOARD_TASK_CREATED")
# /v1/webhooks/sample-<slug> (SPEC); note vilt-registration ↔ VILT_EVENT_REGISTRATION
SAMPLE_SLUGS = {
    "course-completion": "COURSE_COMPLETION", "course-enrollment": "COURSE_ENROLLMENT",
    "dashboard-task-created": "DASHBOARD_TASK_CREATED", "domain-enrollment": "DOMAIN_ENROLLMENT",
    "lesson-completion": "LESSON_COMPLETION", "path-completion": "PATH_COMPLETION",
    "path-enrollment": "PATH_ENROLLMENT", "purchase-fulfillment": "PURCHASE_FULFILLMENT",
    "quiz-completion": "QUIZ_COMPLETION", "vilt-registration": "VILT_EVENT_REGISTRATION",
}
