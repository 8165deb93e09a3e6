"""Control routes about how the emulator answers right now: rate limits, the journal, faults, the clock."""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING

from flask import Blueprint, Response, request

from ..clock import MAX_EPOCH, instant
from ..faults import FaultError
from ..http import json_response
from ..journal import Entry
from .common import control_error, found, request_body

if TYPE_CHECKING:
    from ..emulator import Emulator


JOURNAL_FIELDS = tuple(Entry.__dataclass_fields__)


def register(bp: Blueprint, emulator: "Emulator") -> None:
    """Add these routes to the control blueprint."""
    vendor = emulator.vendor

    @bp.get("/limits")
    def limits():
        return json_response({"vendor": vendor.name, "now": emulator.clock.now(),
                              "tenants": {t.name: {"plan": t.plan, "windows": t.limiter.to_dict()}
                                          for t in emulator.tenants}})

    @bp.get("/journal")
    def journal():
        args = request.args
        try:
            status = int(args["status"]) if "status" in args else None
            since_id = int(args["since_id"]) if "since_id" in args else None
            limit = int(args["limit"]) if "limit" in args else None
        except ValueError:
            return control_error(400, "'status', 'since_id' and 'limit' must be integers")
        fields = [f.strip() for f in args.get("fields", "").split(",") if f.strip()]
        unknown = [f for f in fields if f not in JOURNAL_FIELDS]
        if unknown:
            return control_error(400, f"unknown journal fields {unknown}; fields: {list(JOURNAL_FIELDS)}")
        entries = emulator.journal.query(method=args.get("method"), path=args.get("path"),
                                         path_contains=args.get("path_contains"), status=status,
                                         tenant=args.get("tenant"), since_id=since_id, limit=limit)
        if fields:  # only these fields: a listing without bodies stays small however big the bodies are
            return json_response({"count": len(entries),
                                  "entries": [{f: getattr(e, f) for f in fields} for e in entries]})
        return json_response({"count": len(entries), "entries": [e.summary() for e in entries]})

    @bp.get("/journal/<int:entry_id>")
    def journal_entry(entry_id: int):
        return found(emulator.journal.get(entry_id), lambda entry: entry.summary(),
                     f"no journal entry {entry_id} (it may have aged out)")

    @bp.delete("/journal")
    def clear_journal():
        emulator.journal.clear()
        return Response(status=204)

    @bp.get("/faults")
    def list_faults():
        return json_response({"faults": [r.to_dict() for r in emulator.faults.list()]})

    @bp.post("/faults")
    def add_fault():
        try:
            rule = emulator.faults.add(request_body())
        except (FaultError, TypeError) as exc:
            return control_error(400, str(exc))
        return json_response(rule.to_dict(), 201)

    @bp.delete("/faults")
    def clear_faults():
        emulator.faults.clear()
        return Response(status=204)

    @bp.delete("/faults/<int:rule_id>")
    def delete_fault(rule_id: int):
        if not emulator.faults.remove(rule_id):
            return control_error(404, f"no fault rule {rule_id}")
        return Response(status=204)

    @bp.get("/clock")
    def get_clock():
        return json_response(emulator.clock.to_dict())

    @bp.post("/clock")
    def set_clock():
        data = request_body()
        allowed = {"freeze", "at", "advance", "reset"}
        unknown = set(data) - allowed
        if unknown or not data:
            return control_error(400, f"send any of {sorted(allowed)}: freeze (bool), at (epoch seconds or "
                                      "ISO 8601), advance (seconds), reset (true: real time again)")
        # validate everything first, then apply: a refused request leaves the clock as it was
        at = None
        if "at" in data:
            at = instant(data["at"])
            if at is None:
                return control_error(400, "'at' must be epoch seconds or an ISO 8601 date-time with offset, "
                                          "between 1970 and 9999")
        if "freeze" in data and not isinstance(data["freeze"], bool):
            return control_error(400, "'freeze' must be a boolean")
        if "reset" in data and not isinstance(data["reset"], bool):
            return control_error(400, "'reset' must be a boolean")
        step = data.get("advance", 0)
        if (not isinstance(step, (int, float)) or isinstance(step, bool) or not math.isfinite(step)
                or not 0 <= step <= MAX_EPOCH):
            return control_error(400, "'advance' must be a non-negative number of seconds (at most ~8,000 years)")
        clock = emulator.clock
        base = at if at is not None else (time.time() if data.get("reset") else clock.now())
        if base + step > MAX_EPOCH:
            return control_error(400, "that would move the clock past the year 9999")
        if data.get("reset"):
            clock.reset()
        if data.get("freeze") is True:
            clock.freeze(at)  # at the given instant exactly, or now
        else:
            if at is not None:
                clock.set(at)
            if data.get("freeze") is False:
                clock.unfreeze()
        if step:
            clock.advance(float(step))
        return json_response(clock.to_dict())
