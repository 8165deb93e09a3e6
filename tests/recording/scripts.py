"""Recorded sessions used by the drift and clone tests: each reads every kind of object the vendor's
clone builds (lists and details) and makes a few writes, through the recording proxy."""

from __future__ import annotations

import requests

from clients.lessonly import LessonlyClient
from emulator.vendors.lessonly import DEMO_API_KEY as LESSONLY_KEY
from emulator.vendors.skilljar import DEMO_API_KEY as SKILLJAR_KEY
from emulator.vendors.skilljar import DEMO_DOMAIN as SKILLJAR_DOMAIN
from emulator.vendors.talentlms import DEMO_API_KEY as TALENT_KEY


def _session(auth) -> requests.Session:
    s = requests.Session()
    s.trust_env = False
    s.auth = auth
    return s


def talentlms(base: str, state) -> None:
    s = _session((TALENT_KEY, ""))
    for path in ["/users", "/courses", "/categories", "/groups", "/branches", "/users/id:2", "/users/id:7",
                 "/courses/id:2", "/courses/id:3", "/groups/id:1", "/branches/id:1", "/categories/id:1"]:
        s.get(f"{base}/api/v1{path}")
    progress = _talent_progress(state)
    for path in progress + ["/gettimeline/event_type:user_login_user", "/gettimeline/event_type:course_add_user",
                            f"/gettimeline/event_type:course_add_user,user_id:{state.enrollments.get(1).user_id}"]:
        s.get(f"{base}/api/v1{path}")
    user = s.post(f"{base}/api/v1/usersignup", data={"first_name": "Ada", "last_name": "Lovelace",
                                                      "email": "ada@acme.io", "login": "ada.l",
                                                      "password": "Secret-123"}).json()
    s.post(f"{base}/api/v1/addusertocourse", data={"user_id": user["id"], "course_id": 2, "role": "learner"})
    s.get(f"{base}/api/v1/users/email:ada%40acme.io")
    s.get(f"{base}/api/v1/courses/id:2")
    s.get(f"{base}/api/v1/users/id:999999")
    s.get(f"{base}/api/v1/gettimeline/event_type:course_add_user")  # now with the enrolment above
    s.get(f"{base}/api/v1/getuserstatusincourse/course_id:2,user_id:{user['id']}")


def _talent_progress(state) -> list[str]:
    """Reads of enrolment and unit progress and of ILT sessions, on rows the seed has."""
    done = next(e for e in state.enrollments if e.percentage > 0 and e.role == "learner")
    started = next(p for p in state.unit_progress if p.score is not None)
    ilt = next(iter(state.ilt_sessions)).unit_id
    return [f"/getuserstatusincourse/course_id:{done.course_id},user_id:{done.user_id}",
            f"/getusersprogressinunits/unit_id:{started.unit_id}",
            f"/getusersprogressinunits/unit_id:{started.unit_id},user_id:{started.user_id}",
            f"/getiltsessions/ilt_id:{ilt}"]


def skilljar(base: str, state) -> None:
    s = _session((SKILLJAR_KEY, ""))
    d = SKILLJAR_DOMAIN
    user = list(state.users)[3].id
    pc = next(iter(state.published_courses))
    group = next(iter(state.groups)).id
    enrollment = next(iter(state.enrollments))
    for path in ["/v1/users", "/v1/domains", f"/v1/domains/{d}/users", f"/v1/domains/{d}/published-courses",
                 "/v1/courses", "/v1/groups", "/v1/group-categories", f"/v1/users/{user}",
                 f"/v1/users/{enrollment.user_id}/published-courses", f"/v1/groups/{group}/users",
                 f"/v1/users/{user}/groups", f"/v1/courses/{pc.course_id}", f"/v1/domains/{d}/users/{user}",
                 f"/v1/domains/{d}/published-courses/{enrollment.published_course_id}/enrollments",
                 f"/v1/domains/{d}/published-paths", f"/v1/domains/{d}/plan"]:
        s.get(base + path)
    published_path = next(p for p in state.published_paths if p.domain_name == d)
    s.get(f"{base}/v1/domains/{d}/published-paths/{published_path.id}")
    s.get(f"{base}/v1/domains/{d}/plan/{next(p for p in state.plans if p.domain_name == d).id}")
    new = s.post(f"{base}/v1/domains/{d}/users", json={"user": {"email": "new@acme.io", "first_name": "New"}})
    uid = new.json()["user"]["id"]
    s.post(f"{base}/v1/domains/{d}/published-courses/{pc.id}/enrollments", json={"user": {"id": uid}})
    s.get(f"{base}/v1/users/{uid}/published-courses")
    s.get(f"{base}/v1/users/{uid}")
    s.get(f"{base}/v1/users/zzzzzzzzzzzzz")
    hook = s.post(f"{base}/v1/webhooks", json={"target_url": "https://hooks.acme.io/in", "event_type": None,
                                               "basic_auth_username": "hook", "additional_headers": {"X-A": "1"}})
    s.get(f"{base}/v1/webhooks")
    s.get(f"{base}/v1/webhooks/{hook.json()['id']}")


def lessonly(base: str, state) -> None:
    c = LessonlyClient("demo", LESSONLY_KEY, base_url=base)
    users = list(c.iter_users(per_page=20))
    for path in ["/groups", "/lessons", "/courses", "/paths", "/tags", "/assignments"]:
        c.request("GET", path)
    for table, path in (("groups", "/groups"), ("lessons", "/lessons"), ("courses", "/courses"), ("paths", "/paths")):
        for row in list(getattr(state, table))[:3]:
            c.request("GET", f"{path}/{row.id}")
    uid = users[0]["id"]
    c.get_user(uid)
    c.user_groups(uid)
    c.user_assignments(uid)
    for group_id in sorted({a.group_id for a in state.group_assignments})[:2]:
        c.request("GET", f"/groups/{group_id}/assignments")
    c.request("GET", "/users", version="v1.1")
    new = c.create_user("Kay Jay", "kj@nasa.gov", role="learner")
    c.assign_to_user(new["id"], [{"assignable_type": "Lesson", "assignable_id": next(iter(state.lessons)).id}])
    c.user_assignments(new["id"])
    c.get_user(new["id"])
    requests.get(f"{base}/api/v1/users/987654", auth=("demo", LESSONLY_KEY))


SCRIPTS = {"talentlms": talentlms, "skilljar": skilljar, "lessonly": lessonly}


def record(ca, ca_file, out, vendor: str, **options) -> None:
    from .conftest import recording

    with recording(ca, ca_file, out, vendor, **options) as (proxy, upstream):
        SCRIPTS[vendor](proxy.base_url, upstream.emulator.tenants.first().state)
