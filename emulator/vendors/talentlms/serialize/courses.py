"""Courses, their users and units, a user's status in a course, and categories."""

from __future__ import annotations

from typing import Any, Iterable

from ..models import Category, Course, CustomField, Enrollment, Unit, UnitProgress, User
from .base import WireBase, s

# getuserstatusincourse prints "Completed" capitalised but the other states raw (seed 004 p.29; Trifoia)
STATUS_IN_COURSE = {"not_attempted": "not_attempted", "incomplete": "incomplete", "completed": "Completed"}


class CourseWire(WireBase):
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

