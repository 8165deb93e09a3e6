"""Instructor-led training: an ILT session belongs to a lesson (and may belong to a multi-session event);
each session has its VILT session event, which follows the session's times; a registration puts an
enrollment on a session (``VILT_EVENT_REGISTRATION``), up to the session's ``seats_total``."""

from __future__ import annotations

from typing import Any

from ..models import Record
from .records import RecordOps, on

EVENTS = "/v1/vilt-session-events"
SESSIONS = "/v1/ilt-sessions"
REGISTRATIONS = "/v1/vilt-session-registrations"


def session_event_data(session: Record) -> dict[str, Any]:
    data = session.data
    return {"vilt_session": {"id": session.id}, "starts_at": data.get("starts_at"), "ends_at": data.get("ends_at"),
            "location": data.get("location", ""), "timezone": data.get("timezone", "UTC"),
            "event_location": {"name": data.get("location") or "Online", "url": data.get("event_link", "")}}


@on(SESSIONS)
def session_written(ops: RecordOps, row: Record, action: str, before: dict[str, Any]) -> None:
    if action == "delete":
        return  # its event belongs to it and goes with it
    events = [e for e in ops.state.records_of(EVENTS) if (e.data.get("vilt_session") or {}).get("id") == row.id]
    if events:
        ops.state.records.update(events[0], data={**events[0].data, **session_event_data(row)})
    else:
        ops.create_record(EVENTS, f"{EVENTS}|", session_event_data(row), [row.id])


@on(REGISTRATIONS)
def registration_written(ops: RecordOps, row: Record, action: str, before: dict[str, Any]) -> None:
    if action != "create":
        return
    enrollment = ops.state.enrollments.get(row.data.get("enrollment_id") or "")
    if enrollment is not None:
        ops.state.records.update(row, data={**row.data, "user": {"id": enrollment.user_id}})
        ops.publish("VILT_EVENT_REGISTRATION", user_id=enrollment.user_id, enrollment_id=enrollment.id,
                    vilt_session_id=(row.data.get("vilt_session") or {}).get("id"))
