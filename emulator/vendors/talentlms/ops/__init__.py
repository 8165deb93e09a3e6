"""Every state change of a TalentLMS tenant: the only code that writes its tables (seed and import aside).

``Lms(tenant)`` is one tenant for one request; each operation validates its arguments (``params``), raises
the vendor's :class:`~..errors.TalentError` and publishes the domain events effects.py turns into the
timeline. The operations are grouped by what they act on: users, keys (login keys and web sessions),
courses, org (groups, branches, categories), units, progress and the timeline.
"""

from __future__ import annotations

from .courses import CourseOps
from .org import OrgOps
from .progress import ProgressOps
from .timeline import TimelineOps
from .units import UnitOps
from .users import UserOps


class Lms(UserOps, CourseOps, OrgOps, UnitOps, TimelineOps, ProgressOps):
    pass
