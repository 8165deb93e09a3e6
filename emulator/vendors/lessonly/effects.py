"""The lesson-completed webhook (DOCS ``_company_settings``; help article 3828587; sample payload in
informatica ``reporting-webhook-sample-payload.json``).

A subscriber on ``assignment.completed``: when a lesson assignment is completed and the company has a
callback URL, POST the payload there with ``Authorization: <the configured value>``, retrying up to
3 times (4 attempts) at a fixed interval: 5 minutes in reality, the ``webhook_retry_seconds`` switch
here. Deliveries go through core ``Deliveries`` and show at ``GET /_emulator/deliveries``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ...core.deliveries import RetryPolicy
from ...core.events import Event
from .serialize import View, webhook_payload
from .store import LessonlyState

if TYPE_CHECKING:
    from ...core.tenants import Tenant

KIND = "lesson_completed"
RETRIES = 3


def subscribe(tenant: "Tenant") -> None:
    tenant.bus.subscribe("assignment.completed", lambda event: lesson_completed(tenant, event))


def lesson_completed(tenant: "Tenant", event: Event) -> None:
    state: LessonlyState = tenant.state
    assignment = state.assignments.get(event.data.get("assignment_id"))
    if assignment is None or assignment.assignable_type != "Lesson":
        return
    settings = state.settings()
    url = settings.get("lesson_completed_callback_url")
    deliveries = getattr(tenant.services, "deliveries", None)
    if not url or deliveries is None:
        return
    view = View.of(tenant, event.time)
    headers = {"Content-Type": "application/json"}
    if settings.get("lesson_completed_callback_authorization"):
        headers["Authorization"] = settings["lesson_completed_callback_authorization"]
    interval = float(tenant.switch("webhook_retry_seconds"))
    deliveries.enqueue(tenant=tenant.name, kind=KIND, url=url, body=json.dumps(webhook_payload(assignment, view)),
                       headers=headers, meta={"assignment_id": assignment.id, "lesson_id": assignment.assignable_id},
                       policy=RetryPolicy(max_attempts=RETRIES + 1, backoff_seconds=interval, backoff_factor=1.0))
