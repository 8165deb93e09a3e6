"""`serve --data-dir`: a data dir it cannot use is one line before anything starts; the Docker image keeps
its state in a volume."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from emulator import vendors
from emulator.config import Config
from emulator.core.emulator import Emulator

from .procs import free_port

ROOT = Path(__file__).resolve().parents[2]


def serve(*args: str, **env: str) -> subprocess.CompletedProcess:
    ports = {f"LMS_EMULATOR_{n.upper()}_PORT": str(free_port()) for n in vendors.available()}
    return subprocess.run([str(Path(sys.executable).parent / "lms-emulator"), "serve", *args],
                          env=dict(os.environ, LMS_EMULATOR_NO_CONSOLE="1", **ports, **env),
                          capture_output=True, text=True, timeout=60)


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def test_a_file_given_as_data_dir_is_one_line(tmp_path):
    path = tmp_path / "not-a-dir"
    path.write_text("x")
    assert one_line_error(serve("--data-dir", str(path))) == f"Error: --data-dir {path} is a file, not a directory"
    assert "is a file" in one_line_error(serve(LMS_EMULATOR_DATA_DIR=str(path)))


def test_a_data_dir_in_use_is_one_line(tmp_path):
    name = list(vendors.available())[0]
    holder = Emulator(vendors.get(name), Config(data_dir=str(tmp_path)))
    try:
        line = one_line_error(serve("--data-dir", str(tmp_path)))
    finally:
        holder.close()
    assert f"{name}.sqlite3 is in use by another lms-emulator" in line


def test_the_docker_image_has_a_data_volume_its_user_can_write():
    text = (ROOT / "Dockerfile").read_text()
    volume = re.search(r'^VOLUME \["(/[^"]+)"\]$', text, re.M)
    assert volume, "the Dockerfile declares a volume"
    path = re.escape(volume.group(1))
    user = re.search(r"^USER (\w+)$", text, re.M).group(1)
    assert re.search(rf"^RUN mkdir {path} && chown {user} {path}$", text, re.M)
    readme = (ROOT / "README.md").read_text()
    assert f"LMS_EMULATOR_DATA_DIR={volume.group(1)}" in readme  # how to turn it on, documented


def test_a_data_dir_and_a_clone_from_recordings_are_refused_together(tmp_path):
    from click.testing import CliRunner

    from emulator.cli import main

    result = CliRunner().invoke(main, ["serve", "--data-dir", str(tmp_path / "data"),
                                       "--from-recordings", str(tmp_path), "--no-console"])
    assert result.exit_code == 2
    assert "--from-recordings and --data-dir do not go together" in result.output
    assert not (tmp_path / "data").exists()
