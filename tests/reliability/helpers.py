"""Helpers the reliability tests share."""

from __future__ import annotations


def add_a_user(talentlms) -> dict:
    """Sign one user up through TalentLMS's API; the tenant's row counts after it (checked to have grown)."""
    before = talentlms.tenant.state.counts()
    talentlms.http.post(talentlms.url("/api/v1/usersignup"), data={
        "first_name": "Ada", "last_name": "L", "email": "ada@example.com", "login": "ada",
        "password": "Secret123"}).raise_for_status()
    grown = talentlms.tenant.state.counts()
    assert grown != before
    return grown
