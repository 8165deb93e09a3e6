"""Seeded rows for every table-driven resource (lessons, quizzes, tags, promo codes, ILT sessions,
catalog pages...), built from the document's own field rules with realistic values, linked to the
hand-kept rows (courses, published courses, users, groups) and to each other.

Deterministic: the values come from a seeder of their own and the ids from an id stream of their own
(``records``), so these rows never shift the ids or values of the rest of the seed.
"""

from __future__ import annotations

from typing import Any

from ....core.seeding import Seeder
from ..models import Record
from ..ops.catalog import slugify
from ..params.records import HAND_KEPT, LINKS, scope_of
from ..params.table import canonical, operations_of, schema
from ..serialize import ts
from ..store import SkilljarState

STREAM = "records"

#: (kind, rows to seed), parents before children, linked rows before the rows that name them
PLAN: tuple[tuple[str, int], ...] = (
    ("/v1/paths", 0), ("/v1/tags", 5), ("/v1/assets", 3), ("/v1/web-packages", 2), ("/v1/quizzes", 3),
    ("/v1/question-banks", 2),
    ("/v1/quiz-questions", 8), ("/v1/quizzes/{}/question-banks", 1), ("/v1/lessons", 0),
    ("/v1/lessons/{}/content-items", 3), ("/v1/ilt-instructors", 2), ("/v1/ilt-multi-session-events", 1),
    ("/v1/ilt-sessions", 3), ("/v1/vilt-session-events", 0), ("/v1/vilt-session-registrations", 2),
    ("/v1/offers", 0), ("/v1/promo-code-pools", 2), ("/v1/promo-code-pools/{}/offers", 2), ("/v1/promo-codes", 4),
    ("/v1/purchases", 0), ("/v1/license-packages", 1), ("/v1/license-packages/{}/students", 2),
    ("/v1/training-credit-codes", 2), ("/v1/progresstokens", 0), ("/v1/lesson-progress", 0),
    ("/v1/users/{}/published-courses/{}/lessons", 0),
    ("/v1/domains/{}/signup-fields", 3), ("/v1/domains/{}/users/{}/signup-fields", 2),
    ("/v1/domains/{}/users/{}/invites", 1), ("/v1/domains/{}/users/{}/manager-access", 1),
    ("/v1/domains/{}/access-code-pools", 2), ("/v1/domains/{}/access-code-pools/{}/access-codes", 3),
    ("/v1/groups/{}/access-code-pools", 1), ("/v1/domains/{}/course-series", 1),
    ("/v1/domains/{}/catalog-pages", 2), ("/v1/domains/{}/catalog-pages/{}/classic-page-items", 2),
    ("/v1/domains/{}/catalog-pages/{}/content-blocks", 0), ("/v1/domains/{}/catalog-pages/{}/tags", 1),
    ("/v1/domains/{}/catalog-pages/{}/visibility-overrides", 1),
    ("/v1/domains/{}/catalog-pages/{}/tile-container-content-blocks/{}/items", 2),
    ("/v1/domains/{}/published-courses/{}/published-course-prerequisites", 1),
    ("/v1/domains/{}/published-courses/{}/reenrollment_rule", 1),
    ("/v1/domains/{}/published-courses/{}/student-group-prerequisites", 1),
    ("/v1/domains/{}/published-courses/{}/tags", 2), ("/v1/domains/{}/published-courses/{}/visibility-overrides", 1),
    ("/v1/domains/{}/published-paths/{}/labels", 1), ("/v1/domains/{}/published-paths/{}/path-items", 3),
    ("/v1/domains/{}/published-paths/{}/tags", 1), ("/v1/domains/{}/published-paths/{}/visibility-overrides", 1),
)

_TITLES = ("name", "title", "display_name", "page_title", "header", "label", "group_name", "header_text")
_SENTENCES = ("short_description", "description", "help_text", "tile_callout", "header_sub_text", "location",
              "post_registration_instructions", "search_keywords", "status_msg", "custom_data")


def source_schema(kind: str) -> str | None:
    """The schema a kind's seeded rows are built from: what creating one takes, else what reading one gives."""
    ops = operations_of(kind)
    for action in ("create", "single"):
        for o in ops:
            if o.action == action and o.request:
                return o.request
    for o in ops:
        if o.response:
            return o.response
    return None


class RecordSeeder:
    def __init__(self, state: SkilljarState, seeder: Seeder, domain: str, iso: bool = False) -> None:
        """``iso``: dates as the ISO strings a request body carries (else epoch seconds, as rows hold)."""
        self.iso = iso
        self.st = state
        self.seeder = seeder
        self.rng = seeder.rng
        self.domain = domain
        self.count = 0

    # values
    def value(self, name: str, rule: dict[str, Any], index: int) -> Any:
        kind = rule.get("type")
        if name in LINKS or ("schema" in rule and "id" in schema(rule["schema"]) and name in LINKS):
            ids = self.pick(LINKS[name], index)
            if not ids:
                return None
            if kind == "array":
                return ids[:1] if rule.get("items", {}).get("type") != "object" else [{"id": ids[0]}]
            return {"id": ids[0]} if kind == "object" else ids[0]
        if "enum" in rule and rule["enum"]:
            for preferred in ("America/New_York", "USD", "HTML", "PASSED"):
                if preferred in rule["enum"]:
                    return preferred
            return rule["enum"][index % len(rule["enum"])]
        if kind == "string":
            text = self.text(name, rule, index)
            return text[: rule["max_length"]].strip() if isinstance(text, str) and "max_length" in rule else text
        if kind == "integer":
            low = rule.get("minimum", 0)
            if name == "order":
                return index + 1
            if name in ("max_uses", "license_count", "credits_total", "seats_total", "max_unique_seats"):
                return 10 * (index + 1)
            return low + self.rng.randint(0, 5)
        if kind == "number":
            return round(self.rng.uniform(1, 5), 1)
        if kind == "boolean":
            return rule.get("default", self.rng.random() < 0.5) if rule.get("default") is not None else \
                self.rng.random() < 0.5
        if kind == "object" and "schema" in rule:
            return self.build(rule["schema"], index, required_only=True)
        if kind == "array":
            return []
        return None

    def text(self, name: str, rule: dict[str, Any], index: int) -> Any:
        s = self.seeder
        if rule.get("format") == "date-time" or name.endswith(("_at", "_date")) or name in ("starts_at", "ends_at"):
            moment = s.past(300, 10) if not name.startswith(("ends", "end", "expir")) else s.past(5, 1) + 86400 * 60
            return ts(moment) if self.iso else moment
        if rule.get("format") == "email" or name.endswith("email"):
            return f"{slugify(s.title(1))}.{index}@example.com"
        if rule.get("format") == "uri" or name.endswith(("_url", "_link")):
            return f"https://{self.domain}/{slugify(s.title(2))}"
        if name.endswith("html"):
            return f"<p>{s.sentence(8)}</p>"
        if name in ("code", "training_credit_code", "tracking_id", "tracking_identifier", "token"):
            return s.base36(8).upper()
        if name == "slug":
            return f"{slugify(s.title(2))}-{index + 1}"
        if name in _TITLES:
            return s.title(3)
        if name in _SENTENCES:
            return s.sentence(8)
        if name == "value":
            return s.title(1)
        return s.title(1).lower() if rule.get("blank") is False or rule.get("required") else ""

    def build(self, name: str, index: int, required_only: bool = False) -> dict[str, Any]:
        out = {}
        for field_name, rule in schema(name).items():
            if rule.get("read_only") and field_name != "id":
                continue
            if field_name == "id":  # a row's own id, or (a link body) the linked row's: set by the caller
                continue
            if required_only and not rule.get("required"):
                continue
            value = self.value(field_name, rule, index)
            if value is not None or rule.get("nullable"):
                out[field_name] = value
        return out

    # rows to link and to hang from (a few from the start of big tables, never a whole 100,000-row index)
    def members(self, count: int) -> list:
        """The first ``count`` members of the main domain."""
        rows = [m for m in self.st.domain_users.page(0, 4 * count) if m.domain_name == self.domain]
        return rows[:count]

    def pick(self, where: str, index: int) -> list[str]:
        st = self.st
        if where.startswith("/"):
            rows = [r.id for r in st.records_of(where)]
        elif where == "domains":
            rows = [d.id for d in st.domains]
        else:
            rows = [row.id for row in st.table(where).page(0, 50)]  # not every key of a 100,000-user table
        if not rows:
            return []
        return [rows[index % len(rows)]]

    def parents(self, kind: str, index: int) -> tuple[list[str], list[str]] | None:
        """(path values, ancestor ids) for the ``index``-th row of ``kind``; None when a parent is missing."""
        values: dict[str, str] = {}
        seen: list[str] = []
        ancestors: list[str] = []
        parts = kind.split("/")
        for position, part in enumerate(parts):
            if part != "{}":
                continue
            parent_kind = "/".join(parts[:position])
            candidates = self.candidates(parent_kind, values, seen)
            if not candidates:
                return None
            key, row_id, name = candidates[index % len(candidates)]
            values[name] = key
            seen.append(key)
            ancestors.append(row_id)
        return seen, ancestors

    def candidates(self, parent_kind: str, values: dict[str, str], seen: list[str]) -> list[tuple[str, str, str]]:
        st = self.st
        main = self.domain
        if parent_kind == "/v1/domains":
            d = st.domain(main)
            return [(d.name, d.id, "domain_name")] if d else []
        if parent_kind == "/v1/domains/{}/published-courses":
            return [(p.id, p.id, "published_course_id") for p in st.published_courses.where("domain_name", main)][:4]
        if parent_kind == "/v1/domains/{}/published-paths":
            return [(p.id, p.id, "published_path_id") for p in st.published_paths.where("domain_name", main)]
        if parent_kind == "/v1/domains/{}/users":
            return [(m.user_id, m.id, "user_id") for m in self.members(3)]
        if parent_kind == "/v1/groups":
            return [(g.id, g.id, "group_id") for g in st.groups.page(0, 2)]
        if parent_kind == "/v1/users":
            return [(e.user_id, e.user_id, "user_id") for e in st.enrollments.page(0, 1)]
        if parent_kind == "/v1/users/{}/published-courses":
            return [(e.published_course_id, e.id, "published_course_id")
                    for e in st.enrollments.where("user_id", seen[0])[:1]]
        if parent_kind in HAND_KEPT:
            return []
        rows = st.records_in(scope_of(canonical(parent_kind), seen))
        return [(r.key, r.id, "") for r in rows]

    # rows
    def insert(self, kind: str, scope: str, data: dict[str, Any], ancestors: list[str], key: str | None = None,
               created: float | None = None) -> Record:
        new_id = self.st.new_id(STREAM)
        return self.st.records.insert(Record(
            id=new_id, kind=kind, scope=scope, key=key or new_id, data=data,
            ancestors=list(dict.fromkeys(ancestors)), created_at=created or self.seeder.past(400, 30)))

    def seed_kind(self, kind: str, count: int) -> None:
        from ..params.table import key_field

        name = source_schema(kind)
        if name is None:
            return
        link = key_field(kind)
        for index in range(count):
            where = self.parents(kind, index)
            if where is None:
                return
            seen, ancestors = where
            data = self.build(name, index)
            key = None
            if link == "id":
                data["id"] = (self.pick("/v1/offers", index) or [None])[0]
            if link is not None:
                linked = data.get(link)
                key = linked.get("id") if isinstance(linked, dict) else linked
                if key is None or any(r.key == key for r in self.st.records_in(scope_of(kind, seen))):
                    continue
                ancestors = [*ancestors, key]
            owners = [v.get("id") if isinstance(v, dict) else v for n, v in data.items()
                      if n in ("course_id", "lesson_id", "lesson", "quiz", "quiz_question_bank",
                               "multi_session_event", "vilt_session", "promo_code_pool_id") and v]
            self.insert(kind, scope_of(kind, seen), data, [*ancestors, *owners], key)


def seed_records(state: SkilljarState, seeder: Seeder, domain: str) -> None:
    from .derived import seed_derived

    rs = RecordSeeder(state, seeder, domain)
    for kind, count in PLAN:
        if count:
            rs.seed_kind(kind, count)
        seed_derived(rs, kind)
