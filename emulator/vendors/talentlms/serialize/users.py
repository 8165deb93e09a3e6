"""Users as the API prints them: list rows, full objects, create/edit answers, their courses,
certifications, badges and custom-field definitions."""

from __future__ import annotations

import html
from typing import Any, Iterable

from ..models import Badge, Branch, Certification, Course, CustomField, Enrollment, Group, User
from .base import WireBase, s

COMPLETION_FORMATTED = {"not_attempted": "Not Started", "incomplete": "In Progress", "completed": "Completed"}


class UserWire(WireBase):
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
            "dropdown_values": f.dropdown_values if f.dropdown_values is not None else "",  # real: "" (ib1984)
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

