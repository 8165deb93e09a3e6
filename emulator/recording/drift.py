"""``lms-emulator drift``: every recorded request replayed, in order, against a fresh emulator tenant,
and what differs for a client reported (:mod:`.compare`), each difference with the switch that would
make the emulator match (:mod:`.switches`).

The tenant is the vendor's demo tenant with no rate limits (recorded traffic was spread over time;
its replay is not), either cloned from the same recordings (``state="clone"``, the default: ids and
objects the requests name exist) or as seeded (``state="seed"``: recordings of a seeded emulator).
Before each request the tenant's clock is set to the recorded answer's ``Date``, so what the
emulator stamps happens when the vendor stamped it. Recorded credentials are ``<redacted>``: each
request carries the tenant's own of the same kind (Basic or Bearer; the SCIM token under /scim/),
a literal recorded credential (a deliberately wrong key) is sent as it was, none stays none.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import re
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Callable, Iterable

from ..cassettes import REDACTED, Cassette, Interaction, all_interactions, load_cassettes
from ..config import Config
from .compare import BREAKING, SEVERITIES, Difference, compare
from .vendors import vendor_for_host

STATES = ("clone", "seed")


@dataclass
class Answer:
    status: int
    headers: Any
    body: str


@dataclass
class InteractionDrift:
    interaction: Interaction
    differences: list[Difference] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.interaction.label


@dataclass
class DriftReport:
    vendor: str
    state: str
    interactions: int
    drifts: list[InteractionDrift]
    clone_report: list[str] = field(default_factory=list)

    def differences(self) -> list[Difference]:
        return [d for item in self.drifts for d in item.differences]

    def worst(self) -> str | None:
        found = {d.severity for d in self.differences()}
        return max(found, key=SEVERITIES.index) if found else None

    def fails(self, fail_on: str = BREAKING) -> bool:
        """True when a difference is at or above ``fail_on`` (``breaking`` or ``any``)."""
        if fail_on == "any":
            return bool(self.differences())
        return any(SEVERITIES.index(d.severity) >= SEVERITIES.index(fail_on) for d in self.differences())


def vendor_of(interactions: list[Interaction], vendor: str | None = None) -> str:
    from .. import vendors as registry

    if vendor:
        if vendor not in registry.built():
            raise ValueError(f"unknown vendor {vendor!r}; vendors: {registry.built()}")
        return vendor
    built = set(registry.built())
    found = {vendor_for_host(i.request.host) or (i.vendor if i.vendor in built else None) for i in interactions}
    if len(found) != 1 or None in found:
        hosts = sorted({i.request.host for i in interactions})
        raise ValueError(f"cannot tell the vendor of these recordings (hosts {hosts}); give --vendor")
    return found.pop()


class Replayer:
    """One fresh emulator tenant answering recorded requests in process (no sockets)."""

    def __init__(self, vendor: str, switches: dict[str, Any] | None = None,
                 state: dict | None = None, seed: int | None = None) -> None:
        from .. import vendors as registry
        from ..core.emulator import Emulator

        descriptor = registry.get(vendor)
        demo = descriptor.demo_tenants()[0]
        tenant_config = dataclasses.replace(demo, plan="unlimited", switches={**demo.switches, **(switches or {})})
        config = Config(tenants=[tenant_config])
        if seed is not None:
            config.seed = seed
        self.emulator = Emulator(descriptor, config)
        self.tenant = self.emulator.tenants.first()
        if state is not None:
            self.tenant.import_(state)
        self.client = self.emulator.app.test_client()
        creds = descriptor.credentials(self.tenant, "") if descriptor.credentials else {}
        self.basic = creds.get("basic_auth")
        self.scim_token = creds.get("scim_token")
        #: ids the vendor gave objects the recorded requests created -> the ids the emulator gave them
        self.ids: dict[str, str] = {}

    def close(self) -> None:
        self.emulator.close()

    def _authorization(self, recorded: str | None, path: str) -> str | None:
        if recorded is None or REDACTED not in recorded:
            return recorded
        scheme = recorded.split(" ", 1)[0] if " " in recorded else "Basic"
        scim = "/scim/" in path.lower()
        if scheme.lower() == "basic" and self.basic:
            user, password = self.basic
            if scim and self.scim_token:
                password = self.scim_token
            return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        token = self.scim_token if (scim or not self.basic) else self.basic[0]
        return f"{scheme} {token}"

    def answer(self, interaction: Interaction) -> Answer:
        req = interaction.request
        date = interaction.response.headers.get("Date") or next(
            (v for k, v in interaction.response.headers.items() if k.lower() == "date"), None)
        if date:
            try:
                self.emulator.clock.freeze(parsedate_to_datetime(date[0]).timestamp())
            except (TypeError, ValueError, IndexError):
                pass
        raw, body = self._mapped(req.raw_path), req.body_bytes
        if self.ids and body:
            body = self._mapped(body.decode("utf-8", "replace")).encode("utf-8")
        headers = [(k, v) for k, vs in req.headers.items() for v in vs
                   if k.lower() not in ("authorization", "host", "content-length")]
        auth = self._authorization(req.header("Authorization"), raw)
        if auth is not None:
            headers.append(("Authorization", auth))
        path, _, query = raw.partition("?")
        response = self.client.open(path, method=req.method, query_string=query,
                                    headers=headers, data=body,
                                    environ_overrides={"REQUEST_URI": raw, "RAW_URI": raw})
        try:
            answer = Answer(response.status_code, response.headers, response.get_data(as_text=True))
        finally:
            response.close()
        if req.method != "GET" and 200 <= answer.status < 300 and 200 <= interaction.response.status < 300:
            self._learn_ids(interaction.response.body, answer.body)
        return answer

    def _mapped(self, text: str) -> str:
        for recorded, ours in self.ids.items():
            text = re.sub(rf"(?<![0-9A-Za-z]){re.escape(recorded)}(?![0-9A-Za-z])", ours, text)
        return text

    def _learn_ids(self, recorded: str, ours: str) -> None:
        """Pair the ids of a created object in the recorded answer and in ours (same JSON paths)."""
        try:
            a, b = json.loads(recorded), json.loads(ours)
        except ValueError:
            return

        def walk(x: Any, y: Any, key: str = "") -> None:
            if isinstance(x, dict) and isinstance(y, dict):
                for k in x.keys() & y.keys():
                    walk(x[k], y[k], k)
            elif isinstance(x, list) and isinstance(y, list):
                for p, q in zip(x, y, strict=False):
                    walk(p, q, key)
            elif (key == "id" or key.endswith("_id")) and isinstance(x, (str, int)) and not isinstance(x, bool) \
                    and type(x) is type(y) and x != y and str(x) not in self.ids:
                self.ids[str(x)] = str(y)

        walk(a, b)


def replay_differences(interactions: list[Interaction], vendor: str, switches: dict | None = None,
                       state: dict | None = None, upto: int | None = None) -> list[list[Difference]]:
    """Replay ``interactions`` (the first ``upto``) on a fresh tenant; the differences of each."""
    replayer = Replayer(vendor, switches, state)
    try:
        out = []
        for interaction in interactions[:upto]:
            answer = replayer.answer(interaction)
            rec = interaction.response
            headers = rec.headers
            if replayer.ids:  # a created object's URL names the emulator's id for it
                headers = {k: [replayer._mapped(v) for v in vs] if k.lower() == "location" else vs
                           for k, vs in headers.items()}
            out.append(compare(rec.status, headers, rec.body, answer.status, answer.headers, answer.body))
        return out
    finally:
        replayer.close()


def drift(sources: Iterable[str | Path] | list[Cassette], vendor: str | None = None, state: str = "clone",
          switches: dict | None = None, suggest: bool = True,
          progress: Callable[[str], None] | None = None) -> DriftReport:
    """Replay every recorded request and report the differences (see the module docstring)."""
    sources = list(sources)
    cassettes = sources if sources and isinstance(sources[0], Cassette) else load_cassettes(*sources)
    interactions = all_interactions(cassettes)
    name = vendor_of(interactions, vendor)
    if state not in STATES:
        raise ValueError(f"state must be one of {STATES}, not {state!r}")
    exported, clone_report = None, []
    if state == "clone":
        from .clone import clone_state

        exported, clone_report = clone_state(name, interactions, as_of="start")
    found = replay_differences(interactions, name, switches, exported)
    drifts = [InteractionDrift(i, diffs) for i, diffs in zip(interactions, found, strict=True) if diffs]
    report = DriftReport(name, state, len(interactions), drifts, clone_report)
    if suggest and drifts:
        from .switches import name_switches

        name_switches(report, interactions, switches or {}, exported, progress)
    return report


def assert_no_drift(*paths: str | Path, fail_on: str = BREAKING, **options: Any) -> DriftReport:
    """For pytest: replay recordings (see :func:`drift`) and fail with the text report when a difference
    is at or above ``fail_on`` (``"breaking"`` or ``"any"``); returns the report otherwise."""
    from .report import text

    report = drift(paths, **options)
    if report.fails(fail_on):
        raise AssertionError("the emulator drifts from the recordings:\n" + text(report))
    return report
