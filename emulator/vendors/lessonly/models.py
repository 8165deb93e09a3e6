"""Plain rows of a Lessonly company. JSON-typed fields only; timestamps are float epoch seconds.

The shapes Lessonly sends live in ``serialize.py``; these rows hold what the store needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class User:
    id: int
    name: str
    email: str
    role: str  # admin | manager | creator | learner
    role_id: int
    ext_uid: str | None = None
    job_title: str | None = None
    business_unit: str | None = None
    department: str | None = None
    location: str | None = None
    locale: str = "en"
    hire_date: str | None = None  # "YYYY-MM-DD"
    manager_name: str | None = None
    mobile_phone_number: str | None = None
    sso_id: str | None = None
    archived_at: float | None = None
    archived_by_user_id: int | None = None
    created_at: float = 0.0
    updated_at: float = 0.0
    # Learning Library counters (only views are tracked separately from assignments)
    library_views: int = 0
    library_unique_views: int = 0
    library_completed: int = 0


@dataclass
class CustomUserField:
    id: int
    name: str


@dataclass
class CustomUserFieldValue:
    id: int
    user_id: int
    custom_user_field_id: int
    value: str


@dataclass
class Group:
    id: int
    name: str
    member_ids: list[int] = field(default_factory=list)
    manager_ids: list[int] = field(default_factory=list)
    archived_at: float | None = None
    archived_by_user_id: int | None = None
    created_at: float = 0.0


@dataclass
class Tag:
    id: int
    name: str


@dataclass
class Lesson:
    id: int
    title: str
    description: str | None = None
    retake_score: int = 80
    public: bool = False
    created_at: float = 0.0
    last_updated_at: float | None = None
    archived_at: float | None = None
    archived_by_user_id: int | None = None
    tag_ids: list[int] = field(default_factory=list)
    completions_other: int = 0  # completions not through an assignment (Learning Library, shares)


@dataclass
class Course:
    id: int
    title: str
    description: str | None = None
    owner_id: int | None = None
    lesson_ids: list[int] = field(default_factory=list)
    public: bool = False
    created_at: float = 0.0
    last_updated_at: float | None = None
    archived_at: float | None = None
    archived_by_user_id: int | None = None
    tag_ids: list[int] = field(default_factory=list)


@dataclass
class Path:
    id: int
    title: str
    description: str | None = None
    enforced_order: bool = False
    public: bool = False
    is_certification: bool = False
    created_at: float = 0.0
    last_updated_at: float | None = None
    published_at: float | None = None
    publisher_id: int | None = None
    archived_at: float | None = None
    archived_by_user_id: int | None = None
    tag_ids: list[int] = field(default_factory=list)
    #: steps: {"resource_type": "lesson"|"path", "id": N} or a wait_step / placeholder with its own fields
    contents: list[dict] = field(default_factory=list)


@dataclass
class Assignment:
    id: int
    assignee_id: int
    assignable_type: str  # "Lesson" | "LearningPaths::Path" | "Course"
    assignable_id: int
    assignable_key: str  # "Lesson:12": index key for an assignable's assignments
    state: str = "incomplete"  # incomplete | completed | grade_pending ("Overdue" is derived from due_by)
    due_by: float | None = None
    assigned_at: float = 0.0
    reassigned_at: float | None = None
    started_at: float | None = None
    completed_at: float | None = None
    updated_at: float = 0.0
    score: int | None = None  # percent


@dataclass
class GroupAssignment:
    id: int
    group_id: int
    assignable_type: str
    assignable_id: int
