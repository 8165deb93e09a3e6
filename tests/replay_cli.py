"""`lms-emulator replay … --port 0` as a process, for the tests that run the real command."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from contextlib import contextmanager
from typing import Iterator

import requests


@contextmanager
def replay_process(target: str, cwd=None, pythonpath: str | None = None) -> Iterator[tuple[str, int, requests.Session]]:
    """Yields (base URL, interactions it says it replays, a session that bypasses proxies); stops it with
    SIGTERM and checks it exits cleanly."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **({"PYTHONPATH": pythonpath} if pythonpath else {})}
    process = subprocess.Popen([sys.executable, "-m", "emulator.cli", "replay", target, "--port", "0"], cwd=cwd,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        match = re.search(r"Replaying (\d+) interactions from (\d+) cassettes on (http://\S+)", line)
        assert match, line + process.stderr.read()
        session = requests.Session()
        session.trust_env = False
        yield match.group(3), int(match.group(1)), session
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
