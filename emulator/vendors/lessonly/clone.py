"""Lessonly state built from recorded objects (issue #11)."""

RECORDED_HOST = "api.lessonly.com"
