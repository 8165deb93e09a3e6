"""Handlers of the unit, site, rate-limit and timeline actions."""

from __future__ import annotations

import math

from ..ops import Lms
from ..serialize import Wire

SITE_DEFAULTS = {"signup_method": "email", "signup_type": "direct", "verification": "email",
                 "paypal_email": "", "domain_map": "", "maximum_branches": -1}


def getusersprogressinunits(lms: Lms, p: dict, w: Wire):
    unit, rows, single = lms.unit_progress(p)
    if single and lms.switch("unit_progress_single") == "object":
        # two live sources show one object, not the doc's one-element array (Trifoia; ib1984)
        user_id, progress = rows[0]
        return w.unit_progress(user_id, progress)
    return [w.unit_progress(user_id, progress) for user_id, progress in rows]


def gettestanswers(lms: Lms, p: dict, w: Wire):
    return w.test_answers(*lms.answers(p, "test"))


def getsurveyanswers(lms: Lms, p: dict, w: Wire):
    return w.survey_answers(*lms.answers(p, "survey"))


def getiltsessions(lms: Lms, p: dict, w: Wire):
    return [w.ilt_session(sess) for sess in lms.ilt_sessions(p)]


def siteinfo(lms: Lms, p: dict, w: Wire):
    settings = {k: lms.setting(k, v) for k, v in SITE_DEFAULTS.items()}
    st = lms.state
    counts = {"users": len(st.users), "courses": len(st.courses), "categories": len(st.categories),
              "groups": len(st.groups), "branches": len(st.branches)}
    return w.siteinfo(counts, lms.monthly_active_users(), settings)


def ratelimit(lms: Lms, p: dict, w: Wire):
    """Consistent with the hourly window the pipeline counts; this call itself is not counted."""
    hour = next((st for st in lms.tenant.limiter.peek() if st.window.name == "hour"), None)
    if hour is None:  # the emulator's "unlimited" plan
        reset = (math.floor(lms.now / 3600) + 1) * 3600
        return w.ratelimit(1_000_000, 1_000_000, reset)
    return w.ratelimit(hour.window.limit, hour.remaining, hour.reset_at)


def gettimeline(lms: Lms, p: dict, w: Wire):
    return [w.timeline(t) for t in lms.timeline(p)]
