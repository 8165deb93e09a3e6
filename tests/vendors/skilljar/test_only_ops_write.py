"""Every change to a Skilljar tenant's rows goes through ``ops`` (so it publishes its event): no other
module of the package (the seed aside) calls a table's insert, update or delete."""

from __future__ import annotations

import ast
from pathlib import Path

import emulator.vendors.skilljar as package
from emulator.vendors.skilljar.store import SkilljarState

ROOT = Path(package.__file__).parent
WRITES = {"insert", "update", "delete", "clear", "load"}
ALLOWED = {"seed.py", "seed"}  # the seed role (a module or a package) builds a fresh state before any tenant serves it


def table_writes(source: str) -> list[tuple[int, str]]:
    """(line, call) for each ``<...>.<table>.<write>(...)`` or ``<...>.table(name).<write>(...)``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES):
            continue
        target = node.func.value
        named = isinstance(target, ast.Attribute) and target.attr in SkilljarState.tables
        by_name = (isinstance(target, ast.Call) and isinstance(target.func, ast.Attribute)
                   and target.func.attr == "table")
        if named or by_name:
            found.append((node.lineno, ast.unparse(node.func)))
    return found


def test_the_check_sees_a_direct_write():
    assert table_writes("st.users.update(user, email='x')\nstate.table('groups').delete(row)\n") == [
        (1, "st.users.update"), (2, "state.table('groups').delete")]
    assert table_writes("headers.update({'a': 'b'})\nst.users.get(key)\n") == []


def test_only_ops_write_tables():
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] == "ops" or relative.parts[0] in ALLOWED:
            continue
        offenders += [f"{relative}:{line} {call}" for line, call in table_writes(path.read_text())]
    assert offenders == []


def test_ops_do_write_tables():
    writes = [w for path in (ROOT / "ops").rglob("*.py") for w in table_writes(path.read_text())]
    assert len(writes) > 20
