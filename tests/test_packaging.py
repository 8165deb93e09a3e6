"""What an installed package and the Docker image carry: the fixtures, so replay works by vendor name.

The wheel is built for real (pip, offline: no dependencies, the test extra's setuptools) from a copy of the
tracked files, unpacked as pip would unpack it into site-packages, and run from a directory that is not a
checkout. No Docker daemon is assumed, so the image is checked through its Dockerfile, which installs the
same way and proves the fixtures are there at build time.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile


from .replay_cli import replay_process
from .test_standalone_clone import REPO, _copy, _tracked_files


def test_the_wheel_carries_the_fixtures_and_replays_a_vendor_by_name(tmp_path):
    clone = _copy(tmp_path / "src")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", str(tmp_path / "dist"), str(clone)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = (tmp_path / "dist").glob("lms_emulator-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        carried = {name.removeprefix("emulator/") for name in archive.namelist()
                   if name.startswith("emulator/fixtures/")}
        tracked = {name for name in _tracked_files() if name.startswith("fixtures/")}
        assert carried == tracked  # every cassette, schema and the README, nothing else
        site = tmp_path / "site"
        archive.extractall(site)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with replay_process("talentlms", cwd=elsewhere, pythonpath=str(site)) as (base_url, interactions, session):
        health = session.get(base_url + "/_emulator/health", timeout=5).json()
        assert health["mode"] == "replay" and health["interactions"] == interactions > 0
        r = session.get(base_url + "/api/v1/ratelimit/", auth=("k" * 30, ""), timeout=5)
        assert r.status_code == 200 and r.json()["remaining"] == 1999
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run([sys.executable, "-c", "import emulator.cassettes as c; print(c.FIXTURES)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True)
    assert where.stdout.strip() == str(site / "emulator" / "fixtures")


def test_replay_refuses_an_unknown_name_in_one_line(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from emulator.cli import main

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["replay", "moodle"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no such cassette file or directory: moodle"


def test_the_image_installs_the_package_with_its_fixtures_and_runs_it_outside_the_sources():
    text = (REPO / "Dockerfile").read_text()
    copies = re.findall(r"^COPY (.+) (\S+)$", text, re.M)
    assert ("fixtures", "/src/fixtures") in copies and ("emulator", "/src/emulator") in copies
    assert any("setup.py" in src for src, _ in copies)
    install = re.search(r"^RUN pip install.*$", text.replace("\\\n", " "), re.M).group(0)
    assert "rm -rf /src" in install and "vendor_cassettes('talentlms')" in install
