"""TalentLMS's objects as plain dataclasses with JSON-typed fields.

Timestamps are float epoch seconds (UTC); prices are floats; flags are bools. How they look on the
wire (string ids, ``DD/MM/YYYY, HH:MM:SS``, ``&#36;0.00``, ``"0"``/``"1"``) is the business of the serialize package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class User:
    id: int
    login: str
    first_name: str
    last_name: str
    email: str
    password: str
    user_type: str = "Learner-Type"
    timezone: str = "(GMT 00:00) UTC"
    language: str = "English"
    status: str = "active"  # active | inactive
    restrict_email: bool = False
    deactivation_date: float | None = None  # the instant the user turns inactive (end of that day)
    level: int = 1
    points: int = 0
    credits: int = 0
    created_on: float = 0.0
    last_updated: float = 0.0
    avatar: str | None = None
    bio: str | None = None
    custom: dict[str, str] = field(default_factory=dict)  # custom_field_N -> value
    branch_ids: list[int] = field(default_factory=list)
    group_ids: list[int] = field(default_factory=list)
    online_until: float | None = None  # a web session opened through a login key lasts until then
    last_login: float | None = None
    deleted_on: float | None = None  # set on soft delete (the row then lives in deleted_users)


@dataclass
class Course:
    id: int
    name: str
    code: str = ""
    category_id: int | None = None
    description: str = ""
    price: float = 0.0
    status: str = "active"
    created_on: float = 0.0
    updated_on: float = 0.0
    creator_id: int = 1
    hide_from_catalog: bool = False
    time_limit: int = 0
    start_datetime: float | None = None
    expiration_datetime: float | None = None
    level: int | None = None
    shared: bool = False
    shared_key: str = ""
    certification: str | None = None
    certification_duration: str | None = None
    custom: dict[str, str] = field(default_factory=dict)
    rules: list[str] = field(default_factory=list)
    prerequisite_ids: list[int] = field(default_factory=list)


@dataclass
class Enrollment:
    id: int
    key: str  # "user_id:course_id"
    user_id: int
    course_id: int
    role: str = "learner"  # learner | instructor
    enrolled_on: float = 0.0
    status: str = "not_attempted"  # not_attempted | incomplete | completed
    percentage: int = 0
    completed_on: float | None = None
    expired_on: float | None = None
    total_time: int | None = None  # seconds; None until the course is first opened


@dataclass
class Unit:
    id: int
    course_id: int
    type: str  # Content, Web content, Test, Survey, Assignment, Instructor-led training, Section...
    name: str
    position: int = 0
    delay_time: int | None = None  # sections only, minutes
    questions: list[dict[str, Any]] = field(default_factory=list)  # tests and surveys


@dataclass
class UnitProgress:
    id: int
    key: str  # "unit_id:user_id"
    unit_id: int
    user_id: int
    course_id: int
    status: str = "Not attempted"  # Not attempted | In progress | Completed | Passed | Failed
    score: int | None = None
    completed_on: float | None = None
    total_time: int = 0
    answers: dict[str, Any] = field(default_factory=dict)  # question id -> the user's answers


@dataclass
class IltSession:
    id: int
    unit_id: int
    name: str
    type: str = "classroom"  # classroom | webinar
    owner_id: int = 1
    instructor_id: int = 1
    description: str = ""
    location: str = ""
    start: float = 0.0
    capacity: int | None = None  # None: unlimited
    duration_minutes: int = 60


@dataclass
class Category:
    id: int
    name: str
    price: float = 0.0
    parent_id: int | None = None


@dataclass
class Group:
    id: int
    name: str
    key: str
    description: str = ""
    price: float = 0.0
    owner_id: int = 1
    belongs_to_branch: int | None = None
    max_redemptions: int | None = None
    redemptions_sofar: int | None = None
    course_ids: list[int] = field(default_factory=list)


@dataclass
class Branch:
    id: int
    name: str
    description: str = ""
    status: str = "active"
    theme: str = "Default"
    timezone: str = "(GMT 00:00) UTC"
    signup_method: str = "manual"
    signup_type: str = "manual"
    verification: str = ""
    internal_announcement: str = ""
    external_announcement: str = ""
    language: str = "en"
    user_type: str = "Learner-Type"
    group_id: int | None = None
    registration_email_restriction: str | None = None
    users_limit: int | None = None
    disallow_global_login: bool = False
    payment_processor: str = ""
    currency: str = "US Dollar"
    paypal_email: str = ""
    ecommerce_subscription: bool = False
    ecommerce_subscription_price: float = 0.0
    ecommerce_subscription_interval: str = ""
    ecommerce_credits: int = 0
    course_ids: list[int] = field(default_factory=list)
    creator_id: int = 1


@dataclass
class CustomField:
    id: int
    key: str  # "user:custom_field_1" / "course:custom_field_1" (unique per scope)
    scope: str  # user | course
    name: str
    type: str = "text"  # text | dropdown | checkbox | date
    mandatory: bool = False
    visible_on_reports: bool = True
    dropdown_values: str | None = None
    checkbox_status: str = "off"
    selective_availability: bool = False
    main_domain_availability: bool | None = None
    previous_key: str | None = None
    order: int = 1


@dataclass
class Certification:
    id: int
    key: str  # "user_id:course_id"
    user_id: int
    course_id: int
    unique_id: str
    issued: float
    expires: float | None = None
    signature: str = ""


@dataclass
class Badge:
    id: int
    user_id: int
    name: str
    type: str
    criteria: str
    image: str
    issued: float
    badge_set_id: int = 1


@dataclass
class TimelineEntry:
    id: int
    action: str  # an Appendix B event type, e.g. "user_login_user"
    message: str
    time: float
    user_id: int | None = None
    user_username: str | None = None
    user_email: str | None = None
    user_fullname: str | None = None
    object_id: int | None = None
    object_name: str | None = None
    secondary_object_id: int | None = None
    secondary_object_name: str | None = None
    event_counter: int = 1
    filters: list[str] = field(default_factory=list)  # "user:5", "course:3"... for gettimeline filters


@dataclass
class LoginKey:
    id: str  # the key itself
    user_id: int
    kind: str  # autologin | gotocourse
    created: float
    course_id: int | None = None
    logout_redirect: str | None = None
    course_completed_redirect: str | None = None
