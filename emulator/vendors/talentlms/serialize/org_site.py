"""Groups, branches, unit progress and answers, ILT sessions, siteinfo, ratelimit and the timeline."""

from __future__ import annotations

from typing import Any

from ..models import Branch, Group, IltSession, TimelineEntry, Unit, UnitProgress, User
from .base import WireBase, _number, _numbered, s

USER_TYPE_IDS = {"SuperAdmin": "1", "Admin-Type": "2", "Trainer-Type": "3", "Learner-Type": "4"}


class OrgSiteWire(WireBase):
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
            name = WireBase.short_name(r) if isinstance(r, User) else r.name
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


