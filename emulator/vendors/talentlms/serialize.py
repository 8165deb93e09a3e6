"""Rows → TalentLMS's exact JSON: the only module that knows its types and formats.

Sources (seed 004 samples, corrected by real samples per the dossier §1.8, §2.8, §2.9):

* ids and numbers are strings on reads; create responses (usersignup, createcourse, creategroup,
  createbranch) carry ``id`` as an int, and usersignup/edituser an int ``last_updated_timestamp``
  (ib1984 docstrings pasted from a live tenant).
* true ints: ``total_time_seconds``, certification/badge ``*_timestamp``, ratelimit ``remaining``,
  ``monthly_active_users``, unit-progress ``score``, custom-field ``order``.
* dates follow the tenant's ``date_format`` (siteinfo); empty course-progress timestamps are ``null``
  while their date text is ``""``; prices are HTML-entity-encoded (``&#36;0.00``).
"""

from __future__ import annotations

import html
from datetime import datetime, timezone
from typing import Any, Iterable

from .models import (Badge, Branch, Category, Certification, Course, CustomField, Enrollment, Group,
                     IltSession, TimelineEntry, Unit, UnitProgress, User)

DATE_FORMATS = {"DDMMYYYY": "%d/%m/%Y", "MMDDYYYY": "%m/%d/%Y", "YYYYMMDD": "%Y/%m/%d"}
COMPLETION_FORMATTED = {"not_attempted": "Not Started", "incomplete": "In Progress", "completed": "Completed"}
# getuserstatusincourse prints "Completed" capitalised but the other states raw (seed 004 p.29; Trifoia)
STATUS_IN_COURSE = {"not_attempted": "not_attempted", "incomplete": "incomplete", "completed": "Completed"}
USER_TYPE_IDS = {"SuperAdmin": "1", "Admin-Type": "2", "Trainer-Type": "3", "Learner-Type": "4"}


def s(value: Any) -> str | None:
    """A read-side id/number: a JSON string (None stays null)."""
    return None if value is None else str(value)


class Wire:
    """Formats for one tenant: its domain, date format and switches."""

    def __init__(self, domain: str, date_format: str = "DDMMYYYY", price_style: str = "entity",
                 currency_entity: str = "&#36;", unit_score_single: str = "object") -> None:
        self.domain = domain
        self.date_format = date_format if date_format in DATE_FORMATS else "DDMMYYYY"
        self.price_style = price_style
        self.currency_entity = currency_entity
        self.unit_score_single = unit_score_single

    # primitives
    def url(self, path: str) -> str:
        return f"https://{self.domain}{path}"

    def datetime(self, ts: float | None) -> str:
        if ts is None:
            return ""
        return _utc(ts).strftime(DATE_FORMATS[self.date_format] + ", %H:%M:%S")

    def date(self, ts: float | None) -> str:
        return "" if ts is None else _utc(ts).strftime(DATE_FORMATS[self.date_format])

    def minutes(self, ts: float) -> str:
        return _utc(ts).strftime(DATE_FORMATS[self.date_format] + ", %H:%M")

    @staticmethod
    def stamp(ts: float | None) -> str | None:
        return None if ts is None else str(int(ts))

    def price(self, amount: float) -> str:
        if self.price_style == "doc":  # the doc's hand-typed "$0"
            return "$" + (str(int(amount)) if amount == int(amount) else f"{amount:.2f}")
        return f"{self.currency_entity}{amount:.2f}"

    @staticmethod
    def flag(value: bool) -> str:
        return "1" if value else "0"

    @staticmethod
    def duration(seconds: int | None) -> str | None:
        if seconds is None:
            return None
        h, rest = divmod(int(seconds), 3600)
        m, sec = divmod(rest, 60)
        parts = [f"{h}h"] if h else []
        if m:
            parts.append(f"{m}m")
        if sec or not parts:
            parts.append(f"{sec}s")
        return " ".join(parts)

    @staticmethod
    def short_name(user: User) -> str:
        return f"{user.first_name[:1]}. {user.last_name}"

    @staticmethod
    def full_name(user: User) -> str:
        return f"{user.first_name} {user.last_name}"

    # users
    def avatar(self, user: User) -> str:
        return user.avatar or self.url("/pages/images/unknown_users.png")

    def login_key_url(self, key: str) -> str:
        return self.url(f"/index/autologin/key:{key}")

    def user_base(self, user: User, key: str, fields: Iterable[CustomField]) -> dict[str, Any]:
        out = {
            "id": s(user.id),
            "login": user.login,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "restrict_email": self.flag(user.restrict_email),
            "user_type": user.user_type,
            "timezone": user.timezone,
            "language": user.language,
            "status": user.status,
            "deactivation_date": self.datetime(user.deactivation_date),
            "level": s(user.level),
            "points": s(user.points),
            "credits": s(user.credits),
            "created_on": self.datetime(user.created_on),
            "last_updated": self.datetime(user.last_updated),
            "last_updated_timestamp": self.stamp(user.last_updated),
            "avatar": self.avatar(user),
            "bio": user.bio,
            "login_key": self.login_key_url(key),
        }
        for f in fields:
            name = f.key.split(":", 1)[1]
            out[name] = user.custom.get(name)
        return out

    def user_full(self, user: User, key: str, fields, courses: list[tuple[Enrollment, Course]],
                  branches: list[Branch], groups: list[Group], certs: list[tuple[Certification, Course]],
                  badges: list[Badge]) -> dict[str, Any]:
        out = self.user_base(user, key, fields)
        out["courses"] = [self.user_course(e, c) for e, c in courses]
        out["branches"] = [{"id": s(b.id), "name": b.name} for b in branches]
        out["groups"] = [{"id": s(g.id), "name": g.name} for g in groups]
        out["certifications"] = [self.certification(c, course) for c, course in certs]
        out["badges"] = [self.badge(b) for b in badges]
        return out

    def user_created(self, user: User, key: str, set_fields: dict[str, str]) -> dict[str, Any]:
        """usersignup: the doc's key order, int id and int last_updated_timestamp (ib1984 real sample)."""
        out = {
            "id": user.id,
            "login": user.login,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "restrict_email": self.flag(user.restrict_email),
            "user_type": user.user_type,
            "timezone": user.timezone,
            "status": user.status,
            "language": user.language,
            "level": s(user.level),
            "points": s(user.points),
            "credits": s(user.credits),
            "created_on": self.datetime(user.created_on),
            "last_updated": self.datetime(user.last_updated),
            "last_updated_timestamp": int(user.last_updated),
            "avatar": self.avatar(user),
            "bio": user.bio,
            "login_key": self.login_key_url(key),
        }
        out.update(set_fields)
        return out

    def user_edited(self, user: User, key: str, fields) -> dict[str, Any]:
        out = self.user_base(user, key, fields)
        out["last_updated_timestamp"] = int(user.last_updated)
        return out

    def user_by_custom_field(self, user: User, certs) -> dict[str, Any]:
        return {
            "id": s(user.id), "login": user.login, "first_name": user.first_name,
            "last_name": user.last_name, "email": user.email,
            "restrict_email": self.flag(user.restrict_email), "status": user.status,
            "language": user.language, "deactivation_date": self.datetime(user.deactivation_date),
            "created_on": self.datetime(user.created_on), "last_updated": self.datetime(user.last_updated),
            "last_updated_timestamp": self.stamp(user.last_updated),
            "certifications": [self.certification(c, course) for c, course in certs],
        }

    def user_course(self, e: Enrollment, course: Course) -> dict[str, Any]:
        return {
            "id": s(course.id),
            "name": html.escape(course.name),  # entity-escaped here (Culy-Dev runs html.unescape on it)
            "role": e.role,
            "enrolled_on": self.datetime(e.enrolled_on),
            "enrolled_on_timestamp": self.stamp(e.enrolled_on),
            "completed_on": self.datetime(e.completed_on),
            "completed_on_timestamp": self.stamp(e.completed_on),
            "completion_status": e.status,
            "completion_status_formatted": COMPLETION_FORMATTED[e.status],
            "completion_percentage": s(e.percentage),
            "expired_on": self.datetime(e.expired_on),
            "expired_on_timestamp": self.stamp(e.expired_on),
            "total_time": self.duration(e.total_time),
            "total_time_seconds": int(e.total_time or 0),
            "last_accessed_unit_url": self.url(
                f"/course/lastaccessedunit/course_id:{course.id},user_id:{e.user_id}"),
        }

    def certification(self, c: Certification, course: Course | None) -> dict[str, Any]:
        return {
            "course_id": s(c.course_id),
            "course_name": course.name if course else "",
            "unique_id": c.unique_id,
            "issued_date": self.date(c.issued),
            "issued_date_timestamp": int(c.issued),
            "expiration_date": "Never" if c.expires is None else self.date(c.expires),
            "expiration_date_timestamp": 0 if c.expires is None else int(c.expires),
            "download_url": self.url(f"/certificate/download/id:{c.id}"),
            "public_url": self.url(f"/user/certification/sig:{c.signature}"),
        }

    def badge(self, b: Badge) -> dict[str, Any]:
        return {
            "name": b.name, "type": b.type,
            "image_url": self.url(f"/pages/images/badges/set1/{b.image}"),
            "criteria": b.criteria, "issued_on": self.datetime(b.issued),
            "issued_on_timestamp": int(b.issued), "badge_set_id": s(b.badge_set_id),
        }

    def custom_field(self, f: CustomField, with_order: bool) -> dict[str, Any]:
        out = {
            "key": f.key.split(":", 1)[1],
            "type": f.type,
            "name": f.name,
            "mandatory": "yes" if f.mandatory else "no",
            "visible_on_reports": "yes" if f.visible_on_reports else "no",
            "dropdown_values": f.dropdown_values,
            "checkbox_status": f.checkbox_status,
            "selective_availability": "yes" if f.selective_availability else "no",
            "branch": None,
            "main_domain_availability": (None if f.main_domain_availability is None
                                         else ("yes" if f.main_domain_availability else "no")),
            "previous_key": f.previous_key,
        }
        if with_order:
            out["order"] = f.order  # an int in the real sample (ib1984); the doc shows "1"
        return out

    # courses
    def course(self, c: Course, fields: Iterable[CustomField] = (), create: bool = False) -> dict[str, Any]:
        out = {
            "id": c.id if create else s(c.id),
            "name": c.name,
            "code": c.code,
            "category_id": s(c.category_id),
            "description": c.description,
            "price": self.price(c.price),
            "status": c.status,
            "creation_date": self.datetime(c.created_on),
            "last_update_on": self.datetime(c.updated_on),
            "creator_id": s(c.creator_id),
            "hide_from_catalog": self.flag(c.hide_from_catalog),
            "time_limit": s(c.time_limit),
            "start_datetime": self.stamp(c.start_datetime),
            "expiration_datetime": self.stamp(c.expiration_datetime),
            "level": s(c.level),
            "shared": self.flag(c.shared),
            "shared_url": self.url(f"/shared/start/key:{c.shared_key}") if c.shared else "",
            "avatar": self.url("/pages/images/unknown_small.png"),
            "big_avatar": self.url("/pages/images/unknown_small.png"),
            "certification": c.certification,
            "certification_duration": c.certification_duration,
        }
        for f in fields:
            name = f.key.split(":", 1)[1]
            out[name] = c.custom.get(name)
        return out

    def course_full(self, c: Course, fields, users: list[tuple[Enrollment, User]], units: list[Unit],
                    prerequisites: list[Course]) -> dict[str, Any]:
        out = self.course(c, fields)
        out["users"] = [self.course_user(e, u) for e, u in users]
        out["units"] = self.units(units)
        out["rules"] = list(c.rules)
        out["prerequisites"] = [{"course_id": s(p.id), "course_name": p.name} for p in prerequisites]
        out["prerequisite_rule_sets"] = [{"course_id": s(p.id), "course_name": p.name, "rule_set": "1"}
                                         for p in prerequisites]
        return out

    def course_user(self, e: Enrollment, u: User) -> dict[str, Any]:
        return {
            "id": s(u.id), "name": self.short_name(u), "role": e.role,
            "enrolled_on": self.datetime(e.enrolled_on), "enrolled_on_timestamp": self.stamp(e.enrolled_on),
            "completed_on": self.datetime(e.completed_on), "completed_on_timestamp": self.stamp(e.completed_on),
            "completion_percentage": s(e.percentage),
            "expired_on": self.datetime(e.expired_on), "expired_on_timestamp": self.stamp(e.expired_on),
            "total_time": self.duration(e.total_time), "total_time_seconds": int(e.total_time or 0),
        }

    def units(self, units: list[Unit]) -> list[dict[str, Any]]:
        out = []
        aggregated = 0
        for u in units:
            if u.type == "Section":
                aggregated += u.delay_time or 0
                out.append({"id": s(u.id), "type": u.type, "name": u.name, "delay_time": s(u.delay_time or 0),
                            "aggregated_delay_time": s(aggregated),
                            "formatted_aggregated_delay_time": self.delay(aggregated)})
            else:
                out.append({"id": s(u.id), "type": u.type, "name": u.name,
                            "url": f"{self.domain}/unit/apiview/id:{u.id}"})
        return out

    @staticmethod
    def delay(minutes: int) -> str:
        h, m = divmod(minutes, 60)
        return " ".join(p for p in ([f"{h}h"] if h else []) + ([f"{m}m"] if m else [])) or "0m"

    def user_status_in_course(self, e: Enrollment, units: list[tuple[Unit, UnitProgress | None]]) -> dict:
        return {
            "role": e.role,
            "enrolled_on": self.datetime(e.enrolled_on),
            "enrolled_on_timestamp": self.stamp(e.enrolled_on),
            "completion_status": STATUS_IN_COURSE[e.status],
            "completion_percentage": s(e.percentage),
            "completed_on": self.datetime(e.completed_on),
            "completed_on_timestamp": self.stamp(e.completed_on),
            "expired_on": self.datetime(e.expired_on),
            "expired_on_timestamp": self.stamp(e.expired_on),
            "total_time": self.duration(e.total_time or 0),
            "total_time_seconds": int(e.total_time or 0),
            "units": [self.unit_status(u, p) for u, p in units],
        }

    def unit_status(self, u: Unit, p: UnitProgress | None) -> dict[str, Any]:
        done = p is not None and p.completed_on is not None
        return {
            "id": s(u.id), "name": u.name, "type": u.type,
            "completion_status": p.status if p else "Not attempted",
            "completed_on": self.datetime(p.completed_on) if done else "",
            "completed_on_timestamp": self.stamp(p.completed_on) if done else None,
            "score": s(p.score) if p is not None and p.score is not None else "",
            "total_time": self.duration(p.total_time if p else 0),
            "total_time_seconds": int(p.total_time if p else 0),
        }

    # categories
    def category(self, c: Category) -> dict[str, Any]:
        return {"id": s(c.id), "name": c.name, "price": self.price(c.price), "parent_category_id": s(c.parent_id)}

    def category_course(self, c: Course) -> dict[str, Any]:
        return {"id": s(c.id), "name": c.name, "description": c.description, "price": self.price(c.price),
                "status": c.status, "hide_from_catalog": self.flag(c.hide_from_catalog), "level": s(c.level),
                "shared": self.flag(c.shared),
                "shared_url": self.url(f"/shared/start/key:{c.shared_key}") if c.shared else "",
                "avatar": self.url("/pages/images/unknown_small.png"),
                "big_avatar": self.url("/pages/images/unknown_small.png")}

    def leaf_course(self, c: Course, units: list[Unit]) -> dict[str, Any]:
        return {"id": s(c.id), "name": c.name, "description": c.description, "shared": self.flag(c.shared),
                "shared_url": self.url(f"/shared/start/key:{c.shared_key}") if c.shared else "",
                "avatar": self.url("/pages/images/unknown_small.png"),
                "big_avatar": self.url("/pages/images/unknown_small.png"), "units": self.units(units)}

    # groups and branches
    def group(self, g: Group, create: bool = False) -> dict[str, Any]:
        return {
            "id": g.id if create else s(g.id), "name": g.name, "description": g.description, "key": g.key,
            "price": self.price(g.price), "owner_id": s(g.owner_id), "belongs_to_branch": s(g.belongs_to_branch),
            "max_redemptions": s(g.max_redemptions), "redemptions_sofar": s(g.redemptions_sofar),
        }

    def branch(self, b: Branch, create: bool = False) -> dict[str, Any]:
        return {
            "id": b.id if create else s(b.id), "name": b.name, "description": b.description,
            "avatar": self.url("/pages/images/unknown_small.png"), "theme": b.theme, "timezone": b.timezone,
            "signup_method": b.signup_method, "signup_type": b.signup_type, "verification": b.verification,
            "internal_announcement": b.internal_announcement, "external_announcement": b.external_announcement,
            "language": b.language,
            "user_type_id": " " + USER_TYPE_IDS.get(b.user_type, "4"),  # the doc's leading space
            "user_type": b.user_type, "group_id": s(b.group_id),
            "registration_email_restriction": b.registration_email_restriction,
            "users_limit": s(b.users_limit), "disallow_global_login": self.flag(b.disallow_global_login),
            "payment_processor": b.payment_processor, "currency": b.currency, "paypal_email": b.paypal_email,
            "ecommerce_subscription": self.flag(b.ecommerce_subscription),
            "ecommerce_subscription_price": _number(b.ecommerce_subscription_price),
            "ecommerce_subscription_interval": b.ecommerce_subscription_interval,
            "ecommerce_credits": s(b.ecommerce_credits),
        }

    @staticmethod
    def members(rows) -> list[dict[str, str]]:
        out = []
        for r in rows:
            name = Wire.short_name(r) if isinstance(r, User) else r.name
            out.append({"id": s(r.id), "name": name})
        return out

    # units
    def unit_progress(self, user_id: int, p: UnitProgress | None) -> dict[str, Any]:
        return {"user_id": s(user_id), "status": p.status if p else "Not attempted",
                "score": int(p.score or 0) if p else 0}

    def test_answers(self, unit: Unit, user: User, p: UnitProgress) -> dict[str, Any]:
        return {
            "test_id": s(unit.id), "test_name": unit.name, "user_id": s(user.id),
            "user_name": self.short_name(user),
            "score": f"{(p.score or 0):.2f}%", "completion_status": p.status,
            "completed_on": self.datetime(p.completed_on), "completed_on_timestamp": self.stamp(p.completed_on),
            "total_time": self.duration(p.total_time), "total_time_seconds": int(p.total_time),
            "questions": [self._question(q, p, graded=True) for q in unit.questions],
        }

    def survey_answers(self, unit: Unit, user: User, p: UnitProgress) -> dict[str, Any]:
        return {
            "survey_id": s(unit.id), "survey_name": unit.name, "user_id": s(user.id),
            "user_name": self.short_name(user), "completion_status": p.status,
            "completed_on": self.datetime(p.completed_on), "completed_on_timestamp": self.stamp(p.completed_on),
            "total_time": self.duration(p.total_time), "total_time_seconds": int(p.total_time),
            "questions": [self._question(q, p, graded=False) for q in unit.questions],
        }

    @staticmethod
    def _question(q: dict, p: UnitProgress, graded: bool) -> dict[str, Any]:
        answers = q.get("answers") or []
        out: dict[str, Any] = {"id": s(q["id"]), "text": q["text"], "type": q["type"]}
        user = p.answers.get(str(q["id"]), [])
        if graded:
            correct = q.get("correct") or []
            out["weight"] = s(q.get("weight", 1))
            out["correct"] = "1" if user and user == correct else "0"
            out["answers"] = _numbered(answers)
            out["correct_answers"] = _numbered(correct) if answers else []
            out["user_answers"] = _numbered(user) if answers else list(user)
        else:
            out["answers"] = _numbered(answers)
            out["user_answers"] = _numbered(user) if answers else list(user)
        return out

    def ilt_session(self, sess: IltSession) -> dict[str, Any]:
        return {
            "id": s(sess.id), "name": sess.name, "multiname": "", "linked_to": "", "type": sess.type,
            "owner_id": s(sess.owner_id), "instructor_id": s(sess.instructor_id),
            "description": sess.description, "location": sess.location,
            "start_timestamp": self.stamp(sess.start), "start_date": self.datetime(sess.start),
            "capacity": "unlimited" if sess.capacity is None else s(sess.capacity),
            "duration_minutes": s(sess.duration_minutes),
        }

    # site
    def siteinfo(self, counts: dict[str, int], monthly_active: int, settings: dict[str, Any]) -> dict[str, Any]:
        return {
            "total_users": s(counts["users"]), "total_courses": s(counts["courses"]),
            "total_categories": s(counts["categories"]), "total_groups": s(counts["groups"]),
            "total_branches": s(counts["branches"]),
            "monthly_active_users": monthly_active,
            "signup_method": settings["signup_method"], "signup_type": settings["signup_type"],
            "verification": settings["verification"], "paypal_email": settings["paypal_email"],
            "domain_map": settings["domain_map"], "date_format": self.date_format,
            "limits": {"maximum_brances": settings["maximum_branches"]},  # sic: the doc's spelling
        }

    def ratelimit(self, limit: int, remaining: int, reset: float) -> dict[str, Any]:
        # limit and reset strings, remaining an int (ib1984 sample; C# RateLimitQuery.cs)
        return {"limit": s(limit), "remaining": int(remaining), "reset": s(int(reset)),
                "formatted_reset": self.minutes(reset)}

    def timeline(self, t: TimelineEntry) -> dict[str, Any]:
        def dash(v):
            return "-" if v is None else str(v)
        return {
            "action": t.action, "message": t.message, "timestamp": self.datetime(t.time),
            "unix_timestamp": s(int(t.time)), "user_id": dash(t.user_id), "user_username": dash(t.user_username),
            "user_email": dash(t.user_email), "user_fullname": dash(t.user_fullname),
            "object_id": dash(t.object_id), "object_name": dash(t.object_name),
            "secondary_object_id": dash(t.secondary_object_id),
            "secondary_object_name": dash(t.secondary_object_name), "event_counter": s(t.event_counter),
        }


def keyed(entries: dict[str, Any], empty_as: str) -> Any:
    """An object keyed by id; PHP's json_encode prints an empty one as ``[]`` (switch empty_keyed)."""
    if not entries and empty_as == "array":
        return []
    return entries


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.2f}"


def _numbered(values: list) -> dict[str, Any]:
    return {str(i + 1): v for i, v in enumerate(values)}


def _utc(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, tz=timezone.utc)
