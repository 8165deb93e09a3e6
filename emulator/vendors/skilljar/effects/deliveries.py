"""Outbound webhooks: one event → real HTTP POSTs through core Deliveries, and the hook's ping.

- One POST per event per URL: when several active hooks match an event and share a target URL, the
  event goes to that URL once (SPEC ``webhooks_create``); the first-created hook's credentials and
  headers are used.
- Headers: ``Content-Type: application/json``, ``User-Agent: skilljar`` (GS-WH), Basic auth from
  ``basic_auth_username``/``basic_auth_password`` when set, then ``additional_headers``.
- Outcomes deactivate every hook that shared the URL: a 4xx → ``HTTP_4XX_RESPONSE``, exhausted
  retries → ``RETRY_COUNT``, too many redirects → ``TOO_MANY_REDIRECTS`` (SPEC DeactivateReasonEnum).
  The retry schedule is not published: it is the tenant's ``webhook_retry`` setting.
"""

from __future__ import annotations

import json
import threading
from typing import TYPE_CHECKING, Any

from ....core.deliveries import Delivery, RetryPolicy
from ..ops import Ops
from ..store import SkilljarState
from . import bodies

if TYPE_CHECKING:
    from ....core.tenants import Tenant

DEFAULT_RETRY = {"max_attempts": 5, "backoff_seconds": 1.0, "backoff_factor": 2.0, "timeout_seconds": 5.0,
                 "max_redirects": 5}
REASONS = {"client_error": "HTTP_4XX_RESPONSE", "retries_exhausted": "RETRY_COUNT",
           "too_many_redirects": "TOO_MANY_REDIRECTS"}


def policy(tenant: Tenant) -> RetryPolicy:
    settings = {**DEFAULT_RETRY, **(tenant.config.settings.get("webhook_retry") or {})}
    return RetryPolicy(max_attempts=int(settings["max_attempts"]), backoff_seconds=float(settings["backoff_seconds"]),
                       backoff_factor=float(settings["backoff_factor"]),
                       timeout_seconds=float(settings["timeout_seconds"]),
                       max_redirects=int(settings["max_redirects"]))


def emit(tenant: Tenant, event_type: str, data: dict[str, Any], when: float) -> tuple[dict, list[int]]:
    """Build the event body, keep it as the latest sample of its type, deliver it. Caller holds the lock."""
    state: SkilljarState = tenant.state  # type: ignore[assignment]
    body = bodies.build(state, event_type, data, when)
    state.meta.setdefault("last_events", {})[event_type] = body
    return body, dispatch(tenant, event_type, body)


def _headers(hook) -> dict[str, str]:
    headers = {"Content-Type": "application/json", "User-Agent": "skilljar"}
    headers.update({str(k): str(v) for k, v in (hook.additional_headers or {}).items()})
    return headers


def _auth(hook) -> tuple[str, str] | None:
    if hook.basic_auth_username or hook.basic_auth_password:
        return (hook.basic_auth_username, hook.basic_auth_password)
    return None


def dispatch(tenant: Tenant, event_type: str, body: dict) -> list[int]:
    state: SkilljarState = tenant.state  # type: ignore[assignment]
    by_url: dict[str, list] = {}
    for hook in state.webhooks:
        if hook.active and hook.event_type in (None, event_type):
            by_url.setdefault(hook.target_url, []).append(hook)
    ids = []
    text = json.dumps(body, separators=(", ", ": "))
    deliveries = tenant.services.deliveries
    for url, hooks in by_url.items():
        first = hooks[0]
        hook_ids = [h.id for h in hooks]
        delivery = deliveries.enqueue(
            tenant=tenant.name, kind="webhook", url=url, body=text, headers=_headers(first), auth=_auth(first),
            meta={"event_type": event_type, "webhook_ids": hook_ids}, policy=policy(tenant),
            on_done=_deactivator(tenant, state, hook_ids))
        ids.append(delivery.id)
    return ids


def _deactivator(tenant: Tenant, state: SkilljarState, hook_ids: list[str]):
    def on_done(delivery: Delivery) -> None:
        reason = REASONS.get(delivery.outcome or "")
        if reason is None or delivery.state != "failed":
            return
        with tenant.lock:
            if tenant.state is not state:  # reset/restore since: these hooks are gone
                return
            ops = Ops(tenant)
            for hook_id in hook_ids:
                ops.deactivate_hook(hook_id, reason)
            delivery.meta["deactivated"] = {"webhook_ids": hook_ids, "reason": reason}

    return on_done


def ping(tenant: Tenant, hook) -> dict[str, Any]:
    """POST a PING event once, now: no retries, never deactivates (SPEC webhooks_ping_create)."""
    done = threading.Event()
    rules = policy(tenant)
    once = RetryPolicy(max_attempts=1, timeout_seconds=rules.timeout_seconds, max_redirects=rules.max_redirects)
    body = json.dumps(bodies.ping(tenant.clock.now()), separators=(", ", ": "))
    delivery = tenant.services.deliveries.enqueue(
        tenant=tenant.name, kind="webhook-ping", url=hook.target_url, body=body, headers=_headers(hook),
        auth=_auth(hook), meta={"event_type": "PING", "webhook_ids": [hook.id]}, policy=once,
        on_done=lambda _d: done.set())
    done.wait(rules.timeout_seconds + 2.0)
    attempt = delivery.attempts[-1] if delivery.attempts else None
    status = attempt.status if attempt and attempt.status is not None else 0
    if delivery.outcome == "delivered":
        return {"succeeded": True, "http_status_code": status, "message": "Ping succeeded."}
    if attempt is None:
        return {"succeeded": False, "http_status_code": 0, "message": "Ping timed out."}
    if attempt.error:
        return {"succeeded": False, "http_status_code": status, "message": f"Ping failed: {attempt.error}"}
    return {"succeeded": False, "http_status_code": status,
            "message": f"Ping failed: the endpoint answered HTTP {status}."}
