"""``lms-emulator serve --from-recordings DIR``: once the vendors are up, each clones its first tenant
from its recordings in DIR through ``POST /_emulator/clone`` (standard library only: the serve parent
stays light)."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request


def clone_running(running, folder: str) -> list[str]:
    """One line per vendor: what was cloned, or why not. Raises RuntimeError if no vendor was."""
    path = os.path.abspath(folder)
    lines, cloned = [], 0
    for item in running:
        request = urllib.request.Request(item.base_url + "/_emulator/clone", method="POST",
                                         data=json.dumps({"path": path}).encode(),
                                         headers={"Content-Type": "application/json"})
        context = item.tls.client_context() if item.tls else None
        try:
            with urllib.request.urlopen(request, timeout=120, context=context) as response:
                answer = json.loads(response.read())
            counts = ", ".join(f"{n} {t}" for t, n in answer["counts"].items() if n)
            lines.append(f"{item.vendor}: tenant {answer['tenant']!r} cloned from recordings ({counts})")
            lines.extend(f"  {line}" for line in answer["report"] if "filled" in line or "kept the latest" in line)
            cloned += 1
        except urllib.error.HTTPError as exc:
            lines.append(f"{item.vendor}: {json.loads(exc.read() or b'{}').get('error', exc)}")
    if not cloned:
        raise RuntimeError(f"no vendor could be cloned from {folder}: " + "; ".join(lines))
    return lines
