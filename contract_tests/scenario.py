"""A scenario: one recorded interaction, the call that reproduces it, and its live-emulator setup."""

from __future__ import annotations

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
    assert_same_contract(target, scenario.name, got, want, scenario.view)


def ids(scenarios: list[Scenario]) -> list[str]:
    return [s.name for s in scenarios]
