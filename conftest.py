"""Test support shared by every suite (unit, contract, plugin): each vendor answer a test receives is
checked against that vendor's generated OpenAPI document (``emulator.openapi.conformance``), and a test
that received an answer contradicting its document fails with the list of contradictions.

``LMS_EMULATOR_OPENAPI_CHECK=0`` turns the check off (to bisect a failure, never in CI). A test that
writes state no request could create (straight into a store) says so with
``@pytest.mark.openapi_unchecked(reason=...)``; its answers are then not held to the document.
"""

from __future__ import annotations

import os

import pytest

_ON = os.environ.get("LMS_EMULATOR_OPENAPI_CHECK", "1") != "0"


def pytest_configure(config) -> None:
    if _ON:
        from emulator.openapi import conformance

        conformance.install()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    if not _ON:
        yield
        return
    from emulator.openapi import conformance

    del conformance.violations[:]
    outcome = yield
    found = list(conformance.violations)
    del conformance.violations[:]
    if item.get_closest_marker("openapi_unchecked") is not None:
        return  # the test writes state no request can create (see its marker's reason)
    if found and outcome.excinfo is None:
        shown = "\n  ".join(found[:20])
        more = f"\n  ... and {len(found) - 20} more" if len(found) > 20 else ""
        outcome.force_exception(AssertionError(
            f"{len(found)} answer(s) contradict the generated OpenAPI document:\n  {shown}{more}"))
