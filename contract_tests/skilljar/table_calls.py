"""One call per operation of Skilljar's document that ``calls.py`` does not already make, built from the
seeded rows and the document's own table: a path naming existing rows, a valid body, the status the
document gives. Reads first, then writes, then deletes (children before parents)."""

from __future__ import annotations

import re

from emulator.core.seeding import Seeder
from emulator.vendors.skilljar.models import Record
from emulator.vendors.skilljar.params.records import LINKS
from emulator.vendors.skilljar.params.table import Operation, key_field, operations
from emulator.vendors.skilljar.seed.records import PLAN, RecordSeeder

#: operations answered by hand-written routes whose calls live in calls.py, or which answer off the
#: document on purpose (bulk-create: 202, documented in docs/skilljar.md)
NOT_HERE = {"POST /v1/domains/{}/users/bulk-create"}


def template(path: str) -> str:
    return re.sub(r"\{[^{}]+\}", "{}", path)


def covered(calls: list[tuple[str, str, dict | None, int]]) -> set[str]:
    """The operations a list of concrete calls makes."""
    out = set()
    for method, path, _body, _status in calls:
        bare = path.split("?", 1)[0].rstrip("/")
        for o in operations():
            pattern = "^" + re.sub(r"\\\{[^{}]+\\\}", "[^/]+", re.escape(o.path)) + "$"
            if o.method == method.upper() and re.match(pattern, bare):
                out.add(o.op)
    return out


def _record_of(state, kind: str) -> Record | None:
    rows = state.records_of(kind)
    return rows[0] if rows else None


def fill(state, operation: Operation) -> str | None:
    """The operation's path with values naming seeded rows, or None when no row fits."""
    if operation.action == "single" or not operation.params:
        values = _parent_values(state, operation)
    elif operation.detail:
        row = _record_of(state, operation.kind)
        if row is None:
            return None
        values = [*(row.scope.split("|", 1)[1].split("/") if row.scope.split("|", 1)[1] else []), row.key]
    else:
        values = _parent_values(state, operation)
    if values is None or len(values) != len(operation.params):
        return None
    path = operation.path
    for name, value in zip(operation.params, values, strict=True):
        path = path.replace("{" + name + "}", value, 1)
    return path


def _parent_values(state, operation: Operation) -> list[str] | None:
    if not operation.params:
        return []
    kind = operation.kind
    row = _record_of(state, kind)
    if row is not None:
        return row.scope.split("|", 1)[1].split("/")
    parent_kind = template(operation.path.rsplit("/", 1)[0])
    parent = _record_of(state, parent_kind)
    if parent is not None:
        inner = parent.scope.split("|", 1)[1]
        return [*(inner.split("/") if inner else []), parent.key]
    return None


def body(state, operation: Operation, domain: str, index: int) -> dict | None:
    if operation.request is None:
        return None
    builder = RecordSeeder(state, Seeder(index, "contract"), domain, iso=True)
    data = builder.build(operation.request, index, required_only=operation.method == "PATCH")
    link = key_field(operation.kind) if operation.action == "create" else None
    if link is not None:
        where = LINKS.get(link) or "/v1/offers"
        taken = {row.key for row in state.records_of(operation.kind)}
        free = [k for k in ((r.id for r in state.records_of(where)) if where.startswith("/")
                            else state.table(where).keys() if where != "domains" else []) if k not in taken]
        if free:
            data[link] = {"id": free[0]} if isinstance(data.get(link), dict) or link != "id" else free[0]
    return data


def table_calls(state, domain: str, skip: set[str]) -> list[tuple[str, str, dict | None, int]]:
    reads, writes, deletes = [], [], []
    for index, operation in enumerate(operations()):
        if operation.op in skip or operation.op in NOT_HERE or operation.op in ELSEWHERE:
            continue
        path = fill(state, operation)
        if path is None:
            continue
        call = (operation.method.lower(), path, body(state, operation, domain, index), operation.status)
        if operation.method == "GET":
            reads.append(call)
        elif operation.method == "DELETE":
            deletes.append((operation.kind, call))
        else:
            writes.append(call)
    order = [kind for kind, _count in PLAN]
    deletes.sort(key=lambda pair: -order.index(pair[0]) if pair[0] in order else 0)  # children first
    return reads + writes + [call for _kind, call in deletes]


#: operations whose answers other tests validate (a row made by an earlier call of the same test)
ELSEWHERE = {
    "POST /v1/domains/{}/published-courses",  # test_publish_answer_conforms
    "PUT /v1/webhooks/{}", "PATCH /v1/webhooks/{}", "POST /v1/webhooks/{}/ping", "DELETE /v1/webhooks/{}",
    # test_created_webhook_then_its_detail_routes
    # live: 404 although the document lists it (routes/users.py); test_users_domains.py checks the 404
    "GET /v1/users/{}/published-courses/{}/lessons",
}


def hand_calls(state, domain: str) -> list[tuple[str, str, dict | None, int]]:
    """Calls for the operations on the hand-kept tables, the lists that show another kind's rows and
    the actions, whose paths the seeded table-driven rows alone do not give. The deletes of parents
    (a published path, a label) come last: ``all_calls`` makes them after the table calls."""
    d = f"/v1/domains/{domain}"
    course = next(iter(state.courses))
    pc = next(p for p in state.published_courses if p.domain_name == domain)
    enrollment = next(e for e in state.enrollments if e.published_course_id == pc.id)
    group = next(iter(state.groups))
    outsider = next(u.id for u in state.users if state.group_membership(group.id, u.id) is None)
    label = next(iter(state.labels))
    plan = next(iter(state.plans))
    plan_row = next(r for r in state.plan_enrollments if r.plan_id == plan.id)
    member = next(m.user_id for m in state.domain_users.where("domain_name", domain))
    path = next(iter(state.published_paths))
    item = state.records_of("/v1/domains/{}/published-paths/{}/path-items")[0]
    item_path = state.published_paths.get(item.scope.split("|")[1].split("/")[1])
    series = state.records_of("/v1/domains/{}/course-series")[0]
    # not the first question: the table calls change and delete that one
    question = [q for q in state.records_of("/v1/quiz-questions") if q.data.get("quiz")][-1]
    banked = [q for q in state.records_of("/v1/quiz-questions")[1:]
              if q.data.get("quiz_question_bank") and q is not question][-1]
    field = state.records_of("/v1/domains/{}/signup-fields")[0]
    purchase = next(p for p in state.records_of("/v1/purchases") if p.data["state"] == "PENDING")
    packages = state.records_of("/v1/web-packages")
    return [
        ("get", f"/v1/labels/{label.id}", None, 200),
        ("put", f"/v1/labels/{label.id}", {"name": "Renamed label"}, 200),
        ("patch", f"/v1/labels/{label.id}", {"name": "Patched label"}, 200),
        ("get", f"{d}/plan", None, 200),
        ("get", f"{d}/plan/{plan.id}", None, 200),
        ("get", f"{d}/plan/{plan.id}/plan-enrollments", None, 200),
        ("post", f"{d}/plan/{plan.id}/plan-enrollments", {"user": {"id": member}}, 201),
        ("get", f"{d}/plan/{plan.id}/plan-enrollments/{plan_row.id}", None, 200),
        ("put", f"{d}/plan/{plan.id}/plan-enrollments/{plan_row.id}", {"active": False}, 200),
        ("patch", f"{d}/plan/{plan.id}/plan-enrollments/{plan_row.id}", {"expires_at": "2027-01-01T00:00:00Z"}, 200),
        ("post", f"{d}/published-paths", {"slug": "contract-path", "path": {"title": "Contract path"}}, 201),
        ("put", f"{d}/published-paths/{path.id}", {"slug": "renamed-path"}, 200),
        ("patch", f"{d}/published-paths/{path.id}", {"hidden": True}, 200),
        ("get", f"/v1/paths/{item_path.path_id}/path-items", None, 200),
        ("get", f"/v1/paths/{item_path.path_id}/path-items/{item.id}", None, 200),
        ("get", f"{d}/course-series/{series.id}/published-courses", None, 200),
        ("get", f"/v1/quizzes/{question.data['quiz']}/questions", None, 200),
        ("get", f"/v1/quizzes/{question.data['quiz']}/questions/{question.id}", None, 200),
        ("get", f"/v1/question-banks/{banked.data['quiz_question_bank']}/questions", None, 200),
        ("get", f"/v1/question-banks/{banked.data['quiz_question_bank']}/questions/{banked.id}", None, 200),
        ("post", f"{d}/users/{member}/signup-fields-bulk", {"signup_fields": [{"id": field.id, "value": "Acme"}]},
         201),
        ("post", f"/v1/purchases/{purchase.id}/fulfill", {"state": "SUCCESS"}, 200),
        ("put", f"/v1/web-packages/{packages[0].id}/lessons", {"web_package_id": packages[-1].id}, 200),
        ("put", f"/v1/courses/{course.id}", {"title": "Put", "short_description": "S",
                                             "enforce_sequential_navigation": False}, 200),
        ("put", d, {"catalog_title": "Put Academy"}, 200),
        ("put", f"{d}/published-courses/{pc.id}", {"hidden": False}, 200),
        ("put", f"{d}/published-courses/{pc.id}/enrollments/{enrollment.id}", {"active": True}, 200),
        ("put", f"/v1/groups/{group.id}", {"name": "Put group"}, 200),
        ("post", f"/v1/groups/{group.id}/users", {"user": {"id": outsider}}, 201),
        ("delete", f"/v1/quizzes/{question.data['quiz']}/questions/{question.id}", None, 204),
        ("delete", f"/v1/question-banks/{banked.data['quiz_question_bank']}/questions/{banked.id}", None, 204),
        ("delete", f"{d}/published-paths/{path.id}", None, 204),
        ("delete", f"/v1/labels/{label.id}", None, 204),
    ]


def all_calls(state, domain: str, first: list[tuple[str, str, dict | None, int]]):
    """Every operation's call not in ``first`` (calls.py's), in an order where each finds its rows:
    reads, then writes, then deletes (children before parents)."""
    hand = hand_calls(state, domain)
    skip = covered(first) | covered(hand)
    table = table_calls(state, domain, skip)
    parents = hand[-2:]
    return ([c for c in hand if c[0] == "get"] + [c for c in table if c[0] != "delete"]
            + [c for c in hand[:-2] if c[0] != "get"] + [c for c in table if c[0] == "delete"] + parents)
