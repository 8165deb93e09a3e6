"""Access codes: a code from one of a domain's access-code pools grants membership of that domain and
is used up (``use_count`` reaches ``max_uses``); a used-up, inactive or out-of-date code is refused.

Redeemed through the REST surface (``PATCH /v1/domains/{d}/users/{uid}`` with ``access_code``) or the
control API's ``/redeem`` (a learner typing the code at sign-up).
"""

from __future__ import annotations

from ..errors import FieldErrors
from ..models import Domain, DomainUser, Record
from .base import OpsBase

CODES = "/v1/domains/{}/access-code-pools/{}/access-codes"
POOLS = "/v1/domains/{}/access-code-pools"
UNIT_SECONDS = {"DAYS": 86400, "WEEKS": 7 * 86400, "MONTHS": 30 * 86400, "YEARS": 365 * 86400}


def code_usable(code: Record, pool: Record | None, now: float) -> bool:
    data = code.data
    limit = data.get("max_uses") or 0
    if not data.get("active", True) or (limit and data.get("use_count", 0) >= limit):
        return False
    if pool is None or not pool.data.get("active", True):
        return False
    start, end = pool.data.get("start_date"), pool.data.get("end_date")
    return not ((isinstance(start, float) and now < start) or (isinstance(end, float) and now > end))


class AccessOps(OpsBase):
    def use_access_code(self, domain: Domain, email: str, code: Record) -> DomainUser:
        """The membership the code grants (made when missing), the code's use counted."""
        pool = self.state.records.get(code.ancestors[-1]) if code.ancestors else None
        if not code_usable(code, pool, self.now()):
            raise FieldErrors({"access_code": ["This access code is no longer valid."]})
        membership, _created = self.add_to_domain(domain, email, None, None)
        changes: dict = {"access_code_id": code.id}
        duration, unit = code.data.get("duration"), code.data.get("duration_unit")
        if isinstance(duration, int) and unit in UNIT_SECONDS:
            changes["expires_at"] = self.now() + duration * UNIT_SECONDS[unit]
        self.update_membership(membership, **changes)
        users = [*code.data.get("users", []), {"id": membership.user_id}]
        self.update_record(code, {"use_count": code.data.get("use_count", 0) + 1, "users": users})
        return membership
