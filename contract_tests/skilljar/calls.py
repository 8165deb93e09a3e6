"""One call per emulated operation, built from the live tenant's rows: (method, path, body, status)."""

from __future__ import annotations

from emulator.vendors.skilljar import DEMO_DOMAIN as D


def calls(state) -> list[tuple[str, str, dict | None, int]]:
    e = next(x for x in state.enrollments if x.domain_name == D)
    uid, pc = e.user_id, e.published_course_id
    puid = next(u.id for u in state.users if state.path_enrollments.where("user_id", u.id)
                and state.plan_enrollments.where("user_id", u.id))
    group = next(g for g in state.groups if state.group_members.where("group_id", g.id))
    member = state.group_members.where("group_id", group.id)[0]
    course = next(iter(state.courses))
    label = course.label_ids[0]
    category = next(iter(state.group_categories))
    other_label = next(x for x in state.labels if x.id != label)
    return path_calls(state) + [
        ("get", "/v1/ping", None, 200),
        ("get", "/v1/users", None, 200),
        ("get", "/v1/users?page=2&page_size=5", None, 200),
        ("get", "/v1/users?email=" + state.users.get(uid).email, None, 200),
        ("get", f"/v1/users/{uid}", None, 200),
        ("put", f"/v1/users/{uid}", {"last_name": "Put"}, 200),
        ("patch", f"/v1/users/{uid}", {"first_name": "Patch"}, 200),
        ("get", f"/v1/users/{uid}/groups", None, 200),
        ("get", f"/v1/users/{uid}/published-courses", None, 200),
        ("get", f"/v1/users/{uid}/published-courses/{pc}", None, 200),
        ("put", f"/v1/users/{uid}/published-courses/{pc}", {"course_progress": {"score": 7, "max_score": 10}}, 200),
        ("patch", f"/v1/users/{uid}/published-courses/{pc}",
         {"course_progress": {"completed_at": "2026-05-01T12:00:00Z", "success_status": "PASSED"}}, 200),
        ("get", f"/v1/users/{puid}/published-path-enrollments", None, 200),
        ("get", f"/v1/users/{puid}/plan-enrollments", None, 200),
        ("get", "/v1/domains", None, 200),
        ("get", f"/v1/domains/{D}", None, 200),
        ("patch", f"/v1/domains/{D}", {"catalog_title": "Catalog"}, 200),
        ("get", f"/v1/domains/{D}/users", None, 200),
        ("get", f"/v1/domains/{D}/users?include_signup_field_data=true&active=true", None, 200),
        ("post", f"/v1/domains/{D}/users", {"user": {"email": "contract@example.org", "first_name": "C"}}, 201),
        ("get", f"/v1/domains/{D}/users/{uid}", None, 200),
        ("patch", f"/v1/domains/{D}/users/{uid}", {"active": False}, 200),
        ("put", f"/v1/domains/{D}/users/{uid}", {"active": True, "expires_at": None}, 200),
        ("get", f"/v1/domains/{D}/published-courses", None, 200),
        ("get", f"/v1/domains/{D}/published-courses/{pc}", None, 200),
        ("patch", f"/v1/domains/{D}/published-courses/{pc}", {"hidden": True}, 200),
        ("get", f"/v1/domains/{D}/published-courses/{pc}/enrollments", None, 200),
        ("post", f"/v1/domains/{D}/published-courses/{pc}/enrollments", {"user": {"id": uid}}, 201),
        ("get", f"/v1/domains/{D}/published-courses/{pc}/enrollments/{e.id}", None, 200),
        ("patch", f"/v1/domains/{D}/published-courses/{pc}/enrollments/{e.id}", {"active": False}, 200),
        ("get", "/v1/courses", None, 200),
        ("get", "/v1/courses?label__name=Security", None, 200),
        ("post", "/v1/courses", {"title": "Contract", "short_description": "S",
                                 "enforce_sequential_navigation": False, "labels": ["Security"]}, 201),
        ("get", f"/v1/courses/{course.id}", None, 200),
        ("patch", f"/v1/courses/{course.id}", {"title": "Renamed"}, 200),
        ("get", f"/v1/courses/{course.id}/labels", None, 200),
        ("post", f"/v1/courses/{course.id}/labels", {"label": {"id": other_label.id}}, 201),
        ("get", f"/v1/courses/{course.id}/labels/{label}", None, 200),
        ("get", "/v1/groups", None, 200),
        ("post", "/v1/groups", {"name": "Contract group", "discount_percent": 5,
                                "group_category_id": category.id}, 201),
        ("get", f"/v1/groups/{group.id}", None, 200),
        ("patch", f"/v1/groups/{group.id}", {"discount_percent": None}, 200),
        ("get", f"/v1/groups/{group.id}/users", None, 200),
        ("get", f"/v1/groups/{group.id}/users/{member.user_id}", None, 200),
        ("get", "/v1/group-categories", None, 200),
        ("get", f"/v1/group-categories/{category.id}", None, 200),
        ("post", "/v1/webhooks", {"target_url": "http://127.0.0.1:9/hook", "event_type": "COURSE_COMPLETION",
                                  "additional_headers": {"X-Skilljar-Secret": "s"}}, 201),
        ("get", "/v1/webhooks", None, 200),
        *[("get", f"/v1/webhooks/sample-{slug}", None, 200) for slug in (
            "course-completion", "course-enrollment", "dashboard-task-created", "domain-enrollment",
            "lesson-completion", "path-completion", "path-enrollment", "purchase-fulfillment", "quiz-completion",
            "vilt-registration")],
        ("post", f"/v1/users/{uid}/anonymize", None, 200),
        ("delete", f"/v1/groups/{group.id}/users/{member.user_id}", None, 204),
        ("delete", f"/v1/courses/{course.id}/labels/{label}", None, 204),
        ("delete", f"/v1/domains/{D}/published-courses/{pc}", None, 204),
        ("delete", f"/v1/groups/{group.id}", None, 204),
        ("delete", f"/v1/courses/{course.id}", None, 204),
    ]


def path_calls(state) -> list[tuple[str, str, dict | None, int]]:
    path = next(iter(state.published_paths))
    row = next(r for r in state.path_enrollments if r.published_path_id == path.id)
    member = next(m.user_id for m in state.domain_users.where("domain_name", D))
    base = f"/v1/domains/{D}/published-paths"
    return [
        ("get", base, None, 200),
        ("get", f"{base}/{path.id}", None, 200),
        ("get", f"{base}/{path.id}/published-path-enrollments", None, 200),
        ("post", f"{base}/{path.id}/published-path-enrollments", {"user": {"id": member}}, 201),
        ("get", f"{base}/{path.id}/published-path-enrollments/{row.id}", None, 200),
        ("patch", f"{base}/{path.id}/published-path-enrollments/{row.id}", {"active": False}, 200),
        ("put", f"{base}/{path.id}/published-path-enrollments/{row.id}", {"expires_at": "2027-01-01T00:00:00Z"},
         200),
    ]
