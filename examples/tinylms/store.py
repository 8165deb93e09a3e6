"""The tables and their indexes; look-ups only (every change goes through ``ops``)."""

from __future__ import annotations

from emulator.core.store import State, TableSpec

from .models import Course, User


class TinyState(State):
    tables = {"users": TableSpec(User, unique={"email": str.lower}), "courses": TableSpec(Course)}
