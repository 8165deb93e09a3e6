"""A fixed instant for the console's frozen-clock tests."""

FIXED_NOW = 1_767_225_600.0 + 7 * 86400 + 100  # an instant 100 s into an hour: windows do not turn over
