"""Fuzz every operation of a vendor's generated OpenAPI document with schemathesis (issue #13).

    python -m tools.fuzz [--requests 100000] [--seed 1] [--share 0.5] [--vendor NAME ...]     (make fuzz)

Each vendor runs in-process (its WSGI app, the whole pipeline, a fresh emulator with one tenant on the
``unlimited`` plan so throttling does not hide the handlers). Schemathesis, seeded, draws cases from each
operation's parameters and bodies (valid and invalid); the campaign sends them round-robin over the
operations until the request budget is spent, and checks every answer with schemathesis' own checks (not a
server error, status code, content type and body conform to the document) and the conformance checker the
test suite uses. The same seed gives the same requests. Prints requests sent (and how many schemathesis
drew), 5xx count, schema violations and the slowest operations; exit status 1 when any 5xx or violation
was found.

``--share S`` draws that share of the budget from schemathesis (spread over the operations, at least 30
cases each) before mutating. Schemathesis already calls the app in-process (its WSGI transport), yet a
drawn case costs about 5.7 times the CPU of a mutation (TalentLMS, 1,680 of each interleaved in one
process, CPU time, 2026-12-07: 82 against 464 requests a CPU-second); a profile puts about 63 % of a
drawn case in Hypothesis' drawing and about 20 % in the call. So the default keeps 30 an operation, and an
all-drawn 100,000-request campaign costs about 20 CPU-minutes a vendor.
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlencode

import schemathesis
import schemathesis.checks as checks
from hypothesis import HealthCheck, Phase, given, seed, settings

from emulator import vendors as registry
from emulator.config import Config
from emulator.core.emulator import Emulator
from emulator.openapi import conformance

CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_schema_conformance]
SLOW_S = 5.0  # a request slower than this is a failure (a hang), whatever the load


@dataclass
class Report:
    vendor: str
    requests: int = 0
    server_errors: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    slow: list[str] = field(default_factory=list)
    slowest: dict[str, float] = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)
    generated: int = 0  # requests schemathesis drew (the rest: seeded mutations of them)
    not_implemented: int = 0  # documented 501 answers (RFC 7644: a feature the service does not offer)
    unsendable: int = 0  # mutations the HTTP client could not serialise (never reached the emulator)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.server_errors or self.violations or self.slow)


class Target:
    """A vendor's emulator in-process, its document loaded by schemathesis, one unlimited tenant."""

    def __init__(self, vendor: str) -> None:
        self.vendor = registry.get(vendor)
        self.emulator = Emulator(self.vendor, Config())
        config = self.vendor.new_tenant("fuzz", {"plan": "unlimited"}) if self.vendor.new_tenant else None
        self.tenant = self.emulator.add_tenant(config) if config else self.emulator.tenants.first()
        self.credentials = self.vendor.credentials(self.tenant, "") if self.vendor.credentials else {}
        self.schema = schemathesis.openapi.from_wsgi("/_emulator/openapi.json", self.emulator.app)
        self.document = self.schema.raw_schema
        self.client = self.emulator.app.test_client()

    def operations(self) -> list:
        return [result.ok() for result in self.schema.get_all_operations()]

    def headers(self, operation) -> dict[str, str]:
        """The tenant's credentials in the scheme the operation declares first."""
        requirement = (operation.definition.raw.get("security") or [{}])[0]
        schemes = self.document["components"]["securitySchemes"]
        for name in requirement:
            scheme = schemes[name]
            if scheme.get("scheme") == "bearer":
                return {"Authorization": f"Bearer {self.credentials['scim_token']}"}
            if scheme.get("scheme") == "basic":
                user, password = self.credentials["basic_auth"]
                if "Scim" in name:
                    user, password = "scim", self.credentials["scim_token"]
                token = base64.b64encode(f"{user}:{password}".encode()).decode()
                return {"Authorization": f"Basic {token}"}
        return {}

    def warm(self) -> None:
        """First uses load lazily imported parsers (scim2-models: ~0.4 s, more on a busy machine): done
        once before timing anything."""
        for operation in self.operations():
            if operation.method.upper() == "GET" and "{" not in operation.path:
                self.client.get(operation.path, headers=self.headers(operation),
                                query_string={"filter": 'userName eq "warm"'} if "/scim" in operation.path else {})

    def reset(self) -> None:
        self.client.post("/_emulator/reset", query_string={"tenant": self.tenant.name})

    def healthy(self) -> list[str]:
        """The tenant still answers its health and a read (its users, on the REST surface)."""
        problems = []
        health = self.client.get("/_emulator/health")
        if health.status_code != 200:
            problems.append(f"health answered {health.status_code}")
        read = next(op for op in self.operations()
                    if op.method.upper() == "GET" and op.path.endswith("/users") and "{" not in op.path)
        answer = self.client.get(read.path, headers=self.headers(read))
        if answer.status_code != 200 or not answer.is_json:
            problems.append(f"GET {read.path} answered {answer.status_code} after the fuzzing")
        return problems

    def close(self) -> None:
        self.emulator.close()


def exercise(target: Target, operation, report: Report, examples: int, run_seed: int,
             on_request=None, on_case=None) -> None:
    """Send ``examples`` schemathesis cases of one operation, recording what each answer breaks."""
    headers = target.headers(operation)
    label = operation.label

    @given(case=operation.as_strategy())
    @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate], print_blob=False)
    @seed(run_seed)
    def run(case) -> None:
        started = time.perf_counter()
        response = case.call(headers=headers)
        took = time.perf_counter() - started
        if on_case is not None:
            on_case(case)
        report.requests += 1
        report.statuses[response.status_code // 100] += 1
        report.slowest[label] = max(report.slowest.get(label, 0.0), took)
        where = f"{case.method} {case.formatted_path}"
        if on_request is not None:
            on_request(where, response.status_code)
        if took > SLOW_S:
            report.slow.append(f"{label}: {took:.1f} s for {where}")
        if response.status_code == 501 and "501" in operation.definition.raw.get("responses", {}):
            report.not_implemented += 1  # documented: a feature the vendor does not offer (RFC 7644's 501)
            return
        try:
            case.validate_response(response, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as exc:  # a FailureGroup: record it, do not let Hypothesis shrink
            text = f"{label}: {where} -> {response.status_code}: {_first_failure(exc)}"
            if response.status_code >= 500:
                report.server_errors.append(text)
            else:
                report.violations.append(text)

    run()


def _first_failure(exc: BaseException) -> str:
    inner = getattr(exc, "exceptions", None)
    if inner:
        exc = inner[0]
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:400]}"


#: values a mutated case puts in one of its parameters or body fields: edges of types, encodings, sizes
NASTY = ["", " ", "0", "-1", "1e309", "9" * 40, "\u0663", "\u00b9", "%00", "%2F..%2F", "../../etc/passwd",
         "' OR '1'='1", "<script>x</script>", "\u202e", "a" * 70_000, "null", "true", "[]", "{}",
         "\x00", "\t\n", "id:1,id:2", "\u0130", "\U0001f600", 0, -1, 2**63, 1.5, True, None, [], {}, [None], {"": None}]


def mutated(case, rng: random.Random):
    """The case with one path parameter, query parameter or top-level body field set to a nasty value."""
    slots = [("path", k) for k in (case.path_parameters or {})] + [("query", k) for k in (case.query or {})]
    if isinstance(case.body, dict):
        slots += [("body", k) for k in case.body]
    path = dict(case.path_parameters or {})
    query = dict(case.query or {})
    body = dict(case.body) if isinstance(case.body, dict) else case.body
    if slots:
        where, key = rng.choice(slots)
        value = rng.choice(NASTY)
        if where == "path":
            # a value that changes the path's shape ("/", dot segments) reaches another path, not this one
            value = value if isinstance(value, str) and value else str(value) or "x"
            path[key] = "x" if "/" in value or "%2F" in value.upper() or value.strip(". \t\n") == "" else value
        elif where == "query":
            query[key] = value if not isinstance(value, (list, dict)) else str(value)
        else:
            body[key] = value
    kwargs = {"path_parameters": path, "query": query, "media_type": case.media_type}
    if not isinstance(body, type(None)) or case.body is None:
        kwargs["body"] = body
    return case.operation.Case(**kwargs)


def request_of(case, headers: dict[str, str]) -> dict | None:
    """The werkzeug test-client arguments of a case (JSON and form bodies), or None for one this cheap
    path does not build (multipart): those go through schemathesis' own transport."""
    path = case.operation.path
    for name, value in (case.path_parameters or {}).items():
        text = value if isinstance(value, str) else json.dumps(value)
        path = path.replace("{" + name + "}", quote(text, safe=""))
    query = {}
    for name, value in (case.query or {}).items():
        query[name] = value if isinstance(value, (str, list)) else json.dumps(value)
    out: dict = {"method": case.method, "path": path, "query_string": query, "headers": dict(headers)}
    body = case.body
    media = case.media_type or ""
    if body is None or type(body).__name__ == "NotSet":
        return out
    if "json" in media:
        out["data"] = json.dumps(body)
        out["content_type"] = media
    elif media == "application/x-www-form-urlencoded" and isinstance(body, dict):
        out["data"] = urlencode({k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()})
        out["content_type"] = media
    else:
        return None
    return out


def fast_send(target: Target, case, report: Report, headers: dict[str, str]) -> None:
    """One request of the mutation phase straight through the WSGI test client, its answer checked
    against the document by the checker the test suite uses (status, media type, body)."""
    built = request_of(case, headers)
    if built is None:
        send(target, case, report, headers)
        return
    label = case.operation.label
    started = time.perf_counter()
    response = target.client.open(**built)
    took = time.perf_counter() - started
    report.requests += 1
    status = response.status_code
    report.statuses[status // 100] += 1
    report.slowest[label] = max(report.slowest.get(label, 0.0), took)
    where = f"{case.method} {built['path']}"
    if took > SLOW_S:
        report.slow.append(f"{label}: {took:.1f} s for {where}")
    if status == 501 and "501" in case.operation.definition.raw.get("responses", {}):
        report.not_implemented += 1
        return
    found = conformance.check(target.vendor.name, case.method, unquote(built["path"]), status,
                              list(response.headers.items()), response.get_data())
    if status >= 500:
        report.server_errors.append(f"{label}: {where} -> {status}: {response.get_data()[:200]!r}")
    elif found:
        report.violations.append(f"{label}: {where} -> {status}: {found[0]}")


def send(target: Target, case, report: Report, headers: dict[str, str]) -> None:
    """One request through schemathesis' transport, checked by schemathesis."""
    label = case.operation.label
    started = time.perf_counter()
    try:
        response = case.call(headers=headers)
    except (Exception, BaseExceptionGroup) as exc:  # the mutation cannot be sent (e.g. not serialisable)
        report.unsendable += 1
        if report.unsendable <= 3:
            report.notes.append(f"{label}: not sent: {_first_failure(exc)}")
        return
    took = time.perf_counter() - started
    report.requests += 1
    report.statuses[response.status_code // 100] += 1
    report.slowest[label] = max(report.slowest.get(label, 0.0), took)
    where = f"{case.method} {case.formatted_path}"
    if took > SLOW_S:
        report.slow.append(f"{label}: {took:.1f} s for {where}")
    if response.status_code == 501 and "501" in case.operation.definition.raw.get("responses", {}):
        report.not_implemented += 1
        return
    try:
        case.validate_response(response, checks=CHECKS)
    except (Exception, BaseExceptionGroup) as exc:
        text = f"{label}: {where} -> {response.status_code}: {_first_failure(exc)}"
        (report.server_errors if response.status_code >= 500 else report.violations).append(text)


def stateful(target: Target, examples: int, steps: int = 6, run_seed: int = 1) -> None:
    """Schemathesis' stateful run: sequences of calls that follow the document's links (a create's id
    into the reads and writes of that item), every answer checked; raises on the first failure."""
    from hypothesis.stateful import run_state_machine_as_test

    machine = target.schema.as_state_machine()

    class Sequences(machine):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case):
            return {"headers": target.headers(case.operation)}

        def validate_response(self, response, case, **kwargs):
            case.validate_response(response, checks=CHECKS)

    run_state_machine_as_test(Sequences, settings=settings(
        max_examples=examples, stateful_step_count=steps, deadline=None, database=None,
        suppress_health_check=list(HealthCheck), print_blob=False))


def campaign(vendor: str, budget: int, run_seed: int, *, draws: int = 30, share: float = 0.0,
             log=print) -> Report:
    """``draws`` schemathesis cases an operation (more when ``share`` of the budget asks for more; each
    sent and checked), then seeded mutations of them (one field set to a nasty value, or sent as drawn)
    until ``budget`` requests were sent, in an order that interleaves the operations, so the state one
    leaves is what the next one meets."""
    target = Target(vendor)
    report = Report(vendor)
    started = time.perf_counter()
    rng = random.Random(run_seed)
    try:
        operations = target.operations()
        draws = max(draws, math.ceil(share * budget / max(len(operations), 1)))
        target.warm()
        log(f"{vendor}: {len(operations)} operations; {draws} schemathesis cases each, then seeded mutations "
            f"up to {budget} requests (seed {run_seed})")
        corpus: list = []
        for index, operation in enumerate(operations):
            target.reset()
            exercise(target, operation, report, draws, run_seed + index, on_case=corpus.append)
        report.generated = report.requests
        log(f"{vendor}: {report.requests} drawn cases sent; mutating")
        headers = {op.label: target.headers(op) for op in operations}
        while report.requests < budget:
            if report.requests % 20_000 < 1:
                target.reset()
            case = rng.choice(corpus)
            fast_send(target, mutated(case, rng) if rng.random() < 0.8 else case, report,
                      headers[case.operation.label])
            if report.requests % 10_000 == 0:
                log(f"{vendor}: {report.requests} requests sent")
        report.violations.extend(target.healthy())
    finally:
        report.seconds = time.perf_counter() - started
        target.close()
    return report


def render(report: Report, slowest: int = 5) -> str:
    drawn = f" ({report.generated} drawn by schemathesis)" if report.generated else ""
    lines = [f"{report.vendor}: {report.requests} requests{drawn} in {report.seconds:.0f} s, "
             f"5xx: {len(report.server_errors)}, schema violations: {len(report.violations)}, "
             f"slower than {SLOW_S:.0f} s: {len(report.slow)}, documented 501: {report.not_implemented}; statuses "
             + ", ".join(f"{k}xx {v}" for k, v in sorted(report.statuses.items()))]
    top = sorted(report.slowest.items(), key=lambda kv: kv[1], reverse=True)[:slowest]
    lines.append("  slowest operations: " + "; ".join(f"{op} {s * 1000:.0f} ms" for op, s in top))
    for text in (report.server_errors + report.violations + report.slow)[:20]:
        lines.append("  " + text)
    if report.unsendable:
        lines.append(f"  {report.unsendable} mutations could not be serialised by the client (not sent)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100_000, help="requests per vendor")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--share", type=float, default=0.0,
                        help="share of the requests schemathesis draws (default: 30 cases an operation)")
    parser.add_argument("--vendor", action="append", help="one vendor (repeatable); default every vendor")
    args = parser.parse_args(argv)
    ok = True
    for name in args.vendor or registry.built():
        report = campaign(name, args.requests, args.seed, share=args.share)
        print(render(report), flush=True)
        ok = ok and report.ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
