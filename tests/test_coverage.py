"""`lms-emulator coverage`: documented operations against the emulator's own route tables."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from emulator import coverage, vendors
from emulator.cli import main

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="module")
def rows() -> list[coverage.SurfaceCoverage]:
    return coverage.report()


def test_operations_are_compared_in_one_canonical_form():
    assert coverage.operation("get", "/v1/users/<b36:user_id>/") == "GET /v1/users/{}"
    assert coverage.operation("PUT", "/v1/users/:user_id/archive") == "PUT /v1/users/{}/archive"
    assert coverage.operation("DELETE", "/v1/domains/{domain_name}/users/{user_id}") == "DELETE /v1/domains/{}/users/{}"
    assert coverage.operation("GET", "/v1/users?filter[email]=a@b.c") == "GET /v1/users"
    assert coverage.relative("/scim/v2/Users/<id>", "/scim/v2") == "/Users/<id>"
    assert coverage.relative("/v1/users", "/") == "/v1/users"


def test_every_vendor_has_a_documented_table_for_rest_and_scim(rows):
    seen = {(r.vendor, r.surface) for r in rows}
    for name in vendors.built():
        assert (name, "rest") in seen and (name, "scim") in seen, name


def test_every_documented_operation_is_emulated_absent_with_a_reason_or_pending(rows):
    """The coverage gate: nothing the vendor documents is silently missing."""
    for row in rows:
        assert row.unlisted == [], f"{row.vendor} {row.surface}: documented, not emulated, not listed: {row.unlisted}"
        for op, reason in {**row.absent, **row.pending}.items():
            assert reason.strip(), f"{row.vendor} {op}: a listed operation needs its reason"


def test_listed_gaps_are_real(rows):
    """An operation that is emulated must leave the absent/pending lists, so the report stays true."""
    for row in rows:
        stale = [op for op in {**row.absent, **row.pending} if op in row.emulated]
        assert stale == [], f"{row.vendor} {row.surface}: emulated but still listed as a gap: {stale}"
        assert not set(row.absent) & set(row.pending)


def test_talentlms_and_lessonly_and_every_scim_profile_are_complete(rows):
    for row in rows:
        if row.vendor != "skilljar" or row.surface == "scim":
            assert row.percent == 100.0, (row.vendor, row.surface, row.missing)


def test_emulated_operations_come_from_the_route_tables(rows):
    by = {(r.vendor, r.surface): r for r in rows}
    # a TalentLMS action is one operation whatever its colon arguments
    assert "ANY /users" in by["talentlms", "rest"].emulated
    assert "GET /v1/users/{}" in by["skilljar", "rest"].emulated
    assert "PUT /v1/users/{}/archive" in by["lessonly", "rest"].emulated
    assert "PATCH /Users/{}" in by["lessonly", "scim"].emulated
    assert "DELETE /Users/{}" not in by["lessonly", "scim"].emulated  # scim_rails routes no DELETE


def test_cli_prints_the_table_and_json():
    runner = CliRunner()
    text = runner.invoke(main, ["coverage"])
    assert text.exit_code == 0, text.output
    assert "talentlms  rest             46        46" in text.output
    data = json.loads(runner.invoke(main, ["coverage", "--vendor", "lessonly", "--format", "json"]).output)
    assert {row["surface"] for row in data} == {"rest", "scim"}
    assert all(row["vendor"] == "lessonly" for row in data)
    bad = runner.invoke(main, ["coverage", "--vendor", "moodle"])
    assert bad.exit_code == 2 and "unknown vendor 'moodle'" in bad.output


def test_documented_tables_match_the_vendor_documents():
    if not SHARED.is_dir():
        pytest.skip("needs the vendor documents in ../shared (the project's shared/ folder) beside the checkout")
    result = subprocess.run([sys.executable, "-m", "tools.documented", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_shows_the_current_table(rows):
    """The README's coverage table is the command's own output, so it cannot go stale."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert coverage.render_markdown(rows) in readme, "README's coverage table is stale: " \
        "lms-emulator coverage --format markdown"
