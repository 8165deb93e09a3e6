"""The repository stands alone: a copy of its tracked files with no ``../shared`` beside it runs the tests.

Running the whole suite a second time inside the suite would double its time, so the copy runs a bounded
subset that still proves the point: every test module of the suite is collected there (so none needs
``../shared`` to import), and every test that reads Skilljar's own OpenAPI document, the only file the
tests ever took from ``../shared``, runs there: those that need the document skip with one line saying
where to get it, and the rest of those modules pass.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: the test modules (or folders) that read something from ``../shared``
READERS_OF_SHARED = ("contract_tests/skilljar", "tests/test_coverage.py",
                     "tests/vendors/skilljar/test_document_table.py")
SKIP_LINE = "Skilljar's v1 OpenAPI document not found: set LMS_EMULATOR_SKILLJAR_OPENAPI to its path"


def _tracked_files() -> list[str]:
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):  # an export without git: everything but build output
        skip = {".git", ".venv", "__pycache__"}
        return [str(p.relative_to(REPO)) for p in REPO.rglob("*")
                if p.is_file() and not skip & set(p.relative_to(REPO).parts) and ".egg-info" not in str(p)]
    return [name for name in out.decode().split("\0") if name and (REPO / name).is_file()]


def _copy(dest: Path) -> Path:
    for name in _tracked_files():
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    return dest


def _pytest(clone: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k != "LMS_EMULATOR_SKILLJAR_OPENAPI" and not k.startswith(("PYTEST_", "COV_"))}
    env["PYTHONPATH"] = str(clone)  # the copy's own packages, ahead of the editable install
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", *args],
                          cwd=clone, env=env, capture_output=True, text=True, timeout=600)


def test_no_tracked_file_names_a_path_of_this_machine():
    here = str(REPO.parent) + "/"
    found = []
    for name in _tracked_files():
        try:
            text = (REPO / name).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if here in text:
            found.append(name)
    assert found == []


def test_a_copy_without_shared_collects_every_test_and_runs_the_skilljar_document_tests(tmp_path):
    clone = _copy(tmp_path / "lms-emulator")
    assert not (clone.parent / "shared").exists()
    which = subprocess.run([sys.executable, "-c", "import emulator; print(emulator.__file__)"], cwd=clone,
                           env={**os.environ, "PYTHONPATH": str(clone)}, capture_output=True, text=True)
    assert which.stdout.strip() == str(clone / "emulator" / "__init__.py")

    collected = _pytest(clone, "--collect-only")
    assert collected.returncode == 0, collected.stdout[-3000:] + collected.stderr[-3000:]
    assert " tests collected" in collected.stdout.splitlines()[-1]  # and no collection error (returncode 0)

    ran = _pytest(clone, *READERS_OF_SHARED, "-rs")
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    summary = ran.stdout.splitlines()[-1]
    assert " passed" in summary and " skipped" in summary and "failed" not in summary and "error" not in summary
    skips = [line for line in ran.stdout.splitlines() if line.startswith("SKIPPED")]
    skilljar = [line for line in skips if "contract_tests/skilljar" in line]
    assert skilljar and all(SKIP_LINE in line and "csa-skilljar" in line for line in skilljar)
    assert all("../shared" in line for line in skips)  # each skip says where the document is looked for


def test_every_test_that_reads_shared_is_in_the_subset():
    """A new test reading ``../shared`` joins READERS_OF_SHARED, so the copy runs it too."""
    readers = set()
    for name in _tracked_files():
        if name.endswith(".py") and name.startswith(("tests/", "contract_tests/")):
            text = (REPO / name).read_text()
            if '"shared"' in text or "'shared'" in text or ("../shared" in text and "Path" in text):
                readers.add(name)
    covered = {name for name in readers if any(name.startswith(prefix) for prefix in READERS_OF_SHARED)}
    assert readers - {f"tests/{Path(__file__).name}"} == covered
