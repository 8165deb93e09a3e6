"""Every state change of a Skilljar tenant: the only code that writes its tables (the seed aside).

An operation validates nothing about HTTP shapes (``params`` does that, before any write); it changes
rows and publishes what happened on the tenant's bus as one of Skilljar's own webhook event types
(``DOMAIN_ENROLLMENT``, ``COURSE_ENROLLMENT``...) with the ids involved as data; ``effects`` turns
those into deliveries. A change Skilljar has no event type for publishes nothing.

One module per resource group; :class:`Ops` is all of them on one tenant, as routes, SCIM and the
control API use it: ``Ops(tenant).enroll(published, user)``.
"""

from __future__ import annotations

from . import ilt, learning  # noqa: F401  (their hooks register on import)
from .access import AccessOps
from .catalog import CatalogOps
from .commerce import CommerceOps
from .courses import CourseOps
from .domains import DomainOps
from .enrollments import EnrollmentOps
from .groups import GroupOps
from .records import RecordOps
from .users import UserOps
from .webhooks import WebhookOps


class Ops(RecordOps, CatalogOps, CommerceOps, AccessOps, UserOps, DomainOps, GroupOps, CourseOps, EnrollmentOps,
          WebhookOps):
    """The operations of one tenant (its lock held by the caller)."""


__all__ = ["Ops"]
