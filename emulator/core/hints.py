"""X-Emulator-Hint: (method, path pattern) → the vendor's real route, from data each vendor supplies.

Third-party guides describe request forms the vendors do not have. The emulator answers those the
way the vendor would and adds this header, so an integrator sees at once where the real route is.
"""

from __future__ import annotations

import re

from .vendor import Hint

HEADER = "X-Emulator-Hint"


class Hints:
    def __init__(self, hints: list[Hint]) -> None:
        self._compiled = [(h.method.upper(), re.compile(h.pattern), h.text) for h in hints]

    def find(self, method: str, path: str) -> str | None:
        method = method.upper()
        for want, pattern, text in self._compiled:
            if (want == "*" or want == method) and pattern.fullmatch(path):
                return text
        return None
