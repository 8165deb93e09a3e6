"""``Lms``: every TalentLMS domain operation on one tenant, for one request."""

from __future__ import annotations

from .ops_courses import CourseOps
from .ops_org import OrgOps
from .ops_units import ProgressOps, UnitOps
from .ops_users import UserOps


class Lms(UserOps, CourseOps, OrgOps, UnitOps, ProgressOps):
    pass
