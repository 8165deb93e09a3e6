"""A scenario: one recorded interaction, the call that reproduces it, and its live-emulator setup."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable

from .support import INTERACTIONS, Target, assert_same_contract, recorded_args, reference
from .world import World


@dataclass(frozen=True)
class Scenario:
    name: str  # the interaction's name in fixtures/talentlms/
    #: the PyPI client call, given the client and the arguments; None means plain ``requests``
    client: Callable[[Any, dict], Any] | None = None
    #: builds live-emulator state and returns the arguments; None means the recorded ones work as they are
    live: Callable[[World], dict] | None = None
    #: what the client does to the body after parsing (applied to the recorded body for the reference)
    client_transform: Callable[[Any], Any] | None = None
    #: what to compare of the client's result (default: all of it)
    view: Callable[[Any], Any] = field(default=lambda parsed: parsed)
    #: value-level facts the sources state, checked on every target's successful result
    facts: tuple[Callable[[Any, dict], str | None], ...] = ()

    def __str__(self) -> str:
        return self.name


def run(target: Target, monkeypatch, scenario: Scenario) -> None:
    interaction = INTERACTIONS[scenario.name]
    if target.live and scenario.live:
        args = {k: str(v) for k, v in scenario.live(World(target)).items()}
    else:
        args = recorded_args(interaction)
    if scenario.client:
        got = target.call(monkeypatch, args, lambda api: scenario.client(api, dict(args)))
    else:
        got = target.send(interaction, args)
    want = reference(interaction, scenario.client_transform)
    broken = []
    if got.error is None and want.error is None and got.status == want.status:
        for fact in scenario.facts:
            try:
                problem = fact(got.parsed, args)
            except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
                problem = f"{getattr(fact, '__doc__', None) or fact}: could not be checked ({exc!r})"
            if problem:
                broken.append(problem)
    assert_same_contract(target, scenario.name, got, want, scenario.view, broken)


def ids(scenarios: list[Scenario]) -> list[str]:
    return [s.name for s in scenarios]


def fact(description: str, holds: Callable[[Any, dict], bool]) -> Callable[[Any, dict], str | None]:
    """A value-level fact: ``holds(parsed, args)`` must be true; ``description`` says what and why."""
    def check(parsed: Any, args: dict) -> str | None:
        return None if holds(parsed, args) else f"{description} (got {json.dumps(parsed)[:300]})"
    check.__doc__ = description
    return check


def echoes(*keys: str, at: Callable[[Any], Any] = lambda parsed: parsed) -> Callable[[Any, dict], str | None]:
    """The answer repeats the request's values for ``keys`` (as strings, the way reads return ids)."""
    return fact(f"answer echoes the request's {', '.join(keys)}",
                lambda parsed, args: all(at(parsed)[k] == args[k] for k in keys))
