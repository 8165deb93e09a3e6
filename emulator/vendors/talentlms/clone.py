"""TalentLMS state built from recorded objects (issue #11)."""

RECORDED_HOST = "demo.talentlms.com"
