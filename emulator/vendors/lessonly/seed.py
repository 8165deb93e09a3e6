"""A realistic seeded company: users with every role, groups, tagged lessons, courses, nested paths,
and assignments in every status. Same seed, same bytes. Ids start where the 2016 recordings' ids sit,
so they look like Lessonly's."""

from __future__ import annotations

from ...config import TenantConfig
from ...core.seeding import SEED_EPOCH, Seeder, chooser, paused_gc, ranger
from .models import (Assignment, Course, CustomUserField, CustomUserFieldValue, Group, GroupAssignment, Lesson,
                     Path, Tag, User)
from .store import PATH_TYPE, ROLE_IDS, LessonlyState, key_of

STARTS = {"users": 544547, "groups": 9539, "tags": 18448, "lessons": 29414, "courses": 3934, "paths": 271,
          "assignments": 941035, "custom_user_fields": 2096, "custom_values": 1823576, "group_assignments": 5001}
DEFAULT_SIZES = {"users": 40, "groups": 6, "tags": 5, "lessons": 15, "courses": 3, "paths": 4, "assignments": 80}
DEPARTMENTS = ("Sales", "Support", "Product", "Engineering", "Marketing", "People")
LOCATIONS = ("Indianapolis", "Chicago", "Remote", "Austin", "Denver")
UNITS = ("Global", "North America", "EMEA")
CUSTOM_FIELDS = ("SMS Reminder Phone Number", "Region", "Cost Center")
DAY = 86400.0


def seed(state: LessonlyState, seeder: Seeder, sizes: dict[str, int], config: TenantConfig) -> None:
    with paused_gc():
        _seed(state, seeder, sizes)


def _seed(state: LessonlyState, seeder: Seeder, sizes: dict[str, int]) -> None:
    for table, start in STARTS.items():
        state.meta["next_" + table] = start
    rng = seeder.rng
    fields = [state.custom_user_fields.insert(CustomUserField(state.next_id("custom_user_fields"), name))
              for name in CUSTOM_FIELDS]
    users = _users(state, seeder, sizes.get("users", 0), fields)
    tag_rows = [state.tags.insert(Tag(state.next_id("tags"), seeder.title(1))) for _ in range(sizes.get("tags", 0))]
    tag_ids = [t.id for t in tag_rows]

    def some_tags() -> list[int]:
        return sorted(rng.sample(tag_ids, k=min(len(tag_ids), rng.randint(0, 2)))) if tag_ids else []

    lessons = []
    for _ in range(sizes.get("lessons", 0)):
        created = seeder.past(900, 200)
        lessons.append(state.lessons.insert(Lesson(
            state.next_id("lessons"), seeder.title(3), seeder.sentence(8) if rng.random() < 0.8 else None,
            rng.choice((0, 70, 80, 90, 100)), rng.random() < 0.3, created,
            created + rng.uniform(0, 150) * DAY if rng.random() < 0.8 else None,
            seeder.past(150) if rng.random() < 0.1 else None, None, some_tags(), rng.randint(0, 12))))
    lesson_ids = [x.id for x in lessons]
    owner_ids = [u.id for u in users if u.role in ("admin", "creator")] or [None]
    courses = []
    for _ in range(sizes.get("courses", 0)):
        created = seeder.past(1500, 900)
        courses.append(state.courses.insert(Course(
            state.next_id("courses"), seeder.title(2) + " Course", seeder.sentence(6), rng.choice(owner_ids),
            rng.sample(lesson_ids, k=min(len(lesson_ids), 3)), False, created, None, None, None, some_tags())))
    paths = _paths(state, seeder, sizes.get("paths", 0), lesson_ids, owner_ids, some_tags)
    groups = _groups(state, seeder, sizes.get("groups", 0), users)
    _assignments(state, seeder, sizes.get("assignments", 0), users, lessons, paths, courses)
    for group in groups:
        for _ in range(rng.randint(0, 3)):
            kind, pool = rng.choice((("Lesson", lessons), (PATH_TYPE, paths)))
            if pool:
                state.group_assignments.insert(GroupAssignment(state.next_id("group_assignments"), group.id, kind,
                                                               rng.choice(pool).id))


def _users(state: LessonlyState, seeder: Seeder, count: int, fields: list[CustomUserField]) -> list[User]:
    """``count`` users, about half with a custom field value; the tables loaded in one go at the end.

    Every draw is the one ``rng.choice``/``rng.randint``/``rng.uniform`` made in the same order before
    (chooser and ranger draw the same values), so the same seed gives the same users as it always did.
    """
    rng = seeder.rng
    random = rng.random
    roles = ("admin", "manager", "creator") + ("learner",) * 7
    role_of, unit_of = chooser(rng, roles), chooser(rng, (*UNITS, ""))
    department_of, location_of = chooser(rng, (*DEPARTMENTS, "")), chooser(rng, (*LOCATIONS, "", None))
    blank, blank_or_name = chooser(rng, ("", None)), ranger(rng, 0, 2)  # rng.choice(("", None, name))
    views, completed, unique_views = ranger(rng, 0, 60), ranger(rng, 0, 8), ranger(rng, 0, 15)
    field_of = chooser(rng, fields) if fields else None
    user_id, value_id = state.meta["next_users"], state.meta["next_custom_values"]
    users: list[User] = []
    values: list[CustomUserFieldValue] = []
    for i in range(count):
        first, last, login, email = seeder.person(i)
        role = "admin" if i == 0 else role_of()
        created = float(int(SEED_EPOCH - (1 + 1199 * random()) * DAY))  # seeder.past(1200, 1)
        ext_uid = f"E{100000 + i}" if random() < 0.7 else None
        job_title = rng.choice(seeder.jobs) if i < 50 and random() < 0.6 else blank()
        unit, department, location = unit_of(), department_of(), location_of()
        hire_date = _date(created) if random() < 0.6 else None
        manager = f"{seeder._first_name()} {seeder._last_name()}"
        manager = ("", None, manager)[blank_or_name()]
        phone = f"317555{i % 10000:04d}" if random() < 0.3 else None
        sso_id = f"sso|{login}" if random() < 0.5 else None
        archived = seeder.past(120) + round(random(), 3) if i > 0 and random() < 0.08 else None
        updated = created + 30 * random() * DAY  # rng.uniform(0, 30)
        library_views = views()
        user = User(
            id=user_id, name=f"{first} {last}", email=email, role=role, role_id=ROLE_IDS[role], ext_uid=ext_uid,
            job_title=job_title, business_unit=unit, department=department, location=location, locale="en",
            hire_date=hire_date, manager_name=manager, mobile_phone_number=phone, sso_id=sso_id,
            archived_at=archived, created_at=created, updated_at=updated, library_views=library_views,
            library_unique_views=0, library_completed=completed())
        user.library_unique_views = min(library_views, unique_views())
        users.append(user)
        if random() < 0.5 and field_of is not None:
            field = field_of()
            value = f"317555{i % 10000:04d}" if field.id == fields[0].id else seeder.title(1)
            values.append(CustomUserFieldValue(value_id, user_id, field.id, value))
            value_id += 1
        user_id += 1
    state.users.insert_many(users)
    state.custom_values.insert_many(values)
    state.meta["next_users"], state.meta["next_custom_values"] = user_id, value_id
    return users


def _date(ts: float) -> str:
    import time

    return time.strftime("%Y-%m-%d", time.gmtime(ts))


def _paths(state, seeder, count, lesson_ids, owner_ids, some_tags) -> list[Path]:
    rng = seeder.rng
    paths: list[Path] = []
    for n in range(count):
        created = seeder.past(800, 100)
        contents: list[dict] = [{"resource_type": "lesson", "id": x}
                                for x in rng.sample(lesson_ids, k=min(len(lesson_ids), 2))]
        if lesson_ids:
            contents.append({"id": 1 + n * 3, "resource_type": "wait_step", "effect": "locked",
                             "condition": "prev_step_finished", "unit": "days", "amount": rng.randint(1, 5)})
        if paths and n % 2 == 1:
            contents.append({"resource_type": "path", "id": paths[0].id})
        if rng.random() < 0.4:
            contents.append({"id": 2 + n * 3, "resource_type": "placeholder", "description": seeder.sentence(5)})
        published = created + DAY + round(rng.random(), 3) if rng.random() < 0.8 else None
        paths.append(state.paths.insert(Path(
            state.next_id("paths"), seeder.title(2) + " Onboarding", seeder.sentence(8), rng.random() < 0.5,
            rng.random() < 0.3, rng.random() < 0.25, created, created + rng.uniform(1, 90) * DAY, published,
            rng.choice(owner_ids) if published else None, None, None, some_tags(), contents)))
    return paths


def _groups(state, seeder, count, users) -> list[Group]:
    rng = seeder.rng
    groups = []
    managers = [u.id for u in users if u.role in ("admin", "manager")]
    user_ids = [u.id for u in users]  # once, not once per group (a million users: 0.1 s each)
    for i in range(count):
        members = sorted(rng.sample(user_ids, k=min(len(users), rng.randint(0, 12))))
        heads = sorted(rng.sample(managers, k=min(len(managers), rng.randint(0, 2))))
        name = f"{DEPARTMENTS[i % len(DEPARTMENTS)]} - {rng.choice(LOCATIONS)}"
        groups.append(state.groups.insert(Group(state.next_id("groups"), name, members, heads,
                                                seeder.past(90) if rng.random() < 0.1 else None, None,
                                                seeder.past(1000, 200))))
    return groups


def _assignments(state, seeder, count, users, lessons, paths, courses) -> None:
    rng = seeder.rng
    if not users or not (lessons or paths):
        return
    seen: set[tuple[int, str]] = set()
    kinds = [("Lesson", lessons)] * 6 + [(PATH_TYPE, paths)] * 3 + [("Course", courses)]
    kinds = [k for k in kinds if k[1]]
    for _ in range(count):
        user = rng.choice(users)
        kind, pool = rng.choice(kinds)
        target = rng.choice(pool)
        key = key_of(kind, target.id)
        if (user.id, key) in seen:
            continue
        seen.add((user.id, key))
        assigned = seeder.past(400, 10)
        roll = rng.random()
        due = assigned + rng.uniform(7, 60) * DAY if rng.random() < 0.7 else None
        if roll < 0.45:
            state_, started = "completed", assigned + rng.uniform(0, 5) * DAY
            completed, score = started + rng.uniform(0.01, 2) * DAY, rng.choice((70, 80, 90, 100))
        elif roll < 0.5:
            state_, started, completed, score = "grade_pending", assigned + DAY, None, 0
        else:
            state_, completed, score = "incomplete", None, 0
            started = assigned + DAY if rng.random() < 0.4 else None
            if due is not None and rng.random() < 0.5:
                due = SEED_EPOCH + rng.uniform(400, 800) * DAY  # still open, due in the future
        updated = max(t for t in (assigned, started, completed) if t is not None)
        state.assignments.insert(Assignment(state.next_id("assignments"), user.id, kind, target.id, key, state_,
                                            due, assigned, None, started, completed, updated, score))
