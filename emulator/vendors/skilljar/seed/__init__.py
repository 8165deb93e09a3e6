"""Seeded, realistic Skilljar data: domains, courses and their publications, learners with
memberships, enrollments and progress, groups, categories, labels, paths and plans.

Same seed → same rows and ids (ids come from the state's salted counter, timestamps from SEED_EPOCH).
"""

from __future__ import annotations

from typing import Callable

from ....config import TenantConfig
from ....core.seeding import Seeder, paused_gc
from ..models import (
    Course,
    Domain,
    DomainUser,
    Enrollment,
    Group,
    GroupCategory,
    GroupMember,
    Label,
    PathEnrollment,
    Plan,
    PlanEnrollment,
    PublishedCourse,
    PublishedPath,
    User,
)
from ..store import SkilljarState
from .records import seed_records

DEFAULT_SIZES = {"users": 50, "courses": 12, "groups": 5}


def seed(state: SkilljarState, seeder: Seeder, sizes: dict[str, int], config: TenantConfig) -> None:
    with paused_gc():  # millions of acyclic objects: the cyclic GC would rescan them again and again
        _seed(state, seeder, sizes, config)


def _seed(state: SkilljarState, seeder: Seeder, sizes: dict[str, int], config: TenantConfig) -> None:
    state.meta["id_salt"] = f"{seeder.seed}"
    rng = seeder.rng
    main = config.domain or f"{config.name}.skilljar.com"
    domains = [Domain(id=state.new_id(), name=main, catalog_title=f"{config.name.title()} Academy"),
               Domain(id=state.new_id(), name=f"partners.{main}", catalog_title="Partner Training",
                      access="PRIVATE")]
    for d in domains:
        state.domains.insert(d)

    for name in ("Onboarding", "Product", "Security", "Compliance"):
        state.labels.insert(Label(id=state.new_id(), name=name))
    labels = list(state.labels)
    categories = [state.group_categories.insert(GroupCategory(id=state.new_id(), name=n))
                  for n in ("Customers", "Partners", "Employees")]

    published: list[PublishedCourse] = []
    for i in range(sizes.get("courses", 12)):
        created = seeder.past(900, 400)
        lessons = rng.randint(3, 15)
        title = seeder.title(3)
        course = state.courses.insert(Course(
            id=state.new_id(), title=title, short_description=seeder.sentence(12),
            long_description_html=f"<p>{seeder.sentence(20)}</p>", enforce_sequential_navigation=rng.random() < 0.3,
            label_ids=[rng.choice(labels).id], lesson_count=lessons, required_lesson_count=max(1, lessons - 2),
            created_at=created, modified_at=created + 86400))
        slug = "-".join(title.lower().split()) + f"-{i + 1}"
        on = [domains[0]] + ([domains[1]] if i % 3 == 0 else [])  # some courses on both domains
        for d in on:
            published.append(state.published_courses.insert(PublishedCourse(
                id=state.new_id(), course_id=course.id, domain_name=d.name, slug=slug, created_at=created)))

    paths = []
    for n in range(2):
        title = f"{seeder.title(2)} Path"
        created = seeder.past(500, 200)
        paths.append(state.published_paths.insert(PublishedPath(
            id=state.new_id(), title=title, domain_name=domains[0].name, course_count=3, path_id=state.new_id(),
            slug="-".join(title.lower().split()) + f"-{n + 1}", short_description=seeder.sentence(10),
            created_at=created, modified_at=created)))
    plan = state.plans.insert(Plan(id=state.new_id(), title="Annual Subscription", domain_name=domains[0].name))

    # Users and their memberships are loaded in one go after the loop; until then new_id skips the users'
    # ids as it would if they were in the table (memberships are keyed "<domain>|<user>", never a new_id).
    # The first learners get progress rows (tables written as they go: ids one new_id call at a time); the
    # rest write no table until the load, so their ids come from an id run (the same ids, made in batches).
    count = sizes.get("users", 50)
    head = min(count, 2000) if published else 0  # progress for the first learners keeps big tenants quick
    users: list[User] = []
    members: list[DomainUser] = []
    with state.reserving() as reserved:
        for i in range(head):
            user = _learner(seeder, i, state.new_id, reserved, users, members, domains)
            _progress(state, seeder, user, i, i % 4 == 0 and len(domains) > 1, domains, published, paths, plan)
        with state.id_run() as new_id:
            for i in range(head, count):
                _learner(seeder, i, new_id, reserved, users, members, domains)
        state.users.insert_many(users)
        state.domain_users.insert_many(members)

    for g in range(sizes.get("groups", 5)):
        group = state.groups.insert(Group(id=state.new_id(), name=f"{seeder.title(2)} {g + 1}",
                                          group_category_id=categories[g % len(categories)].id,
                                          created_at=seeder.past(600, 300)))
        for user in users[g::max(1, sizes.get("groups", 5) * 2)][:200]:
            state.group_members.insert(GroupMember(id=state.new_id(), group_id=group.id, user_id=user.id,
                                                   created_at=user.signed_up_at + 86400))

    # every table-driven resource, from a seeder and an id stream of their own
    seed_records(state, Seeder(seeder.seed, "records"), main)


def _learner(seeder: Seeder, i: int, new_id: Callable[[], str], reserved: set[str], users: list[User],
             members: list[DomainUser], domains: list[Domain]) -> User:
    """The ``i``-th learner and their memberships (every learner of the main domain, every fourth of the
    partner domain too), added to ``users`` and ``members``; the user's id to ``reserved``."""
    rng = seeder.rng
    first, last, _login, email = seeder.person(i)
    signed = seeder.past(700, 30)
    active = rng.random() > 0.05
    # fields by position (a million learners: a keyword call costs twice as much), in the models' order:
    # User(id, email, first_name, last_name, signed_up_at, latest_activity, inactive_at)
    user = User(new_id(), email, first, last, signed, signed, None if active else signed + 86400 * 20)
    uid = user.id
    reserved.add(uid)
    users.append(user)
    # DomainUser(id, domain_name, user_id, active, marketing_optin, enrolled_at, expires_at, login_token)
    main = domains[0].name
    members.append(DomainUser(f"{main}|{uid}", main, uid, active, rng.random() < 0.5, signed, None,
                              new_id() + new_id()))
    if i % 4 == 0 and len(domains) > 1:
        partner = domains[1].name
        members.append(DomainUser(f"{partner}|{uid}", partner, uid, True, None, signed + 3600, None,
                                  new_id() + new_id()))
    return user


def _progress(state: SkilljarState, seeder: Seeder, user: User, i: int, partner: bool, domains: list[Domain],
              published: list[PublishedCourse], paths: list[PublishedPath], plan: Plan) -> None:
    """One of the first learners' course, path and plan enrollments (the user is not in its table yet)."""
    rng = seeder.rng
    signed = latest = user.signed_up_at
    for pc in rng.sample(published[: max(1, len(published))], k=min(len(published), rng.randint(0, 3))):
        if pc.domain_name != domains[0].name and not (partner and pc.domain_name == domains[1].name):
            continue  # not a member of that domain
        course = state.courses.get(pc.course_id)
        when = signed + rng.uniform(1, 20) * 86400
        done = rng.randint(0, course.lesson_count)
        completed = when + 86400 * 3 if done == course.lesson_count else None
        latest = max(latest, completed or when)
        state.enrollments.insert(Enrollment(
            id=state.new_id(), published_course_id=pc.id, user_id=user.id, domain_name=pc.domain_name,
            enrolled_at=when, course_progress_id=state.new_id(), completed_lesson_count=done,
            completed_required_lesson_count=min(done, course.required_lesson_count),
            completed_at=completed, latest_activity=completed or when,
            score=rng.randint(60, 100) if completed else None, max_score=100 if completed else None,
            success_status="PASSED" if completed else None, credits_earned="1" if completed else "0",
            credit_unit_plural="CPEs"))
    if i % 5 == 0:
        path = paths[i % len(paths)]
        state.path_enrollments.insert(PathEnrollment(
            id=state.new_id(), published_path_id=path.id, user_id=user.id, domain_name=path.domain_name,
            enrolled_at=signed + 86400, path_progress_id=state.new_id(), latest_activity=signed + 86400))
    if i % 7 == 0:
        state.plan_enrollments.insert(PlanEnrollment(id=state.new_id(), plan_id=plan.id, user_id=user.id,
                                                     domain_name=plan.domain_name, enrolled_at=signed))
    user.latest_activity = latest
