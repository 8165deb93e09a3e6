"""Which tenant switch would make the emulator match a recording: found by trying, not from a table.

For every switch with a closed set of values and every value other than the current one, the
recordings are replayed again (up to the last interaction that differs) on a fresh tenant with that
one switch changed; a difference that is gone names that switch and value. The cost is one replay
per alternative value (about twenty for TalentLMS), paid only when something differs.
"""

from __future__ import annotations

from typing import Any, Callable

from ..cassettes import Interaction


def _alternatives(vendor: str, current: dict[str, Any]) -> list[tuple[str, Any]]:
    from .. import vendors as registry

    out = []
    for name, switch in registry.get(vendor).switches.items():
        if not switch.choices:
            continue
        now = current.get(name, switch.default)
        out.extend((name, value) for value in switch.choices if value != now)
    return out


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def name_switches(report, interactions: list[Interaction], switches: dict[str, Any], state: dict | None,
                  progress: Callable[[str], None] | None = None) -> None:
    """Fill ``Difference.switch`` in ``report`` wherever one switch's other value removes it."""
    from .drift import replay_differences

    positions = {id(i): n for n, i in enumerate(interactions)}
    upto = max(positions[id(item.interaction)] for item in report.drifts) + 1
    for name, value in _alternatives(report.vendor, switches):
        if progress:
            progress(f"trying {name}={_show(value)}")
        found = replay_differences(interactions, report.vendor, {**switches, name: value}, state, upto)
        suggestion = f"set {name}={_show(value)}"
        for item in report.drifts:
            before = {d.key() for d in item.differences}
            after = {d.key() for d in found[positions[id(item.interaction)]]}
            if after - before:
                continue  # this value changes the answer in other ways too: not the one the tenant has
            for diff in item.differences:
                if diff.key() not in after:
                    diff.switch = suggestion if diff.switch is None else f"{diff.switch} or {suggestion}"
