"""A pytest plugin that logs every vendor answer the suite receives, for refactors that must not change
behaviour: run the suite with it before and after, then compare the two logs.

    ANSWER_LOG_DIR=/tmp/before python -m pytest -p tools.answer_log -n 2 -q
    ANSWER_LOG_DIR=/tmp/after  python -m pytest -p tools.answer_log -n 2 -q
    python -m tools.answer_log /tmp/before /tmp/after

Each answer is logged under the test that received it, with the request that asked for it (method,
path, query, body hash) and what a client sees of the answer (status, headers, body hash). The
comparison treats each test's answers as a multiset, so tests whose threads interleave still compare.
Values that change from run to run of the same code (timestamps, UUIDs, random tokens, Rails'
``X-Runtime``) are masked before comparing (``_VOLATILE``); answers that still differ between two runs of
the same code are reported as noise when a third log of the unchanged code is given:
``python -m tools.answer_log BEFORE AFTER BEFORE2``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import threading
from collections import Counter
from pathlib import Path

_IGNORED_HEADERS = {"date", "server"}
#: run-to-run values, masked in bodies and header values: ISO and vendor date-times, epoch seconds or
#: milliseconds, UUIDs, long hex or base36/62 tokens (keys, ETags of time-stamped bodies)
_VOLATILE = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{4},? \d{1,2}:\d{2}(:\d{2})?"
    r"|\b1[6-9]\d{8}(\d{3})?(\.\d+)?\b"
    r"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"|\b(?=[0-9A-Za-z_-]*[0-9])(?=[0-9A-Za-z_-]*[A-Za-z])[0-9A-Za-z_-]{20,}\b"
    r"|(?<=x-runtime\", \")[0-9.]+"
    r"|(?<=127\.0\.0\.1:)[0-9]+|(?<=localhost:)[0-9]+"  # ephemeral ports in URLs
)


def _mask(text: str) -> str:
    return _VOLATILE.sub("~", text)
_lock = threading.Lock()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def pytest_configure(config) -> None:
    out = os.environ.get("ANSWER_LOG_DIR")
    if not out:
        return
    from emulator.core import app as core_app

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    path = Path(out) / f"{worker}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    sink = path.open("a", encoding="utf-8")
    original = core_app.JournalMiddleware.__call__

    def logged(self, environ, start_response):
        body = environ["wsgi.input"].read() if environ.get("wsgi.input") is not None else b""
        import io

        environ["wsgi.input"] = io.BytesIO(body)
        seen: dict = {}

        def capture(status, headers, exc_info=None):
            seen["status"] = status
            seen["headers"] = headers
            return start_response(status, headers, exc_info)

        result = original(self, environ, capture)
        if environ.get("emulator.drop"):
            return result  # a dropped connection: nothing was answered
        chunks = list(result)
        if hasattr(result, "close"):
            result.close()
        out_bytes = b"".join(chunks)
        if "status" in seen:
            line = {
                "test": os.environ.get("PYTEST_CURRENT_TEST", "?").rsplit(" (", 1)[0],
                "vendor": self.emulator.vendor.name,
                "request": [environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"),
                            environ.get("QUERY_STRING", ""), _digest(body)],
                "status": seen["status"],
                "headers": sorted([k.lower(), v] for k, v in seen["headers"] if k.lower() not in _IGNORED_HEADERS),
                "body": _digest(out_bytes),
                "masked": _digest(_mask(out_bytes.decode("utf-8", "replace")).encode()),
                **({"text": _mask(out_bytes.decode("utf-8", "replace"))[:2000]}
                   if os.environ.get("ANSWER_LOG_BODIES") else {}),
            }
            with _lock:
                sink.write(json.dumps(line, sort_keys=True) + "\n")
                sink.flush()
        return chunks

    core_app.JournalMiddleware.__call__ = logged


def load(directory: str) -> dict[str, Counter]:
    """test -> multiset of its answers, with run-to-run values masked (content-length included, since a
    masked value may have had another length)."""
    tests: dict[str, Counter] = {}
    for file in sorted(Path(directory).glob("*.jsonl")):
        for raw in file.read_text(encoding="utf-8").splitlines():
            entry = json.loads(raw)
            key = entry.pop("test")
            entry.pop("text", None)
            body = entry.pop("body")
            entry["body"] = entry.pop("masked", body)
            entry["headers"] = [[k, "~" if k in ("content-length", "x-runtime") else _mask(v)]
                                for k, v in entry["headers"]]
            tests.setdefault(key, Counter())[json.dumps(entry, sort_keys=True)] += 1
    return tests


def differing(a: dict[str, Counter], b: dict[str, Counter]) -> set[str]:
    return {t for t in set(a) | set(b) if a.get(t) != b.get(t)}


def main(argv: list[str]) -> int:
    before, after = load(argv[0]), load(argv[1])
    noise = differing(before, load(argv[2])) if len(argv) > 2 else set()
    changed = sorted(differing(before, after) - noise)
    answers = sum(sum(c.values()) for c in before.values())
    print(f"{len(before)} tests, {answers} answers before; {len(noise)} tests are noisy between identical runs")
    for test in changed:
        gone = before.get(test, Counter()) - after.get(test, Counter())
        new = after.get(test, Counter()) - before.get(test, Counter())
        print(f"CHANGED {test}")
        for entry in list(gone)[:3]:
            print(f"  - {entry[:400]}")
        for entry in list(new)[:3]:
            print(f"  + {entry[:400]}")
    print(f"{len(changed)} tests answered differently")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
