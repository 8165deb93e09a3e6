"""Vendor routes that may wait on something outside the process: a name lookup (a webhook or callback URL
checked at registration, core/targets.py) or an outbound call answered before the route answers (a webhook
ping). Under ``serve`` a vendor request runs on the event loop's thread when nothing is ahead of it
(emulator/bridge.py); a write whose route is marked here goes to the pool's threads instead, so a slow
resolver or receiver never holds the loop (and every other connection) while it waits."""

from __future__ import annotations

from typing import Callable, TypeVar

ATTRIBUTE = "emulator_waits_outside"
View = TypeVar("View", bound=Callable)


def waits_outside(view: View) -> View:
    """Mark a view (put it below a decorator that wraps with ``functools.wraps``, which copies the mark)."""
    setattr(view, ATTRIBUTE, True)
    return view


def marked(view: object) -> bool:
    return bool(getattr(view, ATTRIBUTE, False))
