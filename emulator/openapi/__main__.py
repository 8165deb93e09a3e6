"""``python -m emulator.openapi [DIR] [--check]``: write every vendor's document to DIR (default
``docs/openapi``), or with ``--check`` only say which committed files differ from the generated ones."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from . import write


def main(argv: list[str]) -> int:
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    folder = Path(args[0] if args else "docs/openapi")
    if not check:
        for path in write(folder):
            print(f"wrote {path}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        stale = [p.name for p in write(tmp) if not (folder / p.name).is_file()
                 or (folder / p.name).read_text(encoding="utf-8") != p.read_text(encoding="utf-8")]
    for name in stale:
        print(f"{folder / name} differs from the generated document: run make openapi", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
