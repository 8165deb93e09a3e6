"""A drift report as text (a terminal), JSON (tools), Markdown (a pull request or issue) or JUnit XML (CI)."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from .compare import SEVERITIES
from .drift import DriftReport

FORMATS = ("text", "json", "markdown", "junit")


def _line(d) -> str:
    times = f" (x{d.count})" if d.count > 1 else ""
    fix = f"; {d.switch}" if d.switch else ""
    return (f"[{d.severity}] {d.where}: {d.kind}{times}: recorded {json.dumps(d.recorded)}, "
            f"emulator {json.dumps(d.emulator)}{fix}")


def summary(report: DriftReport) -> str:
    diffs = report.differences()
    counts = {s: sum(1 for d in diffs if d.severity == s) for s in reversed(SEVERITIES)}
    told = ", ".join(f"{n} {s}" for s, n in counts.items())
    return (f"{report.vendor}: {report.interactions} interactions replayed on a {report.state} tenant, "
            f"{len(report.drifts)} differ ({told})")


def text(report: DriftReport) -> str:
    lines = []
    for item in report.drifts:
        lines.append(item.label)
        lines.extend("  " + _line(d) for d in item.differences)
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def as_json(report: DriftReport) -> str:
    return json.dumps({
        "vendor": report.vendor, "state": report.state, "interactions": report.interactions,
        "worst": report.worst(), "clone": report.clone_report,
        "drifts": [{"interaction": item.label, "differences": [d.to_dict() for d in item.differences]}
                   for item in report.drifts],
    }, indent=1, default=str) + "\n"


def _cell(value) -> str:
    return json.dumps(value, default=str).replace("|", "\\|")


def markdown(report: DriftReport) -> str:
    lines = [f"## Drift: {summary(report)}", ""]
    if report.drifts:
        lines += ["| interaction | where | kind | severity | recorded | emulator | switch |",
                  "|---|---|---|---|---|---|---|"]
        for item in report.drifts:
            for d in item.differences:
                lines.append(f"| `{item.label}` | `{d.where}` | {d.kind} | {d.severity} | {_cell(d.recorded)} | "
                             f"{_cell(d.emulator)} | {d.switch or ''} |")
    return "\n".join(lines) + "\n"


def junit(report: DriftReport, fail_on: str = "breaking") -> str:
    """One test case per interaction; a failure for differences at or above ``fail_on``, the rest as output."""
    floor = 0 if fail_on == "any" else SEVERITIES.index(fail_on)
    suite = ET.Element("testsuite", name=f"drift-{report.vendor}", tests=str(report.interactions))
    failures = 0
    for item in report.drifts:
        case = ET.SubElement(suite, "testcase", classname=f"drift.{report.vendor}", name=item.label)
        bad = [d for d in item.differences if SEVERITIES.index(d.severity) >= floor]
        if bad:
            failures += 1
            failure = ET.SubElement(case, "failure", message=f"{len(bad)} difference(s)")
            failure.text = "\n".join(_line(d) for d in bad)
        rest = [d for d in item.differences if d not in bad]
        if rest:
            ET.SubElement(case, "system-out").text = "\n".join(_line(d) for d in rest)
    passed = report.interactions - len(report.drifts)
    if passed:
        ET.SubElement(suite, "testcase", classname=f"drift.{report.vendor}",
                      name=f"{passed} interactions without differences")
    suite.set("failures", str(failures))
    return ET.tostring(suite, encoding="unicode") + "\n"


def render(report: DriftReport, fmt: str = "text", fail_on: str = "breaking") -> str:
    if fmt == "text":
        return text(report)
    if fmt == "json":
        return as_json(report)
    if fmt == "markdown":
        return markdown(report)
    if fmt == "junit":
        return junit(report, fail_on)
    raise ValueError(f"format must be one of {FORMATS}")
