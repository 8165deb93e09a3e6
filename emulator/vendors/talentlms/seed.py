"""Realistic seeded data: the owner, users, categories, courses with units, groups, branches,
enrollments with progress, custom fields, certifications, badges, ILT sessions and timeline history.

Draws from the Seeder's pools and its rng (never one Faker call per field), so 100,000 users seed in
a few seconds and the same seed gives the same bytes. Every seeded user's password is
``SEED_PASSWORD``; the owner (id 1, ``admin``) is the account's SuperAdmin.
"""

from __future__ import annotations

from typing import Any

from ...config import TenantConfig
from ...core.seeding import SEED_EPOCH, Seeder, paused_gc
from .models import (Badge, Branch, Category, Certification, Course, CustomField, Enrollment, Group,
                     IltSession, TimelineEntry, Unit, UnitProgress, User)
from .store import TalentState

SEED_PASSWORD = "Demo-Pass-2026"
OWNER_LOGIN = "admin"
DEFAULT_SIZES = {"users": 50, "courses": 12, "categories": 5, "groups": 4, "branches": 3,
                 "enrollments": 150, "custom_fields": 4, "timeline": 120}
TIMEZONES = ["(GMT 00:00) Greenwich Mean Time: Edinburgh, Lisbon, London", "(GMT +02:00) Athens, Istanbul, Minsk",
             "(GMT -05:00) Eastern Time (US & Canada)", "(GMT -08:00) Pacific Time (US & Canada)",
             "(GMT +01:00) Paris, Vilnius, West Central Africa", "(GMT +05:30) Mumbai, Kolkata, Madras, New Delhi"]
USER_FIELDS = [("Department", "dropdown", "Sales;Engineering;Support;Marketing;People"),
               ("Employee ID", "text", None), ("Start date", "date", None), ("Newsletter", "checkbox", None),
               ("Office", "dropdown", "Athens;London;New York;Remote"), ("Manager email", "text", None)]
COURSE_FIELDS = [("Audience", "dropdown", "All staff;Managers;New hires"), ("Owner team", "text", None)]
UNIT_PLAN = ["Content", "Web content", "Section", "Presentation | Document", "Test", "Survey",
             "Instructor-led training", "Assignment"]
BADGES = [("Activity Newbie", "activity", "4 logins", "activity/1.png"),
          ("Learning Newbie", "learning", "1 completed course", "learning/1.png"),
          ("Test Newbie", "test", "1 passed test", "test/1.png")]
TIMELINE_KINDS = [("user_login_user", "{user} signed in", None), ("course_add_user",
                  "{user} was added to the course {course}", "course"),
                  ("course_completion", "{user} completed the course {course}", "course"),
                  ("certification_issue_certification",
                   "{user} was awarded a certification for the course {course}", "course")]


def seed(state: TalentState, seeder: Seeder, sizes: dict[str, int], config: TenantConfig) -> None:
    with paused_gc():  # millions of acyclic objects: the cyclic GC would rescan them again and again
        _seed(state, seeder, sizes, config)


def _seed(state: TalentState, seeder: Seeder, sizes: dict[str, int], config: TenantConfig) -> None:
    n = {k: max(0, int(sizes.get(k, v))) for k, v in DEFAULT_SIZES.items()}
    rng = seeder.rng
    domain = config.domain or f"{config.name}.talentlms.com"
    _custom_fields(state, n["custom_fields"])
    user_fields = [f for f in state.custom_fields if f.scope == "user"]
    _users(state, seeder, max(1, n["users"]), domain, user_fields)
    user_count = len(state.users)
    _categories(state, seeder, n["categories"])
    _courses(state, seeder, n["courses"], user_count)
    _groups(state, seeder, n["groups"], user_count)
    _branches(state, seeder, n["branches"], user_count)
    _enrollments(state, seeder, n["enrollments"], user_count)
    _badges(state, rng, user_count)
    _timeline(state, seeder, n["timeline"], user_count)


def _custom_fields(state: TalentState, count: int) -> None:
    previous = None
    for i in range(count):
        name, kind, values = USER_FIELDS[i] if i < len(USER_FIELDS) else (f"Field {i + 1}", "text", None)
        key = f"custom_field_{i + 1}"
        state.custom_fields.insert(CustomField(
            id=state.next_id("custom_fields"), key=f"user:{key}", scope="user", name=name, type=kind,
            mandatory=i == 0, dropdown_values=values, previous_key=previous, order=i + 1,
            main_domain_availability=True if i % 2 else None))
        previous = key
    for i, (name, kind, values) in enumerate(COURSE_FIELDS[:min(count, len(COURSE_FIELDS))]):
        state.custom_fields.insert(CustomField(
            id=state.next_id("custom_fields"), key=f"course:custom_field_{i + 1}", scope="course", name=name,
            type=kind, dropdown_values=values, previous_key=f"custom_field_{i}" if i else None, order=i + 1))


def _value_makers(fields: list[CustomField], seeder: Seeder):
    """One cheap closure per custom field: rng.random() indexing, no Faker, no rng.choice."""
    rng = seeder.rng
    random = rng.random
    phrases = [seeder.title(2) for _ in range(200)]
    makers = []
    for f in fields:
        name = f.key[5:]
        if f.type == "dropdown":
            values = f.dropdown_values.split(";")
            makers.append((name, lambda i, v=values: v[int(random() * len(v))]))
        elif f.type == "checkbox":
            makers.append((name, lambda i: "on" if random() < 0.4 else "off"))
        elif f.type == "date":  # the dash format getusersbycustomfield searches with (seed 004 p.20)
            makers.append((name, lambda i: f"{1 + int(random() * 28)}-{1 + int(random() * 12)}-"
                                           f"{2015 + int(random() * 11)}"))
        elif f.name == "Employee ID":
            makers.append((name, lambda i: f"E{100000 + i}"))
        else:
            makers.append((name, lambda i: None if random() < 0.3 else phrases[int(random() * 200)]))
    return makers


def _users(state: TalentState, seeder: Seeder, count: int, domain: str, fields: list[CustomField]) -> None:
    rng = seeder.rng
    owner_time = SEED_EPOCH - 800 * 86400
    state.users.insert(User(id=state.next_id("users"), login=OWNER_LOGIN, first_name="Ada", last_name="Admin",
                            email=f"admin@{domain}", password=SEED_PASSWORD, user_type="SuperAdmin",
                            timezone=TIMEZONES[0], created_on=owner_time, last_updated=owner_time, level=5,
                            points=1200, bio="Account owner", last_login=SEED_EPOCH - 3600))
    rows: list[User] = []
    add = rows.append
    first_names, last_names, domains = seeder.first_names, seeder.last_names, seeder.email_domains
    nf, nl, nd, nt = len(first_names), len(last_names), len(domains), len(TIMEZONES)
    random = rng.random
    makers = _value_makers(fields, seeder)
    span = 700 * 86400
    for i in range(2, count + 1):
        first, last = first_names[int(random() * nf)], last_names[int(random() * nl)]
        login = f"{first}.{last}{i}".lower().replace(" ", "").replace("'", "")
        created = float(int(SEED_EPOCH - random() * span))
        updated = float(int(created + random() * (SEED_EPOCH - created)))
        r = random()
        user_type = "Learner-Type" if r < 0.93 else ("Trainer-Type" if r < 0.98 else "Admin-Type")
        custom = {}
        for name, make in makers:
            value = make(i)
            if value is not None:
                custom[name] = value
        add(User(id=i, login=login, first_name=first, last_name=last,
                    email=f"{login}@{domains[int(random() * nd)]}", password=SEED_PASSWORD, user_type=user_type,
                    timezone=TIMEZONES[int(random() * nt)], status="active" if random() < 0.92 else "inactive",
                    level=1 + int(random() * 4), points=int(random() * 900), created_on=created,
                    last_updated=updated, custom=custom, last_login=updated if random() < 0.5 else None))
    state.users.insert_many(rows)
    state.meta["next_users"] = count + 1


def _categories(state: TalentState, seeder: Seeder, count: int) -> None:
    for i in range(1, count + 1):
        parent = None if i <= max(1, count // 2) else seeder.rng.randint(1, max(1, count // 2))
        state.categories.insert(Category(id=state.next_id("categories"), name=seeder.title(2),
                                         price=0.0 if seeder.chance(0.7) else float(seeder.rng.choice([49, 99])),
                                         parent_id=parent))


def _trainer(state: TalentState, rng, user_count: int) -> int:
    for _ in range(6):
        candidate = state.users.get(rng.randint(1, user_count))
        if candidate is not None and candidate.user_type in ("Trainer-Type", "Admin-Type", "SuperAdmin"):
            return candidate.id
    return 1


def _courses(state: TalentState, seeder: Seeder, count: int, user_count: int) -> None:
    rng = seeder.rng
    cats = len(state.categories)
    course_fields = [f for f in state.custom_fields if f.scope == "course"]
    for i in range(1, count + 1):
        created = seeder.past(600, 30)
        cert = rng.choice([None, "Classic", "Fancy"])
        course = Course(
            id=state.next_id("courses"), name=seeder.title(3), code=f"C{i:03d}" if rng.random() < 0.5 else "",
            category_id=rng.randint(1, cats) if cats else None, description=seeder.sentence(14),
            price=0.0 if rng.random() < 0.75 else float(rng.choice([19, 29, 49.5, 99])), created_on=created,
            updated_on=created + rng.randint(0, 20) * 86400, creator_id=_trainer(state, rng, user_count),
            level=rng.choice([None, 1, 2]), shared=rng.random() < 0.2, shared_key=seeder.base36(8).upper(),
            certification=cert, certification_duration=None if cert is None else rng.choice(["Forever", "1 year"]),
            rules=["You must complete all content"] if rng.random() < 0.6 else [],
            prerequisite_ids=[rng.randint(1, i - 1)] if i > 2 and rng.random() < 0.2 else [],
            custom={f.key[7:]: rng.choice((f.dropdown_values or "core;elective").split(";")) for f in course_fields})
        state.courses.insert(course)
        _units(state, seeder, course)
        state.enrollments.insert(Enrollment(id=state.next_id("enrollments"), key=f"{course.creator_id}:{course.id}",
                                            user_id=course.creator_id, course_id=course.id, role="instructor",
                                            enrolled_on=created))


def _units(state: TalentState, seeder: Seeder, course: Course) -> None:
    rng = seeder.rng
    kinds = UNIT_PLAN[:2] + rng.sample(UNIT_PLAN[2:], rng.randint(2, 4))
    for pos, kind in enumerate(kinds):
        unit = Unit(id=state.next_id("units"), course_id=course.id, type=kind, name=seeder.title(2), position=pos,
                    delay_time=rng.choice([0, 60, 1440]) if kind == "Section" else None,
                    questions=_questions(seeder, kind))
        state.units.insert(unit)
        if kind == "Instructor-led training":
            for k in range(2):
                state.ilt_sessions.insert(IltSession(
                    id=state.next_id("ilt_sessions"), unit_id=unit.id, name=f"Session #{k + 1}",
                    type=rng.choice(["classroom", "webinar"]), owner_id=course.creator_id,
                    instructor_id=course.creator_id, location=rng.choice(["", "Room 1", "Main office"]),
                    start=SEED_EPOCH + (k + 1) * 7 * 86400 + 9 * 3600, capacity=rng.choice([None, 20, 100]),
                    duration_minutes=rng.choice([60, 90, 120])))


def _questions(seeder: Seeder, kind: str) -> list[dict[str, Any]]:
    if kind == "Test":
        return [{"id": 1, "text": seeder.sentence(6)[:-1] + "?", "type": "Multiple choice", "weight": 1,
                 "answers": ["yes", "no"], "correct": ["yes"]},
                {"id": 2, "text": seeder.sentence(7)[:-1] + "?", "type": "Free text", "weight": 1,
                 "answers": [], "correct": []}]
    if kind == "Survey":
        return [{"id": 1, "text": seeder.sentence(6)[:-1] + "?", "type": "Multiple choice",
                 "answers": ["yes", "no", "maybe"]},
                {"id": 2, "text": seeder.sentence(6)[:-1] + "?", "type": "Free text", "answers": []}]
    return []


def _groups(state: TalentState, seeder: Seeder, count: int, user_count: int) -> None:
    rng = seeder.rng
    courses = len(state.courses)
    for _i in range(1, count + 1):
        key = seeder.base36(9)
        course_ids = sorted(rng.sample(range(1, courses + 1), min(courses, rng.randint(1, 3)))) if courses else []
        state.groups.insert(Group(id=state.next_id("groups"), name=seeder.title(2) + " Team", key=key,
                                  description=seeder.sentence(8), course_ids=course_ids))
    _members(state, rng, "group_ids", count, user_count)


def _branches(state: TalentState, seeder: Seeder, count: int, user_count: int) -> None:
    rng = seeder.rng
    courses = len(state.courses)
    used = set()
    for i in range(1, count + 1):
        name = rng.choice(seeder.words).lower()
        while name in used:
            name = f"{rng.choice(seeder.words).lower()}{i}"
        used.add(name)
        course_ids = sorted(rng.sample(range(1, courses + 1), min(courses, rng.randint(1, 4)))) if courses else []
        state.branches.insert(Branch(id=state.next_id("branches"), name=name, description=seeder.sentence(6),
                                     theme=rng.choice(["Default", "Green", "Blue"]), course_ids=course_ids,
                                     timezone=rng.choice(TIMEZONES)))
    _members(state, rng, "branch_ids", count, user_count)


def _members(state: TalentState, rng, field: str, count: int, user_count: int) -> None:
    """A few members per group/branch (at most 40 each): seeding stays O(count), not O(users)."""
    if not count:
        return
    for target in range(1, count + 1):
        for _ in range(min(user_count - 1, rng.randint(2, 40))):
            user = state.users.get(rng.randint(2, max(2, user_count)))
            if user is not None and target not in getattr(user, field):
                state.users.update(user, **{field: [*getattr(user, field), target]})


def _enrollments(state: TalentState, seeder: Seeder, count: int, user_count: int) -> None:
    rng = seeder.rng
    courses = len(state.courses)
    if not courses or user_count < 2:
        return
    attempts, budget = 0, count * 4 + 20
    while count > 0 and attempts < budget:
        attempts += 1
        user_id, course_id = rng.randint(2, user_count), rng.randint(1, courses)
        key = f"{user_id}:{course_id}"
        if state.enrollments.by("key", key) is not None:
            continue
        count -= 1
        course = state.courses.get(course_id)
        enrolled = float(int(max(course.created_on, SEED_EPOCH - rng.random() * 300 * 86400)))
        r = rng.random()
        status = "completed" if r < 0.35 else ("incomplete" if r < 0.75 else "not_attempted")
        row = Enrollment(id=state.next_id("enrollments"), key=key, user_id=user_id, course_id=course_id,
                         enrolled_on=enrolled, status=status,
                         role="learner" if rng.random() < 0.97 else "instructor")
        _progress(state, rng, row, course)
        state.enrollments.insert(row)


def _progress(state: TalentState, rng, row: Enrollment, course: Course) -> None:
    if row.status == "not_attempted":
        return
    units = [u for u in sorted(state.units.where("course_id", course.id), key=lambda u: u.position)
             if u.type != "Section"]
    done = len(units) if row.status == "completed" else rng.randint(0, max(0, len(units) - 1))
    when = row.enrolled_on
    total = 0
    for unit in units[:done]:
        spent = rng.randint(40, 900)
        when += spent + rng.randint(60, 86400)
        total += spent
        score = rng.choice([60, 80, 100]) if unit.type == "Test" else (100 if unit.type != "Survey" else None)
        answers = {}
        if unit.type in ("Test", "Survey"):
            answers = {"1": [rng.choice(unit.questions[0]["answers"])], "2": ["My answer"]}
        state.unit_progress.insert(UnitProgress(
            id=state.next_id("unit_progress"), key=f"{unit.id}:{row.user_id}", unit_id=unit.id,
            user_id=row.user_id, course_id=course.id, status="Completed", score=score, completed_on=when,
            total_time=spent, answers=answers))
    if done < len(units) and row.status == "incomplete":
        unit = units[done]
        state.unit_progress.insert(UnitProgress(
            id=state.next_id("unit_progress"), key=f"{unit.id}:{row.user_id}", unit_id=unit.id,
            user_id=row.user_id, course_id=course.id, status="In progress", score=None, total_time=120))
        total += 120
    row.total_time = total
    row.percentage = 100 if row.status == "completed" else (int(100 * done / len(units)) if units else 0)
    if row.status == "completed":
        row.completed_on = when
        if course.certification:
            state.certifications.insert(Certification(
                id=state.next_id("certifications"), key=row.key, user_id=row.user_id, course_id=course.id,
                unique_id=str(rng.randint(10 ** 13, 10 ** 14 - 1)), issued=when,
                expires=None if course.certification_duration == "Forever" else when + 365 * 86400,
                signature=format(rng.getrandbits(120), "x")))


def _badges(state: TalentState, rng, user_count: int) -> None:
    for _ in range(min(user_count, 40)):
        user_id = rng.randint(1, user_count)
        name, kind, criteria, image = rng.choice(BADGES)
        state.badges.insert(Badge(id=state.next_id("badges"), user_id=user_id, name=name, type=kind,
                                  criteria=criteria, image=image,
                                  issued=float(int(SEED_EPOCH - rng.random() * 200 * 86400))))


def _timeline(state: TalentState, seeder: Seeder, count: int, user_count: int) -> None:
    rng = seeder.rng
    courses = len(state.courses)
    times = sorted(seeder.past(365) for _ in range(count))
    for when in times:
        action, template, kind = rng.choice(TIMELINE_KINDS if courses else TIMELINE_KINDS[:1])
        user = state.users.get(rng.randint(1, user_count))
        course = state.courses.get(rng.randint(1, courses)) if kind else None
        short = f"{user.first_name[:1]}. {user.last_name}"
        filters = [f"user:{user.id}"] + ([f"course:{course.id}"] if course else [])
        state.timeline.insert(TimelineEntry(
            id=state.next_id("timeline"), action=action,
            message=template.format(user=short, course=course.name if course else ""), time=when,
            user_id=user.id, user_username=user.login, user_email=user.email,
            user_fullname=f"{user.first_name} {user.last_name}", object_id=course.id if course else None,
            object_name=course.name if course else None, filters=filters))
