"""Small, emulator-independent API clients written from the vendors' own documentation."""
