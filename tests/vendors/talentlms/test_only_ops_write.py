"""Every row a TalentLMS request changes is changed by ``ops`` (which publishes the event the timeline is
built from): watched at run time, over the API, the login-key page, the timeline and the control route."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import emulator.core.store as core_store
import emulator.vendors.talentlms as package
from emulator.vendors.talentlms.store import TalentState

ROOT = Path(package.__file__).parent
STORE = Path(core_store.__file__)


def watch_writes(monkeypatch, tenant) -> Counter:
    """Counts each write to the tenant's serving tables by the file that asked for it (the first caller
    outside core/store.py); the copies core prepares in the background for the next reset are not watched."""
    writers: Counter = Counter()

    def spying(original):
        def spy(self, *args, **kwargs):
            if not any(self is tenant.state.table(name) for name in TalentState.tables):
                return original(self, *args, **kwargs)
            frame = sys._getframe(1)
            while Path(frame.f_code.co_filename) == STORE:
                frame = frame.f_back
            path = Path(frame.f_code.co_filename)
            writers[str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)] += 1
            return original(self, *args, **kwargs)
        return spy

    for name in ("insert", "update", "delete"):
        monkeypatch.setattr(core_store.Table, name, spying(getattr(core_store.Table, name)))
    return writers


def test_requests_write_tables_only_through_ops(api, talentlms, monkeypatch):
    writers = watch_writes(monkeypatch, talentlms.tenant)
    user = api.signup(1, branch_id="1", group_id="1")
    uid = user["id"]
    api.ok("edituser", {"user_id": str(uid), "first_name": "Renamed", "deactivation_date": ""})
    key = api.ok("userlogin", {"login": "new1", "password": "Secret123"})["login_key"].rsplit("key:", 1)[1]
    assert talentlms.http.get(talentlms.url(f"/index/autologin/key:{key}")).status_code == 200
    course = api.ok("createcourse", {"name": "Ops only"})["id"]
    api.ok(f"addusertocourse/user_id:{uid},course_id:{course}")
    progress = talentlms.url("/_emulator/talentlms/progress")
    assert talentlms.http.post(progress, json={"user_id": uid, "course_id": course}).json()["completion_status"] \
        == "Completed"
    r = talentlms.http.post(progress, json={"user_id": uid, "course_id": 1})
    assert (r.status_code, r.json()["error"]["message"]) == (400, "The requested user is not enrolled in this course")
    api.ok(f"resetuserprogress/user_id:{uid},course_id:{course},remove_certification:yes")
    group = api.ok("creategroup", {"name": "Ops group"})
    api.ok(f"addcoursetogroup/course_id:{course},group_id:{group['id']}")
    api.ok(f"addusertogroup/user_id:{uid},group_key:{group['key']}")
    branch = api.ok("createbranch", {"name": "ops-branch"})["id"]
    api.ok(f"addusertobranch/user_id:{uid},branch_id:{branch}")
    api.ok(f"usersetstatus/user_id:{uid},status:inactive")
    api.ok("deleteuser", {"user_id": str(uid)})
    api.ok("deletecourse", {"course_id": str(course)})
    assert api.ok("gettimeline/event_type:user_register_user")[0]["user_id"] == str(uid)

    outside = {where: n for where, n in writers.items() if not where.startswith("ops/")}
    assert outside == {}
    assert set(writers) >= {"ops/users.py", "ops/keys.py", "ops/courses.py", "ops/org.py", "ops/timeline.py",
                            "ops/progress.py"}
