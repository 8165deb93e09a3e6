"""TalentLMS state built from recorded objects (issue #11): users (with their enrolments, branches,
groups, badges and custom fields), courses (with their units and learners), categories, groups and
branches, enrolment and unit progress, ILT sessions and the timeline, from the answers of the REST
reads and writes that carry them. Wire forms are read back
into the models' types: string ids, ``"0"``/``"1"``, ``DD/MM/YYYY, HH:MM:SS`` dates (the domain's
order), ``&#36;0.00`` prices, ``custom_field_N`` keys."""

from __future__ import annotations

from typing import Any, Iterable

from ...recording.rows import (Context, Found, Shape, Source, clone_tables, parse_price, parse_time,
                                scim_resources, scim_user)
from . import models

RECORDED_HOST = "demo.talentlms.com"
_ACTION = r"/api/v1/(?i:{})(?:/.*)?/?"


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _price(value: Any, ctx: Context) -> dict:
    return {"price": parse_price(value)}


SHAPES = {
    "users": Shape(models.User, ignore=frozenset({"login_key", "last_updated_timestamp", "courses", "branches",
                                                  "groups", "certifications", "badges", "avatar"})),
    "courses": Shape(models.Course, renames={"creation_date": "created_on", "last_update_on": "updated_on"},
                     converters={"price": _price,
                                 "shared_url": lambda v, ctx: {"shared_key": str(v or "").rsplit("key:", 1)[-1]
                                                               if "key:" in str(v or "") else ""},
                                 "prerequisites": lambda v, ctx: {"prerequisite_ids": [
                                     i for i in (_int(p.get("course_id", p.get("id"))) if isinstance(p, dict)
                                                 else _int(p) for p in v or []) if i is not None]}},
                     ignore=frozenset({"users", "units", "avatar", "big_avatar", "prerequisite_rule_sets"})),
    "enrollments": Shape(models.Enrollment, pk="key"),
    "units": Shape(models.Unit, ignore=frozenset({"url"})),
    "categories": Shape(models.Category, renames={"parent_category_id": "parent_id"}, converters={"price": _price},
                        ignore=frozenset({"courses"})),
    "groups": Shape(models.Group, converters={"price": _price}, ignore=frozenset({"users", "courses"})),
    "branches": Shape(models.Branch, ignore=frozenset({"users", "courses", "avatar", "user_type_id"})),
    "custom_fields": Shape(models.CustomField, pk="key"),
    "badges": Shape(models.Badge, pk="key"),
    "certifications": Shape(models.Certification),
    "unit_progress": Shape(models.UnitProgress, pk="key"),
    "ilt_sessions": Shape(models.IltSession, renames={"start_timestamp": "start"},
                          converters={"capacity": lambda v, ctx: {"capacity": None if v in (None, "", "unlimited")
                                                                  else _int(v)}},
                          ignore=frozenset({"start_date", "multiname", "linked_to"})),
    "timeline": Shape(models.TimelineEntry, renames={"unix_timestamp": "time"},
                      ignore=frozenset({"timestamp"})),
}


def _customs(obj: dict, scope: str, into: list[Found], named: set[str] | None = None) -> dict[str, str]:
    """A row's ``custom_field_N`` values; each field found (once per answer when ``named`` is given:
    a list of ten thousand users names the same few fields ten thousand times)."""
    custom = {}
    for key, value in obj.items():
        if key.startswith("custom_field_") and key[13:].isdigit():
            if value is not None:
                custom[key] = str(value)
            if named is not None:
                if key in named:
                    continue
                named.add(key)
            into.append(Found("custom_fields", {"key": f"{scope}:{key}", "scope": scope, "name": key,
                                                "type": "text", "order": int(key[13:])}))
    return custom


def _enrollment(user_id: int, course_id: int, item: dict, ctx: Context) -> Found:
    data: dict[str, Any] = {"key": f"{user_id}:{course_id}", "user_id": user_id, "course_id": course_id}
    if "role" in item:
        data["role"] = item["role"]
    if "enrolled_on_timestamp" in item or "enrolled_on" in item:
        data["enrolled_on"] = parse_time(item.get("enrolled_on_timestamp") or item.get("enrolled_on"), ctx) or 0.0
    if "completion_status" in item:
        data["status"] = item["completion_status"]
    if "completion_percentage" in item:
        data["percentage"] = _int(item["completion_percentage"]) or 0
    for name in ("completed_on", "expired_on"):
        if name in item or f"{name}_timestamp" in item:
            data[name] = parse_time(item.get(f"{name}_timestamp") or item.get(name), ctx)
    if "total_time_seconds" in item:
        data["total_time"] = None if item.get("total_time") is None else _int(item["total_time_seconds"])
    return Found("enrollments", data)


def _identified(body: Any) -> Iterable[tuple[dict, int]]:
    """The objects of a list or one-object answer that carry an integer id, each with that id."""
    items = body if isinstance(body, list) else [body] if isinstance(body, dict) and "id" in body else []
    for obj in items:
        if isinstance(obj, dict) and _int(obj.get("id")) is not None:
            yield obj, _int(obj["id"])


def _users(body: Any, match, interaction, created: bool = False) -> Iterable[Found]:
    ctx = Context()
    named: set[str] = set()
    for obj, uid in _identified(body):
        out: list[Found] = []
        extra: dict[str, Any] = {"custom": _customs(obj, "user", out, named)}
        if "branches" in obj:
            extra["branch_ids"] = [_int(b["id"]) for b in obj["branches"] if isinstance(b, dict)]
        if "groups" in obj:
            extra["group_ids"] = [_int(g["id"]) for g in obj["groups"] if isinstance(g, dict)]
        yield Found("users", obj, created=created, extra=extra)
        for table in ("branches", "groups"):  # what the user names exists, even if never read itself
            for item in obj.get(table) or []:
                if isinstance(item, dict) and _int(item.get("id")) is not None:
                    yield Found(table, {"id": item["id"], "name": item.get("name", "")})
        for item in obj.get("courses") or []:
            if isinstance(item, dict) and _int(item.get("id")) is not None:
                yield Found("courses", {"id": item["id"], "name": item.get("name", "")})
                yield _enrollment(uid, _int(item["id"]), item, ctx)
        for n, badge in enumerate(obj.get("badges") or []):
            if isinstance(badge, dict):
                image = str(badge.get("image_url", "")).rsplit("/badges/set1/", 1)[-1]
                yield Found("badges", {"key": f"{uid}:{n}", "user_id": uid, "name": badge.get("name", ""),
                                       "type": badge.get("type", ""), "criteria": badge.get("criteria", ""),
                                       "image": image, "issued": parse_time(badge.get("issued_on_timestamp"), ctx),
                                       "badge_set_id": _int(badge.get("badge_set_id")) or 1})
        for cert in obj.get("certifications") or []:
            if isinstance(cert, dict) and _int(cert.get("course_id")) is not None:
                yield Found("certifications", {
                    "id": _int(str(cert.get("download_url", "")).rsplit("id:", 1)[-1]),
                    "key": f"{uid}:{_int(cert['course_id'])}", "user_id": uid, "course_id": _int(cert["course_id"]),
                    "unique_id": str(cert.get("unique_id", "")),
                    "issued": parse_time(cert.get("issued_date_timestamp"), ctx),
                    "expires": None if cert.get("expiration_date") == "Never"
                    else parse_time(cert.get("expiration_date_timestamp"), ctx),
                    "signature": str(cert.get("public_url", "")).rsplit("sig:", 1)[-1]})
        yield from out


def _courses(body: Any, match, interaction, created: bool = False) -> Iterable[Found]:
    ctx = Context()
    named: set[str] = set()
    for obj, cid in _identified(body):
        out: list[Found] = []
        yield Found("courses", obj, created=created, extra={"custom": _customs(obj, "course", out, named)})
        for item in obj.get("users") or []:
            if isinstance(item, dict) and _int(item.get("id")) is not None:
                yield _enrollment(_int(item["id"]), cid, item, ctx)
        for position, unit in enumerate(obj.get("units") or []):
            if isinstance(unit, dict) and _int(unit.get("id")) is not None:
                yield Found("units", unit, extra={"course_id": cid, "position": position})
        yield from out


def _plain(table: str, created: bool = False, member_field: str | None = None):
    """Categories, groups, branches; a group's or branch's ``users`` and ``courses`` are memberships."""
    def extract(body: Any, match, interaction) -> Iterable[Found]:
        items = body if isinstance(body, list) else [body] if isinstance(body, dict) and "id" in body else []
        for obj in items:
            if not isinstance(obj, dict) or _int(obj.get("id")) is None:
                continue
            own = _int(obj["id"])
            courses = [c for c in obj.get("courses") or [] if isinstance(c, dict) and _int(c.get("id")) is not None]
            yield Found(table, obj, created=created,
                        extra={"course_ids": [_int(c["id"]) for c in courses]} if member_field and "courses" in obj
                        else {})
            for course in courses:  # a category lists whole courses; a group or branch their ids and names
                yield Found("courses", course, extra={"category_id": own} if table == "categories" else {})
            for user in obj.get("users") or [] if member_field else []:
                if isinstance(user, dict) and _int(user.get("id")) is not None:
                    yield Found("users", {"id": _int(user["id"])}, append={member_field: [own]})
    return extract


def _enrolled(body: Any, match, interaction) -> Iterable[Found]:
    """addusertocourse answers the enrolment(s) it made: a creation."""
    for item in body if isinstance(body, list) else [body]:
        if isinstance(item, dict) and _int(item.get("user_id")) is not None and _int(item.get("course_id")) is not None:
            uid, cid = _int(item["user_id"]), _int(item["course_id"])
            yield Found("enrollments", {"key": f"{uid}:{cid}", "user_id": uid, "course_id": cid,
                                        "role": item.get("role", "learner")}, created=True)


def _scim_users(created: bool = False):
    """SCIM Users are TalentLMS users: userName is the login."""
    def extract(body: Any, match, interaction) -> Iterable[Found]:
        for resource in scim_resources(body):
            u = scim_user(resource)
            data = {"id": u["id"], "login": u["userName"], "first_name": u["given"], "last_name": u["family"],
                    "email": u["email"], "created_on": u["created"], "last_updated": u["modified"]}
            if u["active"] is not None:
                data["status"] = "active" if u["active"] else "inactive"
            yield Found("users", {k: v for k, v in data.items() if v is not None}, created=created)
    return extract


def _params(interaction) -> dict[str, str]:
    """The ``name:value`` arguments of a TalentLMS action path (``/api/v1/x/a:1,b:2``)."""
    from urllib.parse import unquote

    rest = unquote(interaction.request.raw_path.partition("?")[0]).split("/", 4)[4:]
    out = {}
    for part in (rest[0].strip("/").split(",") if rest else []):
        name, _, value = part.partition(":")
        out[name.strip().lower()] = value.strip()
    return out


def _progress_row(unit_id: int, user_id: int, course_id: int | None, item: dict, ctx: Context) -> Found:
    data: dict[str, Any] = {"key": f"{unit_id}:{user_id}", "unit_id": unit_id, "user_id": user_id,
                            "status": item.get("completion_status", item.get("status"))}
    if "score" in item:
        data["score"] = _int(item["score"]) if str(item["score"]).strip() != "" else None
    if "completed_on_timestamp" in item or "completed_on" in item:
        data["completed_on"] = parse_time(item.get("completed_on_timestamp") or item.get("completed_on"), ctx)
    if "total_time_seconds" in item:
        data["total_time"] = _int(item["total_time_seconds"]) or 0
    return Found("unit_progress", data, extra={"course_id": course_id} if course_id is not None else {})


def _status_in_course(body: Any, match, interaction) -> Iterable[Found]:
    """getuserstatusincourse: the enrolment's progress and each unit's, for one user in one course."""
    args = _params(interaction)
    uid, cid = _int(args.get("user_id")), _int(args.get("course_id"))
    if not isinstance(body, dict) or uid is None or cid is None:
        return
    ctx = Context()
    yield _enrollment(uid, cid, {**body, "completion_status": _IN_COURSE.get(body.get("completion_status"),
                                                                             body.get("completion_status"))}, ctx)
    for unit in body.get("units") or []:
        if not isinstance(unit, dict) or _int(unit.get("id")) is None:
            continue
        yield Found("units", {k: unit[k] for k in ("id", "name", "type") if k in unit}, extra={"course_id": cid})
        if unit.get("completion_status") not in (None, "Not attempted"):  # no row means "Not attempted"
            yield _progress_row(_int(unit["id"]), uid, cid, unit, ctx)


def _progress_in_units(body: Any, match, interaction) -> Iterable[Found]:
    """getusersprogressinunits: one row per learner with progress in the unit (or the one asked about)."""
    args = _params(interaction)
    unit_id, single = _int(args.get("unit_id")), args.get("user_id")
    if unit_id is None:
        return
    ctx = Context()
    for item in body if isinstance(body, list) else [body] if isinstance(body, dict) else []:
        if not isinstance(item, dict) or _int(item.get("user_id")) is None:
            continue
        if single and item.get("status") == "Not attempted" and not _int(item.get("score")):
            continue  # the one-user form answers even without a row
        yield Found("units", {"id": unit_id})
        yield _progress_row(unit_id, _int(item["user_id"]), None, item, ctx)


def _ilt_sessions(body: Any, match, interaction) -> Iterable[Found]:
    unit_id = _int(_params(interaction).get("ilt_id"))
    if unit_id is None:
        return
    yield Found("units", {"id": unit_id}, extra={"type": "Instructor-led training"})
    for item in body if isinstance(body, list) else []:
        if isinstance(item, dict) and _int(item.get("id")) is not None:
            yield Found("ilt_sessions", item, extra={"unit_id": unit_id})


_COURSE_ACTIONS = ("course_", "certification_")


def _timeline(created_by_recording=None):
    """gettimeline: entries newest first; each is keyed by what it says (the API shows no id), and the
    filters gettimeline matches are the recorded request's own plus its user and, for course events,
    its course. ``created_by_recording(interaction, time)`` tells an entry a recorded write added."""
    def extract(body: Any, match, interaction) -> Iterable[Found]:
        args = _params(interaction)
        asked = next((f"{name[:-3]}:{_int(args[name])}" for name in _FILTERS if _int(args.get(name)) is not None),
                     None)
        for item in body if isinstance(body, list) else []:
            if not isinstance(item, dict) or not item.get("action"):
                continue
            data = {k: (None if v == "-" else v) for k, v in item.items()}
            filters = [asked] if asked else []
            if _int(data.get("user_id")) is not None:
                filters.append(f"user:{_int(data['user_id'])}")
            if str(data["action"]).startswith(_COURSE_ACTIONS) and _int(data.get("object_id")) is not None:
                filters.append(f"course:{_int(data['object_id'])}")
            key = "|".join(str(data.get(k)) for k in ("action", "unix_timestamp", "user_id", "object_id",
                                                       "secondary_object_id", "message"))
            created = bool(created_by_recording and created_by_recording(interaction, data))
            yield Found("timeline", data, extra={"id": key}, created=created)
            yield Found("timeline", data, extra={"id": key}, append={"filters": filters})
    return extract


_FILTERS = ("user_id", "course_id", "branch_id", "group_id", "unit_id")


def _recorded_writes(interactions):
    """``(interaction, entry) -> bool``: whether a timeline entry was added by the recorded writes: first
    seen after the first recorded write, and stamped at or after that write's ``Date`` or newer than
    every entry of its action that the reads before it listed."""
    from email.utils import parsedate_to_datetime

    position = {id(i): n for n, i in enumerate(interactions)}
    first, since, newest = None, None, {}
    for n, interaction in enumerate(interactions):
        req, resp = interaction.request, interaction.response
        if req.method != "GET" and 200 <= resp.status < 300:
            first = n
            date = next((v[0] for k, v in resp.headers.items() if k.lower() == "date" and v), None)
            try:
                since = parsedate_to_datetime(date).timestamp() if date else None
            except (TypeError, ValueError):
                since = None
            break
        if req.method == "GET" and "/gettimeline" in req.raw_path.lower() and resp.status == 200:
            try:
                body = resp.json()
            except ValueError:
                continue
            for item in body if isinstance(body, list) else []:
                stamp = _int(item.get("unix_timestamp")) if isinstance(item, dict) else None
                if stamp is not None:
                    newest[item.get("action")] = max(newest.get(item.get("action"), stamp), stamp)

    def created(interaction, entry: dict) -> bool:
        if first is None or position.get(id(interaction), -1) < first:
            return False
        stamp = _int(entry.get("unix_timestamp"))
        if stamp is None:
            return False
        return (since is not None and stamp >= since) or (entry.get("action") in newest
                                                          and stamp > newest[entry["action"]])
    return created


_TIMELINE = _ACTION.format("gettimeline")
_IN_COURSE = {"Completed": "completed"}  # getuserstatusincourse capitalises the one status

SOURCES = [
    Source("GET", r"/scim/v2/Users(?:/\d+)?/?", _scim_users()),
    Source("POST", r"/scim/v2/Users/?", _scim_users(created=True)),
    Source("PUT", r"/scim/v2/Users/\d+/?", _scim_users()),
    Source("PATCH", r"/scim/v2/Users/\d+/?", _scim_users()),
    Source("POST", _ACTION.format("addusertocourse"), _enrolled),
    Source("GET", _ACTION.format("users"), _users),
    Source("POST", _ACTION.format("users"), _users),
    Source("POST", _ACTION.format("usersignup"), lambda b, m, i: _users(b, m, i, created=True)),
    Source("POST", _ACTION.format("edituser"), _users),
    Source("GET", _ACTION.format("courses"), _courses),
    Source("POST", _ACTION.format("createcourse"), lambda b, m, i: _courses(b, m, i, created=True)),
    Source("GET", _ACTION.format("categories"), _plain("categories")),
    Source("GET", _ACTION.format("groups"), _plain("groups", member_field="group_ids")),
    Source("POST", _ACTION.format("creategroup"), _plain("groups", created=True)),
    Source("GET", _ACTION.format("branches"), _plain("branches", member_field="branch_ids")),
    Source("POST", _ACTION.format("createbranch"), _plain("branches", created=True)),
    Source("GET", _ACTION.format("getuserstatusincourse"), _status_in_course),
    Source("GET", _ACTION.format("getusersprogressinunits"), _progress_in_units),
    Source("GET", _ACTION.format("getiltsessions"), _ilt_sessions),
    Source("GET", _TIMELINE, _timeline()),
]


def _timeline_rows(rows: list[dict], report: list[str]) -> list[dict]:
    """Oldest first, as the timeline grows (answers list the newest first)."""
    rows = sorted(reversed(rows), key=lambda r: r["time"])
    report.append("timeline: gettimeline filters derived from each entry's user, its course (course events) "
                  "and the recorded request's filter")
    return rows


def clone(interactions, as_of: str = "end") -> tuple[dict, list[str]]:
    """(state export, report) for ``Tenant.import_``."""
    sources = [Source(s.method, s.path, _timeline(_recorded_writes(interactions))) if s.path == _TIMELINE else s
               for s in SOURCES]
    tables, report = clone_tables(interactions, sources, SHAPES, as_of)
    if tables.get("timeline"):
        tables["timeline"] = _timeline_rows(tables["timeline"], report)
    # keyed while merging; numbered now
    for name in ("enrollments", "custom_fields", "badges", "unit_progress", "timeline"):
        for n, row in enumerate(tables.get(name, []), start=1):
            row["id"] = n
    for row in tables.get("badges", []):
        row.pop("key", None)
    fields = sorted(tables.get("custom_fields", []), key=lambda r: (r["scope"], r["order"]))
    for n, row in enumerate(fields, start=1):
        row["id"] = n
    tables["custom_fields"] = fields
    for row in tables.get("groups", []):
        if not row["key"]:  # a group only seen by name: its key is unique in the tenant
            row["key"] = f"clone{row['id']}"
    return {"tables": tables}, report
