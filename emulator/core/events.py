"""A per-tenant event bus: store operations publish domain events, subscribers turn them into effects.

TalentLMS's timeline, Skilljar's webhooks and Lessonly's lesson-completed callback are subscribers;
route handlers never call them directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass(frozen=True)
class Event:
    type: str  # e.g. "user.created", "course.enrollment.created", "assignment.completed"
    data: dict[str, Any] = field(default_factory=dict)
    time: float = 0.0


Subscriber = Callable[[Event], None]


class EventBus:
    def __init__(self) -> None:
        self._subscribers: list[tuple[str, Subscriber]] = []
        self.published = 0

    def subscribe(self, pattern: str, subscriber: Subscriber) -> None:
        """``pattern`` is an event type, a prefix ending in ``*``, or ``*`` for all."""
        self._subscribers.append((pattern, subscriber))

    def publish(self, event: Event) -> None:
        self.published += 1
        for pattern, subscriber in list(self._subscribers):
            if pattern == "*" or pattern == event.type or (
                    pattern.endswith("*") and event.type.startswith(pattern[:-1])):
                subscriber(event)
