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

from typing import TYPE_CHECKING

from .base import DATE_FORMATS, keyed, s
from .courses import CourseWire
from .org_site import OrgSiteWire
from .users import UserWire

if TYPE_CHECKING:
    from ....core.tenants import Tenant

__all__ = ["DATE_FORMATS", "Wire", "keyed", "s", "wire_for"]


class Wire(UserWire, CourseWire, OrgSiteWire):
    """Formats for one tenant: its domain, date format, time zone and switches."""


def wire_for(tenant: "Tenant") -> Wire:
    cfg = tenant.config
    domain = cfg.settings.get("domain_map") or cfg.domain or f"{cfg.name}.talentlms.com"
    return Wire(domain, cfg.date_format or "DDMMYYYY", tenant.switch("price_format"),
                cfg.settings.get("currency_entity", "&#36;"), utc_offset=float(cfg.settings.get("utc_offset_hours", 0)))
