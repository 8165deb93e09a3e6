"""Skilljar state built from recorded objects (issue #11)."""

RECORDED_HOST = "api.skilljar.com"
