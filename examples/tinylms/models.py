"""Tiny LMS's objects, as plain dataclasses (one row of a table each)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class User:
    id: int
    email: str
    first_name: str
    last_name: str
    login: str
    created: float
    status: str = "active"


@dataclass
class Course:
    id: int
    name: str
