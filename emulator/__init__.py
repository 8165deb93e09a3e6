"""lms-emulator: local, faithful emulators of TalentLMS, Skilljar and Lessonly (REST and SCIM 2.0)."""

__version__ = "0.1.0"
