"""State-changing actions (POST only). Each one is a single control-API call; the page that follows
shows its outcome and the same call as ``curl``."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from flask import Blueprint, current_app, flash, redirect, request

from .client import ControlClient, ControlError

actions = Blueprint("actions", __name__, url_prefix="/actions")

CLOCK_OPS = ("freeze", "unfreeze", "advance", "reset")


def client() -> ControlClient:
    return current_app.extensions["console"]


def back():
    target = request.form.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = "/controls"
    return redirect(target, 303)


def perform(what: str, method: str, path: str, params: dict[str, Any] | None = None, body: Any = None):
    """Make one control call for the vendor named in the form; flash the outcome and the curl."""
    vendor = request.form.get("vendor", "")
    if vendor not in client().names:
        flash(("error", f"no vendor {vendor!r}", ""))
        return back()
    params = {k: v for k, v in (params or {}).items() if v not in (None, "")}
    curl = client().curl(method, vendor, path, params, body)
    try:
        result = client().call(method, vendor, path, params, body)
    except ControlError as exc:
        flash(("error", f"{vendor}: {what} failed: {exc.message}", curl))
        return back()
    detail = "" if result is None else " → " + json.dumps(result, separators=(", ", ": "))[:300]
    flash(("ok", f"{vendor}: {what}{detail}", curl))
    return back()


def refuse(message: str):
    flash(("error", message, ""))
    return back()


def form(name: str) -> str:
    return request.form.get(name, "").strip()


@actions.post("/reset")
def reset():
    tenant = form("tenant")
    body = {"tenant": tenant} if tenant else None
    return perform(f"reset {tenant or 'every tenant, journal, faults and clock'}", "POST", "/reset", body=body)


@actions.post("/seed")
def seed():
    body: dict[str, Any] = {"tenant": form("tenant")}
    if form("seed"):
        try:
            body["seed"] = int(form("seed"))
        except ValueError:
            return refuse("the seed must be a whole number")
    if form("sizes"):
        sizes = {}
        for part in form("sizes").replace(";", ",").split(","):
            name, _, value = part.partition("=")
            try:
                sizes[name.strip()] = int(value)
            except ValueError:
                return refuse("sizes are written name=number, e.g. users=1000, courses=20")
        body["sizes"] = sizes
    return perform(f"reseed {body['tenant']}", "POST", "/seed", body=body)


@actions.post("/snapshot")
def snapshot():
    return perform(f"snapshot {form('name')!r} of {form('tenant')}", "POST", "/snapshots",
                   body={"tenant": form("tenant"), "name": form("name")})


@actions.post("/restore")
def restore():
    if not form("name"):
        return refuse("choose a snapshot to restore")
    return perform(f"restore {form('name')!r} into {form('tenant')}", "POST",
                   f"/snapshots/{quote(form('name'), safe='')}/restore", body={"tenant": form("tenant")})


@actions.post("/snapshot-delete")
def snapshot_delete():
    if not form("name"):
        return refuse("choose a snapshot to delete")
    return perform(f"delete snapshot {form('name')!r}", "DELETE", f"/snapshots/{quote(form('name'), safe='')}",
                   params={"tenant": form("tenant")})


def fault_body() -> dict[str, Any] | str:
    """The fault rule the form describes, or a message saying what is wrong with it."""
    rule: dict[str, Any] = {"method": form("method") or "*", "path": form("path") or "*"}
    try:
        if form("status"):
            rule["status"] = int(form("status"))
        if form("latency_ms"):
            rule["latency_ms"] = float(form("latency_ms"))
        if form("times"):
            rule["times"] = int(form("times"))
        if form("probability"):
            rule["probability"] = float(form("probability"))
    except ValueError:
        return "status, latency, times and probability must be numbers"
    if request.form.get("drop"):
        rule["drop"] = True
    if form("body"):
        try:
            rule["body"] = json.loads(form("body"))
        except ValueError:
            rule["body"] = form("body")
    return rule


@actions.post("/fault")
def fault_add():
    rule = fault_body()
    if isinstance(rule, str):
        return refuse(rule)
    return perform(f"fault rule on {rule['method']} {rule['path']}", "POST", "/faults", body=rule)


@actions.post("/fault-delete")
def fault_delete():
    rule_id = form("id")
    if not (rule_id.isascii() and rule_id.isdigit()):  # isdigit() alone passes "¹" and "١"
        return refuse("which fault rule? (its number)")
    return perform(f"remove fault rule {rule_id}", "DELETE", f"/faults/{rule_id}")


@actions.post("/faults-clear")
def faults_clear():
    return perform("remove every fault rule", "DELETE", "/faults")


@actions.post("/clock")
def clock():
    op = form("op")
    if op not in CLOCK_OPS:
        return refuse(f"clock action must be one of {', '.join(CLOCK_OPS)}")
    if op == "advance":
        try:
            seconds = float(form("seconds"))
        except ValueError:
            return refuse("advance by how many seconds? (a number)")
        if seconds < 0:
            return refuse("the clock only moves forward: seconds must be 0 or more")
        body: dict[str, Any] = {"advance": int(seconds) if seconds.is_integer() else seconds}
    else:
        body = {"freeze": True} if op == "freeze" else {"freeze": False} if op == "unfreeze" else {"reset": True}
    return perform(f"clock {op}", "POST", "/clock", body=body)


@actions.post("/journal-clear")
def journal_clear():
    return perform("clear the request journal", "DELETE", "/journal")
